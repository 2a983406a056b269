import {expect, test} from 'vitest';
import {type Chunk, ModelNotSupportedError, ProviderError, ResponseError, parsePartialJson} from '../../src/index.js';
import {chunk, collect, jsonHandler, sse, streamHandler, textOf, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// One chat from response to result: a JSON answer is complete without a finish reason, what comes after the last
// event (usage) is not handed out after an abort, and the returned result holds what was yielded.

const server = useServer();
const messages = [{role: 'user' as const, content: 'hi'}];
const base = () => `${server().url}/v1`;

test('a JSON answer without a finish reason is complete: its text, usage, no error', async () => {
	server().setHandler(
		jsonHandler(200, {
			model: 'm',
			choices: [{message: {content: 'whole'}}],
			usage: {prompt_tokens: 2, completion_tokens: 3, total_tokens: 5},
		}),
	);
	const {chunks, error} = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base()}));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('whole');
	expect(chunks.at(-1)).toEqual({
		type: 'usage',
		promptTokens: 2,
		completionTokens: 3,
		totalTokens: 5,
		raw: {prompt_tokens: 2, completion_tokens: 3, total_tokens: 5},
	});
	expect(chunks.some(item => typeof item === 'object' && item.type === 'finish')).toBe(false);
});

test('usage held back to the end of a stream is not handed out after an abort', async () => {
	server().setHandler(
		streamHandler([
			sse([
				chunk({content: 'a'}),
				chunk({}, {}, 'stop'),
				chunk(undefined, {choices: [], usage: {prompt_tokens: 1, completion_tokens: 1, total_tokens: 2}}),
			]),
		]),
	);
	const controller = new AbortController();
	const reason = new Error('enough');
	const seen: unknown[] = [];
	let caught: unknown;
	try {
		for await (const item of Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: base(),
			signal: controller.signal,
		})) {
			seen.push(item);
			if (typeof item === 'object' && item.type === 'finish') controller.abort(reason);
		}
	} catch (error) {
		caught = error;
	}

	expect(caught).toBe(reason);
	expect(seen.some(item => typeof item === 'object' && (item as {type: string}).type === 'usage')).toBe(false);
});

/** Runs a generator to its end and gives back what it returned (not what `collect` rebuilds from the chunks). */
async function returned<T, R>(generator: AsyncGenerator<T, R>): Promise<R> {
	for (;;) {
		const step = await generator.next();
		if (step.done) return step.value;
	}
}

test('the value the generator returns holds the streamed answer, usage and finish reason', async () => {
	server().setHandler(
		streamHandler([
			sse([
				chunk({content: 'he'}),
				chunk({content: 'llo'}, {}, 'stop'),
				chunk(undefined, {choices: [], usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3}}),
			]),
		]),
	);
	const result = await returned(Local.createAsyncGenerator('', messages, {stream: true, baseUrl: base()}));
	expect(result).toMatchObject({
		text: 'hello',
		finishReason: 'stop',
		usage: {type: 'usage', totalTokens: 3},
		provider: {name: 'Local', model: 'gpt-4o-mini'},
	});
	server().setHandler(jsonHandler(200, {choices: [{message: {content: 'whole'}, finish_reason: 'length'}]}));
	const json = await returned(Local.createAsyncGenerator('', messages, {baseUrl: base()}));
	expect(json).toMatchObject({text: 'whole', finishReason: 'length'});
	class Painter extends Local {
		static override imageModels = ['paint-1'];
	}

	server().setHandler(jsonHandler(200, {data: [{url: 'u1'}]}));
	const images = await returned(Painter.createAsyncGenerator('paint-1', messages, {baseUrl: base()}));
	expect(images).toMatchObject({images: ['u1'], provider: {name: 'Painter', model: 'paint-1'}});
});

test('usage counts that are no finite numbers count as 0; a total that is no number is the sum; usage wins over x_groq', async () => {
	const cases: Array<[Record<string, unknown>, unknown]> = [
		[
			{usage: {prompt_tokens: '3', completion_tokens: 4, total_tokens: '7'}},
			{type: 'usage', promptTokens: 0, completionTokens: 4, totalTokens: 4},
		],
		[
			{usage: {prompt_tokens: 'INFINITY', completion_tokens: null, total_tokens: 0}},
			{type: 'usage', promptTokens: 0, completionTokens: 0, totalTokens: 0},
		],
		[
			{usage: {prompt_tokens: 1, completion_tokens: 1}, x_groq: {usage: {prompt_tokens: 9, completion_tokens: 9}}},
			{type: 'usage', promptTokens: 1, completionTokens: 1, totalTokens: 2},
		],
		[
			{x_groq: {usage: {prompt_tokens: 2, completion_tokens: 5}}},
			{type: 'usage', promptTokens: 2, completionTokens: 5, totalTokens: 7},
		],
		[{x_groq: {usage: 'n/a'}}, undefined],
		[{x_groq: 'n/a'}, undefined],
	];
	for (const [extra, usage] of cases) {
		// 1e400 parses as Infinity: JSON itself cannot say it.
		const body = JSON.stringify({choices: [{message: {content: 'x'}, finish_reason: 'stop'}], ...extra}).replace(
			'"INFINITY"',
			'1e400',
		);
		server().setHandler(jsonHandler(200, body));
		const {chunks} = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base()}));
		const found = chunks.find(item => typeof item === 'object' && item.type === 'usage');
		// `raw` is the object the counts were read from, as parsed.
		const sent = JSON.parse(body);
		const raw = typeof sent.usage === 'object' ? sent.usage : sent.x_groq?.usage;
		expect(found, JSON.stringify(extra)).toEqual(usage && {...usage, raw});
	}
});

test('an abort while media are being read: the reason, and nothing is sent', async () => {
	server().setHandler(streamHandler([sse([chunk({content: 'seen'}, {}, 'stop')])]));
	server().requests.length = 0;
	const controller = new AbortController();
	const reason = new Error('changed my mind');
	// A Blob whose bytes are read after the request was checked: the caller aborts meanwhile.
	class SlowBlob extends Blob {
		override async arrayBuffer(): Promise<ArrayBuffer> {
			controller.abort(reason);
			return super.arrayBuffer();
		}
	}

	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: base(),
			signal: controller.signal,
			media: [new SlowBlob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], {type: 'image/png'})],
		}),
	);
	expect(error).toBe(reason);
	expect(server().requests).toHaveLength(0);
});

test('refusals before sending name the provider: a provider marked not working, a model outside a list', async () => {
	class Down extends Local {
		static override label = 'Down';
		static override working = false;
	}

	class Listed extends Local {
		static override label = 'Listed';
		static override models = ['only-this'];
	}

	server().requests.length = 0;
	const down = await collect(Down.createAsyncGenerator('', messages, {baseUrl: base()}));
	expect(down.error).toBeInstanceOf(ProviderError);
	expect(down.error.provider).toBe('Down');
	// `checkModel: null` is no option given: the list is checked, as by default.
	const unlisted = await collect(
		Listed.createAsyncGenerator('other', messages, {baseUrl: base(), checkModel: null as unknown as boolean}),
	);
	expect(unlisted.error).toBeInstanceOf(ModelNotSupportedError);
	expect(unlisted.error.provider).toBe('Listed');
	expect(server().requests).toHaveLength(0);
});

test('partialObjects: after each text chunk that changes the value, a partial_object; reasoning and other chunks are not parsed', async () => {
	server().setHandler(
		streamHandler([
			sse([
				chunk({reasoning_content: 'thinking'}, {model: 'm'}),
				chunk({content: '{"city":"Pa'}),
				chunk({content: 'ris",'}),
				chunk({content: ' '}),
				chunk({content: '"tempC":21}'}, {}, 'stop'),
			]),
		]),
	);
	const seen: unknown[] = [];
	for await (const item of Local.createAsyncGenerator('', messages, {
		stream: true,
		baseUrl: base(),
		partialObjects: parsePartialJson,
	})) {
		// The object is the parser's own, updated in place: a snapshot of each.
		seen.push(typeof item === 'object' && item.type === 'partial_object' ? structuredClone(item) : item);
	}

	expect(seen).toEqual([
		{type: 'provider', name: 'Local', model: 'm', url: server().url},
		{type: 'reasoning', text: 'thinking', field: 'reasoning_content'},
		'{"city":"Pa',
		{type: 'partial_object', object: {city: 'Pa'}},
		'ris",',
		{type: 'partial_object', object: {city: 'Paris'}},
		// Whitespace changes nothing: no partial object after it.
		' ',
		'"tempC":21}',
		{type: 'partial_object', object: {city: 'Paris', tempC: 21}},
		{type: 'finish', reason: 'stop'},
	]);

	// Any factory of `push(delta)` parsers: it is fed the answer text only, never reasoning or other chunks.
	const pushed: unknown[] = [];
	const recording = () => ({
		push(delta: string) {
			pushed.push(delta);
			return pushed.length;
		},
	});
	const chunks: Chunk[] = [];
	for await (const item of Local.createAsyncGenerator('', messages, {
		stream: true,
		baseUrl: base(),
		partialObjects: recording,
	}))
		chunks.push(item);
	expect(pushed).toEqual(['{"city":"Pa', 'ris",', ' ', '"tempC":21}']);
	expect(chunks.filter(item => typeof item === 'object' && item.type === 'partial_object')).toEqual([
		{type: 'partial_object', object: 1},
		{type: 'partial_object', object: 2},
		{type: 'partial_object', object: 3},
		{type: 'partial_object', object: 4},
	]);
});

test("the server handler's keep-nothing key (a registered symbol): every chunk is handed out, nothing is returned", async () => {
	server().setHandler(
		streamHandler([
			sse([
				chunk({content: 'he'}, {model: 'm'}),
				chunk({content: 'llo'}, {}, 'stop'),
				chunk(undefined, {choices: [], usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3}}),
			]),
		]),
	);
	const keepNothing = Symbol.for('cablyai.internal.keepNothing');
	const options = {stream: true, baseUrl: base(), [keepNothing]: true};
	const generator = Local.createAsyncGenerator('', messages, options);
	const chunks: unknown[] = [];
	for (let step = await generator.next(); ; step = await generator.next()) {
		if (step.done) {
			expect(step.value).toBeUndefined();
			break;
		}

		chunks.push(step.value);
	}

	expect(textOf(chunks)).toBe('hello');
	expect(chunks.at(-1)).toMatchObject({type: 'usage', totalTokens: 3});
	// Without the key, the same answer is returned whole.
	expect(await returned(Local.createAsyncGenerator('', messages, {stream: true, baseUrl: base()}))).toMatchObject({
		text: 'hello',
	});
});

test('an image answer without a body (204) is unreadable: the provider chunk, then a ResponseError quoting nothing', async () => {
	class Painter extends Local {
		static override label = 'Painter';
		static override imageModels = ['paint-1'];
	}

	server().setHandler((_request, response) => {
		response.writeHead(204).end();
	});
	const {chunks, error} = await collect(Painter.createAsyncGenerator('paint-1', messages, {baseUrl: base()}));
	expect(chunks).toEqual([{type: 'provider', name: 'Painter', model: 'paint-1', url: server().url}]);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe('Painter: unreadable response data (empty body)');
});
