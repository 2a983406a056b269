import {afterAll, beforeAll, expect, test} from 'vitest';
import {
	CablyAI,
	MissingAuthError,
	ModelNotSupportedError,
	OpenaiTemplate,
	type CreateOptions,
} from '../../src/index.js';
import {
	chunk,
	collect,
	jsonHandler,
	sleep,
	sse,
	startServer,
	streamHandler,
	textOf,
	type TestServer,
} from '../helpers/fake-openai.js';

const messages = [
	{role: 'system' as const, content: 'be brief'},
	{role: 'user' as const, content: 'hi'},
];
let server: TestServer;
const okStream = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);
beforeAll(async () => {
	server = await startServer(okStream);
});
afterAll(async () => server.close());

function reset(handler = okStream) {
	server.setHandler(handler);
	server.requests.length = 0;
}

test('options map to wire names; null/undefined are omitted; extraBody goes last, verbatim', async () => {
	reset();
	const options: CreateOptions = {
		apiKey: 'k',
		stream: true,
		baseUrl: `${server.url}/v1/`,
		temperature: 0.2,
		maxTokens: 50,
		topP: null,
		stop: ['\n'],
		seed: undefined,
		user: 'u1',
		tools: [{type: 'function', function: {name: 'f', parameters: {type: 'object'}}}],
		toolChoice: 'auto',
		parallelToolCalls: false,
		responseFormat: {type: 'json_object'},
		reasoningEffort: 'low',
		extraBody: {temperature: 0.9, top_k: 3, metadata: null},
	};
	const snapshot = structuredClone(options);
	await collect(CablyAI.createAsyncGenerator('gpt-4o-mini', messages, options));
	expect(server.requests[0]!.url).toBe('/v1/chat/completions');
	expect(server.requests[0]!.json).toEqual({
		model: 'gpt-4o-mini',
		messages,
		stream: true,
		stream_options: {include_usage: true},
		temperature: 0.9,
		max_tokens: 50,
		stop: ['\n'],
		user: 'u1',
		tools: [{type: 'function', function: {name: 'f', parameters: {type: 'object'}}}],
		tool_choice: 'auto',
		parallel_tool_calls: false,
		response_format: {type: 'json_object'},
		reasoning_effort: 'low',
		top_k: 3,
		metadata: null,
	});
	expect(options).toEqual(snapshot);
});

// README "Options": the automatic `stream_options.include_usage` of a stream is turned off through `extraBody`, for
// servers that reject the field: `undefined` leaves it out of the body, `{include_usage: false}` sends that instead.
test('extraBody turns off the automatic stream_options of a stream: undefined drops it, a value replaces it', async () => {
	const sent = async (extraBody: CreateOptions['extraBody']) => {
		reset();
		await collect(
			CablyAI.createAsyncGenerator('gpt-4o-mini', messages, {
				apiKey: 'k',
				baseUrl: `${server.url}/v1`,
				stream: true,
				extraBody,
			}),
		);
		return server.requests[0]!.json;
	};

	expect(await sent({stream_options: undefined})).not.toHaveProperty('stream_options');
	expect((await sent({stream_options: undefined})).stream).toBe(true);
	expect((await sent({stream_options: {include_usage: false}})).stream_options).toEqual({include_usage: false});
	expect((await sent(undefined)).stream_options).toEqual({include_usage: true});
});

test('a JSON request asks for JSON and no stream_options', async () => {
	reset(jsonHandler(200, {model: 'gpt-4o-mini', choices: [{message: {content: 'whole'}, finish_reason: 'stop'}]}));
	const {chunks} = await collect(
		CablyAI.createAsyncGenerator('gpt-4o-mini', messages, {apiKey: 'k', baseUrl: `${server.url}/v1`}),
	);
	expect(textOf(chunks)).toBe('whole');
	const [request] = server.requests;
	expect(request!.json.stream).toBe(false);
	expect(request!.json).not.toHaveProperty('stream_options');
	expect(request!.headers.accept).toBe('application/json');
});

test("headers: Accept by mode, Authorization, the seed's browser-like headers from Node, caller headers last", async () => {
	reset();
	await collect(
		CablyAI.createAsyncGenerator('', messages, {
			apiKey: 'sk-1',
			stream: true,
			baseUrl: `${server.url}/v1`,
			headers: {'x-trace': 't1', 'accept-language': 'de', 'User-Agent': null},
		}),
	);
	const {headers} = server.requests[0]!;
	expect(headers.accept).toBe('text/event-stream');
	expect(headers['content-type']).toBe('application/json');
	expect(headers.authorization).toBe('Bearer sk-1');
	expect(headers.origin).toBe('https://cablyai.com');
	expect(headers.referer).toBe('https://cablyai.com/chat');
	expect(headers['accept-language']).toBe('de');
	expect(headers['x-trace']).toBe('t1');
	// Removed by the caller: the runtime's own default User-Agent goes out instead of the seed's.
	expect(headers['user-agent']).not.toContain('Windows NT 10.0');
});

test('apiEndpoint overrides the whole chat URL', async () => {
	reset();
	await collect(
		CablyAI.createAsyncGenerator('', messages, {apiKey: 'k', stream: true, apiEndpoint: `${server.url}/custom/chat`}),
	);
	expect(server.requests[0]!.url).toBe('/custom/chat');
});

test('missing key: MissingAuthError before any request', async () => {
	reset();
	const {error} = await collect(
		CablyAI.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server.url}/v1`}),
	);
	expect(error).toBeInstanceOf(MissingAuthError);
	expect(error.message).toContain('https://cablyai.com');
	expect(server.requests).toHaveLength(0);
});

test('bad arguments: a TypeError before any request', async () => {
	reset();
	const bad: Array<[unknown, unknown, unknown, RegExp]> = [
		['m', [], {}, /messages` is empty/],
		['m', 'hi', {}, /must be an array/],
		['m', [{role: 'robot', content: 'x'}], {}, /role must be one of/],
		['m', messages, {maxTokens: -1}, /maxTokens/],
		['m', messages, {fetch: 'nope'}, /fetch/],
		[42, messages, {}, /model/],
		['m', messages, {timeout: -5}, /timeout/],
		['m', messages, {apiKey: 'sk-PASTED-WITH-NEWLINE\n'}, /line break/],
	];
	for (const [model, list, options, message] of bad) {
		const {error} = await collect(
			// @ts-expect-error wrong on purpose
			CablyAI.createAsyncGenerator(model, list, {apiKey: 'k', baseUrl: `${server.url}/v1`, ...(options as object)}),
		);
		expect(error).toBeInstanceOf(TypeError);
		expect(error.message).toMatch(message);
		expect(error.message).not.toContain('sk-PASTED');
	}

	expect(server.requests).toHaveLength(0);
});

class Catalog extends OpenaiTemplate {
	static override get name(): string {
		return 'Catalog';
	}

	static override defaultModel = 'big-1';
	static override modelAliases = {big: 'big-1'};
}

test('getModels reads {data}, {models} and bare arrays of strings or {id}', async () => {
	const shapes = [{data: [{id: 'a', object: 'model'}, {id: 'b'}]}, {models: ['a', 'b']}, [{id: 'a'}, 'b']];
	for (const body of shapes) {
		reset(jsonHandler(200, body));
		expect(await Catalog.getModels({baseUrl: `${server.url}/v1`, apiKey: 'k'})).toEqual(['a', 'b']);
		expect(server.requests[0]!.url).toBe('/v1/models');
		expect(server.requests[0]!.headers.authorization).toBe('Bearer k');
	}
});

test('a fetched model list is checked before sending, per base URL; aliases and default model resolve first', async () => {
	reset(jsonHandler(200, {data: [{id: 'big-1'}, {id: 'small-1'}]}));
	const base = `${server.url}/v2`;
	await Catalog.getModels({baseUrl: base});
	reset();
	const unknown = await collect(Catalog.createAsyncGenerator('nope', messages, {stream: true, baseUrl: base}));
	expect(unknown.error).toBeInstanceOf(ModelNotSupportedError);
	expect(server.requests).toHaveLength(0);

	await collect(Catalog.createAsyncGenerator('big', messages, {stream: true, baseUrl: base}));
	await collect(Catalog.createAsyncGenerator('', messages, {stream: true, baseUrl: base}));
	expect(server.requests.map(request => request.json.model)).toEqual(['big-1', 'big-1']);

	// Another base URL has no known list yet: anything goes.
	reset();
	await collect(Catalog.createAsyncGenerator('nope', messages, {stream: true, baseUrl: `${server.url}/v3`}));
	expect(server.requests).toHaveLength(1);
});

test('checkModel: false sends a model a known list leaves out (aliases still resolve); the list is checked otherwise', async () => {
	reset(jsonHandler(200, {data: [{id: 'big-1'}]}));
	const base = `${server.url}/v4`;
	await Catalog.getModels({baseUrl: base});
	reset();
	const refused = await collect(Catalog.createAsyncGenerator('fresh-model', messages, {stream: true, baseUrl: base}));
	expect(refused.error).toBeInstanceOf(ModelNotSupportedError);
	expect(refused.error.message).toContain('checkModel: false');
	expect(server.requests).toHaveLength(0);

	const sent = await collect(
		Catalog.createAsyncGenerator('fresh-model', messages, {stream: true, baseUrl: base, checkModel: false}),
	);
	expect(sent.error).toBeUndefined();
	await collect(Catalog.createAsyncGenerator('big', messages, {stream: true, baseUrl: base, checkModel: false}));
	expect(server.requests.map(request => request.json.model)).toEqual(['fresh-model', 'big-1']);

	// Static `models` are a known list too.
	class Listed extends OpenaiTemplate {
		static override models = ['only-this'];
	}

	reset();
	expect(
		(await collect(Listed.createAsyncGenerator('other', messages, {stream: true, baseUrl: base}))).error,
	).toBeInstanceOf(ModelNotSupportedError);
	expect(
		(await collect(Listed.createAsyncGenerator('other', messages, {stream: true, baseUrl: base, checkModel: false})))
			.error,
	).toBeUndefined();
	expect(server.requests.map(request => request.json.model)).toEqual(['other']);
});

test('a provider without `url` names the origin of its apiBase in its provider chunk; label names it', async () => {
	reset();
	class Gateway extends OpenaiTemplate {
		static override label = 'My gateway';
		static override apiBase = `${server.url}/v1`;
	}

	const {chunks} = await collect(Gateway.createAsyncGenerator('m', messages, {stream: true}));
	expect(chunks[0]).toEqual({type: 'provider', name: 'My gateway', model: 'gpt-4o-mini', url: server.url});

	class Documented extends Gateway {
		static override url = 'https://gateway.example.com/docs';
	}

	expect((await collect(Documented.createAsyncGenerator('m', messages, {stream: true}))).chunks[0]).toMatchObject({
		name: 'My gateway',
		url: 'https://gateway.example.com/docs',
	});
});

test('a missing key names where to get one, and says nothing of the kind when the provider has no URL', async () => {
	class Keyed extends OpenaiTemplate {
		static override label = 'Keyed';
		static override needsAuth = true;
	}

	const bare = await collect(Keyed.createAsyncGenerator('m', messages, {baseUrl: `${server.url}/v1`}));
	expect(bare.error).toBeInstanceOf(MissingAuthError);
	expect(bare.error.message).toBe('Keyed: an API key is required (`apiKey`)');
	const cably = await collect(CablyAI.createAsyncGenerator('m', messages, {baseUrl: `${server.url}/v1`}));
	expect(cably.error.message).toBe('CablyAI: an API key is required (`apiKey`); get one at https://cablyai.com');
});

test('break in for-await cancels the body: the server sees the socket close', async () => {
	reset(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (let index = 0; index < 200 && !response.destroyed; index++) {
			response.write(sse([chunk({content: `w${index} `})], {done: false}));
			await sleep(20);
		}

		response.end();
	});
	const closed = server.socketClosed();
	let received = 0;
	for await (const item of CablyAI.createAsyncGenerator('', messages, {
		apiKey: 'k',
		stream: true,
		baseUrl: `${server.url}/v1`,
	})) {
		if (typeof item === 'string' && ++received === 3) break;
	}

	await closed;
	expect(received).toBe(3);
});

test("abort mid-stream rejects with the signal's reason and closes the socket", async () => {
	reset(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (let index = 0; index < 200 && !response.destroyed; index++) {
			response.write(sse([chunk({content: 'x'})], {done: false}));
			await sleep(20);
		}

		response.end();
	});
	const controller = new AbortController();
	const reason = new Error('stopped by user');
	const closed = server.socketClosed();
	const chunks: unknown[] = [];
	let caught: unknown;
	try {
		for await (const item of CablyAI.createAsyncGenerator('', messages, {
			apiKey: 'k',
			stream: true,
			baseUrl: `${server.url}/v1`,
			signal: controller.signal,
		})) {
			chunks.push(item);
			if (chunks.length === 3) controller.abort(reason);
		}
	} catch (error) {
		caught = error;
	}

	expect(caught).toBe(reason);
	await closed;
});

test('no chunk is yielded after abort, even from the same network read', async () => {
	reset(streamHandler([sse([chunk({content: 'a'}), chunk({content: 'b'}), chunk({content: 'c'}, {}, 'stop')])]));
	const controller = new AbortController();
	const reason = new Error('enough');
	const seen: unknown[] = [];
	let caught: unknown;
	try {
		for await (const item of CablyAI.createAsyncGenerator('', messages, {
			apiKey: 'k',
			stream: true,
			baseUrl: `${server.url}/v1`,
			signal: controller.signal,
		})) {
			seen.push(item);
			if (item === 'a') controller.abort(reason);
		}
	} catch (error) {
		caught = error;
	}

	expect(caught).toBe(reason);
	expect(seen.filter(item => typeof item === 'string')).toEqual(['a']);
});

test('abort while waiting for headers, and before start (no request)', async () => {
	const controller = new AbortController();
	reset(async (_request, response) => {
		// Aborted once the request has arrived (not after a fixed time, which a loaded machine may not meet).
		controller.abort('too slow');
		await sleep(1000);
		response.end();
	});
	const waiting = await collect(
		CablyAI.createAsyncGenerator('', messages, {
			apiKey: 'k',
			stream: true,
			baseUrl: `${server.url}/v1`,
			signal: controller.signal,
		}),
	);
	expect(waiting.error).toBe('too slow');
	expect(server.requests).toHaveLength(1);

	reset();
	const early = await collect(
		CablyAI.createAsyncGenerator('', messages, {
			apiKey: 'k',
			stream: true,
			baseUrl: `${server.url}/v1`,
			signal: AbortSignal.abort('never mind'),
		}),
	);
	expect(early.error).toBe('never mind');
	expect(server.requests).toHaveLength(0);
});

test('next() after the end or after an error is harmless', async () => {
	reset(jsonHandler(400, {error: {message: 'bad'}}));
	const generator = CablyAI.createAsyncGenerator('', messages, {apiKey: 'k', baseUrl: `${server.url}/v1`});
	await expect(generator.next()).rejects.toThrow(/bad/);
	await expect(generator.next()).resolves.toEqual({done: true, value: undefined});
});
