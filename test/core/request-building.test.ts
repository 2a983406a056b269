import {expect, test} from 'vitest';
import {
	CablyAI,
	collect as collectResult,
	MissingAuthError,
	OpenaiTemplate,
	ResponseError,
	type Messages,
} from '../../src/index.js';
import {
	chunk,
	collect,
	type Handler,
	jsonHandler,
	sse,
	streamHandler,
	textOf,
	useServer,
} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// How a chat request is built from the provider and the caller's options: stream or JSON, chat or image endpoint,
// headers in every HeadersInit form (checked, merged case-insensitively, removable), base URL rules, the provider's
// name and site, and media added to the last user message.

const answered = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);
const server = useServer(answered);
const messages = [{role: 'user' as const, content: 'hi'}];

function use(handler: Handler = answered): void {
	server().setHandler(handler);
	server().requests.length = 0;
}

const base = () => `${server().url}/v1`;

test('a provider that cannot stream is asked for JSON even when the caller asks for a stream', async () => {
	class NoStream extends Local {
		static override supportsStream = false;
	}

	use(jsonHandler(200, {model: 'm', choices: [{message: {content: 'whole'}, finish_reason: 'stop'}]}));
	const {chunks, error} = await collect(NoStream.createAsyncGenerator('', messages, {stream: true, baseUrl: base()}));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('whole');
	const [request] = server().requests;
	expect(request!.json.stream).toBe(false);
	expect(request!.json).not.toHaveProperty('stream_options');
	expect(request!.headers.accept).toBe('application/json');
});

test('an image model ignores stream and apiEndpoint: {model, prompt} to {base}/images/generations', async () => {
	class Painter extends Local {
		static override imageModels = ['paint-1'];
	}

	use(jsonHandler(200, {data: [{url: 'u1'}]}));
	const {error} = await collect(
		Painter.createAsyncGenerator('paint-1', messages, {
			stream: true,
			baseUrl: base(),
			apiEndpoint: `${server().url}/custom/chat`,
			temperature: 1,
		}),
	);
	expect(error).toBeUndefined();
	const [request] = server().requests;
	expect(request!.url).toBe('/v1/images/generations');
	expect(request!.json).toEqual({model: 'paint-1', prompt: 'hi'});
	expect(request!.headers.accept).toBe('application/json');
});

test('the default image prompt: the text parts of the last user message, one per line; none → empty', async () => {
	class Painter extends Local {
		static override imageModels = ['paint-1'];
	}

	const prompts: Array<[Messages, string]> = [
		[
			[
				{role: 'user', content: 'older request'},
				{
					role: 'user',
					content: [
						{type: 'text', text: 'a fox'},
						{type: 'image_url', image_url: {url: 'data:image/png;base64,AA'}},
						{type: 'text', text: ''},
						{type: 'text', text: 42 as unknown as string},
						{type: 'reasoning', text: 'hidden thought'} as unknown as {type: 'text'; text: string},
						{type: 'text', text: 'in snow'},
					],
				},
				{role: 'assistant', content: 'not this'},
			],
			'a fox\nin snow',
		],
		[[{role: 'system', content: 'only a system message'}], ''],
		// @ts-expect-error content null is outside the type, but JavaScript callers send it and it is accepted
		[[{role: 'user', content: null}], ''],
	];
	for (const [list, prompt] of prompts) {
		use(jsonHandler(200, {data: []}));
		const {chunks} = await collect(Painter.createAsyncGenerator('paint-1', list, {baseUrl: base()}));
		expect(server().requests[0]!.json.prompt).toBe(prompt);
		expect(chunks.at(-1)).toEqual({type: 'images', urls: [], prompt});
	}
});

test('image answers: url or b64_json entries, anything else skipped; a body without a data list is a ResponseError', async () => {
	class Painter extends Local {
		static override imageModels = ['paint-1'];
	}

	use(jsonHandler(200, {data: [{url: 'u1'}, 'u2', null, {b64_json: 'QQ=='}, {url: 5, b64_json: 'Qg=='}, {url: 5}]}));
	const ok = await collect(Painter.createAsyncGenerator('paint-1', messages, {baseUrl: base()}));
	expect(ok.chunks).toEqual([
		{type: 'provider', name: 'Painter', model: 'paint-1', url: server().url},
		{type: 'images', urls: ['u1', 'data:image/png;base64,QQ==', 'data:image/png;base64,Qg=='], prompt: 'hi'},
	]);
	const result = await collectResult(Painter.createAsyncGenerator('paint-1', messages, {baseUrl: base()}));
	expect(result.images).toEqual(['u1', 'data:image/png;base64,QQ==', 'data:image/png;base64,Qg==']);
	expect(result.provider).toMatchObject({name: 'Painter', model: 'paint-1'});

	for (const body of [{data: {url: 'u1'}}, {images: [{url: 'u1'}]}, [{url: 'u1'}]]) {
		use(jsonHandler(200, body));
		const {chunks, error} = await collect(Painter.createAsyncGenerator('paint-1', messages, {baseUrl: base()}));
		expect(error, JSON.stringify(body)).toBeInstanceOf(ResponseError);
		// The reason names the missing list of images (the quoted body says `url` only).
		expect(error.message.replace(/\{.*$/, '')).toMatch(/image/);
		expect(chunks).toEqual([{type: 'provider', name: 'Painter', model: 'paint-1', url: server().url}]);
	}

	use((_request, response) => {
		response.writeHead(204);
		response.end();
	});
	const empty = await collect(Painter.createAsyncGenerator('paint-1', messages, {baseUrl: base()}));
	expect(empty.error).toBeInstanceOf(ResponseError);
	expect(empty.error.message).toBe('Painter: unreadable response data (empty body)');
});

test('a missing key names the provider url when it has no loginUrl', async () => {
	class Keyed extends Local {
		static override label = 'Keyed';
		static override needsAuth = true;
		static override url = 'https://keyed.example/chat';
	}

	use();
	const {error} = await collect(Keyed.createAsyncGenerator('', messages, {baseUrl: base()}));
	expect(error).toBeInstanceOf(MissingAuthError);
	expect(error.provider).toBe('Keyed');
	expect(error.message).toMatch(/https:\/\/keyed\.example\/chat/);
	expect(server().requests).toHaveLength(0);
});

test('headers: names are merged case-insensitively, later layers win, null removes one; the provider layer sits between', async () => {
	class Branded extends Local {
		static override headers = {'X-Brand': 'provider', 'X-Keep': 'provider', 'X-Drop': 'provider'};
	}

	use();
	await collect(
		Branded.createAsyncGenerator('', messages, {
			apiKey: 'sk-key',
			baseUrl: base(),
			headers: {ACCEPT: 'text/plain', 'x-brand': 'caller', 'X-DROP': null, Authorization: undefined},
		}),
	);
	const {headers} = server().requests[0]!;
	expect(headers.accept).toBe('text/plain');
	expect(headers['x-brand']).toBe('caller');
	expect(headers['x-keep']).toBe('provider');
	expect(headers['x-drop']).toBeUndefined();
	expect(headers.authorization).toBeUndefined();
	expect(headers['content-type']).toBe('application/json');

	// [name, value] pairs and a Headers-like object from another fetch implementation (same shape, other class).
	const foreign = {
		forEach(callback: (value: string, name: string) => void) {
			callback('from-foreign', 'x-foreign');
		},
		get: () => null,
	};
	use();
	await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: base(),
			headers: foreign as unknown as Headers,
		}),
	);
	expect(server().requests[0]!.headers['x-foreign']).toBe('from-foreign');
	use();
	await collect(
		Local.createAsyncGenerator('', messages, {
			apiKey: 'sk-key',
			baseUrl: base(),
			headers: [
				['x-pair', 'p'],
				['authorization', null],
			] as unknown as Array<[string, string]>,
		}),
	);
	expect(server().requests[0]!.headers['x-pair']).toBe('p');
	expect(server().requests[0]!.headers.authorization).toBeUndefined();
});

test('header names and values: every token character, tab, Latin-1 and empty values are sent', async () => {
	use();
	const name = "x-a!#$%&'*+.^_`|~9";
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: base(),
			headers: {[name]: 'tab\there', 'x-latin': 'caf\u00E9', 'x-empty': ''},
		}),
	);
	expect(error).toBeUndefined();
	const {headers} = server().requests[0]!;
	expect(headers[name]).toBe('tab\there');
	expect(Buffer.from(headers['x-latin'] as string, 'latin1').toString('latin1')).toBe('caf\u00E9');
	expect(headers['x-empty']).toBe('');
});

test('headers that are no headers: a TypeError naming the header, never its value', async () => {
	const wrong: Array<[unknown, RegExp]> = [
		[{forEach: () => undefined}, /forEach/],
		[{get: () => null}, /\bget\b/],
		[[['x-a', 'v', 'extra']], /headers/],
		[['x-a: v'], /headers/],
		[[[5, 'v']], /\b5\b/],
		[{'': 'v'}, /name/],
		[{[`x-${'a'.repeat(60)}:`]: 'v'}, /name/],
		[{'x-a': 'secret-value\u0001'}, /x-a/],
		[{'x-a': ['secret-value']}, /x-a/],
	];
	use();
	for (const [headers, fact] of wrong) {
		const {error} = await collect(
			Local.createAsyncGenerator('', messages, {baseUrl: base(), headers: headers as Record<string, string>}),
		);
		expect(error, String(fact)).toBeInstanceOf(TypeError);
		expect(error.message).toMatch(fact);
		expect(error.message).not.toContain('secret-value');
		// At most the first 40 characters of a bad name are quoted.
		expect(error.message).not.toContain('a'.repeat(40));
	}

	expect(server().requests).toHaveLength(0);
});

test("in a browser only the caller's headers go out beside Accept, Content-Type and Authorization", async () => {
	const global = globalThis as {document?: unknown};
	use();
	global.document = {};
	try {
		await collect(
			CablyAI.createAsyncGenerator('', messages, {apiKey: 'sk-key', baseUrl: base(), headers: {'x-trace': 't'}}),
		);
	} finally {
		delete global.document;
	}

	const {headers} = server().requests[0]!;
	expect(headers.origin).toBeUndefined();
	expect(headers.referer).toBeUndefined();
	expect(headers['x-trace']).toBe('t');
	expect(headers.authorization).toBe('Bearer sk-key');
	// Outside a browser the seed's headers go out.
	use();
	await collect(CablyAI.createAsyncGenerator('', messages, {apiKey: 'sk-key', baseUrl: base()}));
	expect(server().requests[0]!.headers.origin).toBe('https://cablyai.com');
});

test('apiBase: required without baseUrl, checked as a URL, trailing slashes trimmed; baseUrl replaces it unchecked', async () => {
	class NoBase extends OpenaiTemplate {
		static override label = 'NoBase';
		static override defaultModel = 'm';
	}

	class BadBase extends NoBase {
		static override label = 'BadBase';
		static override apiBase = 'api.example.com/v1';
	}

	class KeyInBase extends NoBase {
		static override label = 'KeyInBase';
		static override apiBase = 'https://user:sk-in-url@api.example.com/v1';
	}

	use();
	const none = await collect(NoBase.createAsyncGenerator('', messages));
	expect(none.error).toBeInstanceOf(TypeError);
	expect(none.error.message).toMatch(/NoBase/);
	expect(none.error.message).toMatch(/apiBase/);
	expect(none.error.message).toMatch(/baseUrl/);
	const bad = await collect(BadBase.createAsyncGenerator('', messages));
	expect(bad.error).toBeInstanceOf(TypeError);
	expect(bad.error.message).toMatch(/BadBase\.apiBase/);
	const keyed = await collect(KeyInBase.createAsyncGenerator('', messages));
	expect(keyed.error).toBeInstanceOf(TypeError);
	expect(keyed.error.message).toMatch(/KeyInBase\.apiBase/);
	expect(keyed.error.message).not.toContain('sk-in-url');
	const models = await NoBase.getModels().catch((error: unknown) => error);
	expect(models).toBeInstanceOf(TypeError);
	expect(server().requests).toHaveLength(0);

	expect((await collect(BadBase.createAsyncGenerator('', messages, {baseUrl: base()}))).error).toBeUndefined();
	class Slashes extends NoBase {
		static override apiBase = `${server().url}/v1///`;
	}

	expect((await collect(Slashes.createAsyncGenerator('', messages))).error).toBeUndefined();
	expect(server().requests.map(request => request.url)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
});

test('the provider name: label, else the class name; an empty label counts as none', async () => {
	class Named extends Local {
		static override label = '';
	}

	use();
	const {chunks} = await collect(Named.createAsyncGenerator('', messages, {stream: true, baseUrl: base()}));
	expect(chunks[0]).toMatchObject({type: 'provider', name: 'Named', url: server().url});
});

test('media: images make a new user message when there is none; parts and null content are kept', async () => {
	const image = 'data:image/png;base64,AA';
	const part = {type: 'image_url', image_url: {url: image}};
	const cases: Array<[Messages, unknown[]]> = [
		[
			[{role: 'system', content: 's'}],
			[
				{role: 'system', content: 's'},
				{role: 'user', content: [part]},
			],
		],
		[
			[{role: 'user', content: [{type: 'text', text: 't'}]}],
			[{role: 'user', content: [{type: 'text', text: 't'}, part]}],
		],
		// @ts-expect-error content null is outside the type, but JavaScript callers send it and it is accepted
		[[{role: 'user', content: null}], [{role: 'user', content: [part]}]],
		[
			[
				{role: 'user', content: 'first'},
				{role: 'assistant', content: 'a'},
			],
			[
				{role: 'user', content: [{type: 'text', text: 'first'}, part]},
				{role: 'assistant', content: 'a'},
			],
		],
	];
	for (const [list, expected] of cases) {
		const snapshot = structuredClone(list);
		use();
		await collect(Local.createAsyncGenerator('', list, {stream: true, baseUrl: base(), media: [[image, 'a.png']]}));
		expect(server().requests[0]!.json.messages).toEqual(expected);
		expect(list).toEqual(snapshot);
	}

	// No media: the messages go out as given.
	use();
	await collect(Local.createAsyncGenerator('', messages, {stream: true, baseUrl: base(), media: []}));
	expect(server().requests[0]!.json.messages).toEqual(messages);
});

test('without caller or provider headers only Accept and Content-Type are added to what the runtime sends', async () => {
	use();
	await collect(Local.createAsyncGenerator('', messages, {baseUrl: base(), headers: undefined}));
	// What Node's fetch adds by itself.
	const runtime = new Set([
		'host',
		'connection',
		'accept-language',
		'accept-encoding',
		'sec-fetch-mode',
		'user-agent',
		'content-length',
		'transfer-encoding',
	]);
	const added = Object.keys(server().requests[0]!.headers).filter(name => !runtime.has(name));
	expect(added.sort()).toEqual(['accept', 'content-type']);
});
