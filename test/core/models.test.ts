import {expect, test} from 'vitest';
import {
	MissingAuthError,
	ModelNotSupportedError,
	OpenaiTemplate,
	ResponseError,
	TimeoutError,
} from '../../src/index.js';
import {chunk, collect, type Handler, sleep, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// Model resolution and getModels(): what the list request sends, which list shapes are read, and how a known list
// (static or fetched per provider and base URL) decides what may be sent.

const answered = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);
const server = useServer(answered);
const messages = [{role: 'user' as const, content: 'hi'}];

function use(handler: Handler): void {
	server().setHandler(handler);
	server().requests.length = 0;
}

const json =
	(body: string, status = 200): Handler =>
	(_request, response) => {
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(body);
	};

/** A fresh provider class per test: fetched lists are remembered per class. */
function provider(name: string, fields: Partial<Record<'defaultModel' | 'models' | 'imageModels', unknown>> = {}) {
	return class extends OpenaiTemplate {
		static override label = name;
		static override defaultModel = (fields.defaultModel as string) ?? '';
		static override models = (fields.models as string[]) ?? [];
		static override imageModels = (fields.imageModels as string[]) ?? [];
	};
}

test('getModels sends a GET for JSON to {base}/models with the key, the caller headers and fetch', async () => {
	use(json('{"data":[{"id":"a"}]}'));
	let fetched = 0;
	const counting: typeof fetch = async (input, init) => {
		fetched++;
		return fetch(input, init);
	};
	const ids = await provider('Lister').getModels({
		baseUrl: `${server().url}/v1//`,
		apiKey: 'sk-list',
		headers: {'x-trace': 't'},
		fetch: counting,
	});
	expect(ids).toEqual(['a']);
	expect(fetched).toBe(1);
	const [request] = server().requests;
	expect(request).toMatchObject({method: 'GET', url: '/v1/models'});
	expect(request!.headers).toMatchObject({accept: 'application/json', authorization: 'Bearer sk-list', 'x-trace': 't'});
});

test('getModels keeps string ids and {id: string} entries only, and prefers `data` to `models`', async () => {
	const cases: Array<[string, string[]]> = [
		['[{"id":"a"},{"id":5},3,null,"",{"id":""},"b",{"name":"x"},["c"]]', ['a', 'b']],
		['{"data":null,"models":["m1"]}', ['m1']],
		['{"data":["d1"],"models":["m1"]}', ['d1']],
		['{"data":[]}', []],
	];
	for (const [body, ids] of cases) {
		use(json(body));
		expect(await provider('Shapes').getModels({baseUrl: `${server().url}/v1`}), body).toEqual(ids);
	}
});

test('a model list that is no list: ResponseError with the status, never an empty list', async () => {
	for (const body of ['{"data":"a,b"}', '{"object":"list"}', '"a"', 'null', 'models: a, b', '']) {
		use(json(body));
		const error = await provider('Broken')
			.getModels({baseUrl: `${server().url}/v1`})
			.catch((error: unknown) => error);
		expect(error, body).toBeInstanceOf(ResponseError);
		expect((error as ResponseError).status, body).toBe(200);
		expect((error as ResponseError).provider).toBe('Broken');
		expect((error as Error).message).toMatch(/model/i);
	}

	use((_request, response) => {
		response.writeHead(204);
		response.end();
	});
	const empty = await provider('Empty')
		.getModels({baseUrl: `${server().url}/v1`})
		.catch((error: unknown) => error);
	expect(empty).toBeInstanceOf(ResponseError);
	expect((empty as ResponseError).status).toBe(204);
});

test('getModels: HTTP errors are the library errors, and an abort rejects with its reason', async () => {
	use(json('{"error":{"message":"bad key"}}', 401));
	const error = await provider('Auth')
		.getModels({baseUrl: `${server().url}/v1`, retry: 0})
		.catch((error: unknown) => error);
	expect(error).toBeInstanceOf(MissingAuthError);
	expect((error as MissingAuthError).status).toBe(401);

	// The server never answers: only the abort can end the request.
	use(() => undefined);
	const controller = new AbortController();
	const pending = provider('Abort')
		.getModels({baseUrl: `${server().url}/v1`, signal: controller.signal})
		.catch((error: unknown) => error);
	while (server().requests.length === 0) await sleep(5);
	controller.abort('user left');
	expect(await pending).toBe('user left');
});

test('a model list that trickles forever ends with TimeoutError naming the timeout, and the connection closes', async () => {
	use(async (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('{"data":[');
		while (!response.destroyed) {
			response.write(' ');
			await sleep(20);
		}
	});
	const closed = server().socketClosed();
	const error = await provider('Slow')
		.getModels({baseUrl: `${server().url}/v1`, timeout: 300})
		.catch((error: unknown) => error);
	expect(error).toBeInstanceOf(TimeoutError);
	expect((error as TimeoutError).provider).toBe('Slow');
	expect((error as Error).message).toMatch(/300/);
	expect((error as Error).message).toMatch(/model/i);
	await closed;
});

test('a list fetched for one base URL is kept beside the lists of other base URLs, per provider class', async () => {
	const Fetched = provider('Fetched');
	const Other = provider('Other');
	const one = `${server().url}/one`;
	const two = `${server().url}/two`;
	use(json('{"data":["only-one"]}'));
	await Fetched.getModels({baseUrl: one});
	use(json('{"data":["only-two"]}'));
	await Fetched.getModels({baseUrl: `${two}/`});

	use(answered);
	const wrongBase = await collect(Fetched.createAsyncGenerator('only-two', messages, {stream: true, baseUrl: one}));
	expect(wrongBase.error).toBeInstanceOf(ModelNotSupportedError);
	expect(wrongBase.error.provider).toBe('Fetched');
	expect(wrongBase.error.message).toMatch(/only-two/);
	expect(server().requests).toHaveLength(0);
	expect((await collect(Fetched.createAsyncGenerator('only-one', messages, {stream: true, baseUrl: one}))).error).toBe(
		undefined,
	);
	expect((await collect(Fetched.createAsyncGenerator('only-two', messages, {stream: true, baseUrl: two}))).error).toBe(
		undefined,
	);
	// Another class has fetched nothing: no list, anything goes.
	expect((await collect(Other.createAsyncGenerator('anything', messages, {stream: true, baseUrl: one}))).error).toBe(
		undefined,
	);
	expect(server().requests.map(request => [request.url, request.json.model])).toEqual([
		['/one/chat/completions', 'only-one'],
		['/two/chat/completions', 'only-two'],
		['/one/chat/completions', 'anything'],
	]);
});

test('a refused model names it and up to ten known models, with an ellipsis only when there are more', async () => {
	use(answered);
	const ten = Array.from({length: 10}, (_, index) => `model-${String(index).padStart(2, '0')}`);
	const Ten = provider('Ten', {models: ten});
	const few = await collect(Ten.createAsyncGenerator('nope', messages, {baseUrl: `${server().url}/v1`}));
	expect(few.error).toBeInstanceOf(ModelNotSupportedError);
	expect(few.error.message).toMatch(/"nope"/);
	for (const id of ten) expect(few.error.message).toContain(id);
	expect(few.error.message).toMatch(/model-00\W+model-01/);
	expect(few.error.message).not.toContain('…');

	const Twelve = provider('Twelve', {models: [...ten, 'model-10', 'model-11']});
	const many = await collect(Twelve.createAsyncGenerator('nope', messages, {baseUrl: `${server().url}/v1`}));
	expect(many.error).toBeInstanceOf(ModelNotSupportedError);
	expect(many.error.message).toContain('model-09');
	expect(many.error.message).not.toContain('model-10');
	expect(many.error.message).toContain('…');
	expect(server().requests).toHaveLength(0);
});

test('no model and no default model: ModelNotSupportedError before any request', async () => {
	use(answered);
	const {error} = await collect(provider('Bare').createAsyncGenerator('', messages, {baseUrl: `${server().url}/v1`}));
	expect(error).toBeInstanceOf(ModelNotSupportedError);
	expect(error.provider).toBe('Bare');
	expect(error.message).toMatch(/default/);
	expect(server().requests).toHaveLength(0);
});

test('an image model is accepted though the chat list leaves it out', async () => {
	use(json('{"data":[{"url":"https://img.test/1.png"}]}'));
	const Painter = provider('Painter', {models: ['chat-1'], imageModels: ['paint-1']});
	const {chunks, error} = await collect(
		Painter.createAsyncGenerator('paint-1', messages, {baseUrl: `${server().url}/v1`}),
	);
	expect(error).toBeUndefined();
	expect(chunks.at(-1)).toMatchObject({type: 'images', urls: ['https://img.test/1.png']});
	expect(server().requests[0]!.url).toBe('/v1/images/generations');
});

test('names that are Object.prototype members are no aliases: they are sent as given', async () => {
	class Aliased extends OpenaiTemplate {
		static override label = 'Aliased';
		static override modelAliases = {short: 'long-id', blank: ''};
	}

	use(answered);
	for (const model of ['toString', 'constructor', 'short', 'blank'])
		await collect(Aliased.createAsyncGenerator(model, messages, {stream: true, baseUrl: `${server().url}/v1`}));
	expect(server().requests.map(request => request.json.model)).toEqual(['toString', 'constructor', 'long-id', 'blank']);
});
