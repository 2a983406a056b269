import {createServer} from 'node:net';
import {afterEach, expect, test} from 'vitest';
import {
	IterListProvider,
	MissingAuthError,
	ModelNotSupportedError,
	NetworkError,
	OpenaiTemplate,
	ResponseStatusError,
	RetryNoProviderError,
	RotatedProvider,
	collect as collectResult,
	type ChatResult,
	type Chunk,
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

const messages = [{role: 'user' as const, content: 'hi'}];
const servers: TestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
	const server = await startServer(handler);
	servers.push(server);
	return server;
}

/** A provider class standing in for a real service at `base`. */
function provider(
	name: string,
	base: string,
	fields: Partial<Pick<typeof OpenaiTemplate, 'needsAuth' | 'models' | 'modelAliases'>> = {},
): typeof OpenaiTemplate {
	const Provider = class extends OpenaiTemplate {
		static override get name(): string {
			return name;
		}

		static override apiBase = base;
		static override defaultModel = 'm1';
	};
	Object.assign(Provider, fields);
	return Provider;
}

function answer(text: string) {
	return streamHandler([sse([chunk({content: text}, {model: 'm1'}, 'stop')])]);
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

test('falls back after 5xx, connection refused, missing key and unsupported model', async () => {
	const failing = await serve(jsonHandler(503, {error: {message: 'overloaded'}}));
	const working = await serve(answer('from D'));
	const port = await closedPort();
	const providers = [
		provider('A', `${failing.url}/v1`),
		provider('B', `http://127.0.0.1:${port}/v1`),
		provider('C', `${working.url}/v1`, {needsAuth: true}),
		provider('E', `${working.url}/v1`, {models: ['other-model']}),
		provider('D', `${working.url}/v1`),
	];
	const fallback = new IterListProvider(providers);
	const {chunks, error} = await collect(fallback.createAsyncGenerator('m1', messages, {stream: true, retry: 0}));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('from D');
	expect(fallback.lastProvider?.name).toBe('D');
	// Each attempt announces itself first.
	expect(
		chunks
			.filter(
				(item): item is Extract<Chunk, {type: 'provider'}> => typeof item === 'object' && item.type === 'provider',
			)
			.map(item => item.name),
	).toEqual(['A', 'B', 'C', 'E', 'D']);
	expect(failing.requests).toHaveLength(1);
	// C (missing key) and E (unsupported model) never sent a request: only D's reached the working server.
	expect(working.requests).toHaveLength(1);
});

test('no fallback once content has been yielded', async () => {
	const broken = await serve(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.write(sse([chunk({content: 'partial'})], {done: false}));
		await sleep(50);
		response.socket?.destroy();
	});
	const spare = await serve(answer('spare'));
	const fallback = new IterListProvider([provider('A', `${broken.url}/v1`), provider('B', `${spare.url}/v1`)]);
	const {chunks, error} = await collect(fallback.createAsyncGenerator('m1', messages, {stream: true}));
	expect(textOf(chunks)).toBe('partial');
	expect(error).toBeInstanceOf(NetworkError);
	expect(spare.requests).toHaveLength(0);
});

test('rotation starts one provider further on each call', async () => {
	const a = await serve(answer('a'));
	const b = await serve(answer('b'));
	const c = await serve(answer('c'));
	const rotated = new RotatedProvider([
		provider('A', `${a.url}/v1`),
		provider('B', `${b.url}/v1`),
		provider('C', `${c.url}/v1`),
	]);
	const answers: string[] = [];
	for (let call = 0; call < 4; call++) {
		answers.push(textOf((await collect(rotated.createAsyncGenerator('m1', messages, {stream: true}))).chunks));
	}

	expect(answers).toEqual(['a', 'b', 'c', 'a']);
});

test('an abort during fallback stops without trying the next provider', async () => {
	const slow = await serve(async (_request, response) => {
		await sleep(2000);
		response.end();
	});
	const next = await serve(answer('next'));
	const controller = new AbortController();
	const reason = new Error('user stopped');
	setTimeout(() => controller.abort(reason), 100);
	const fallback = new IterListProvider([provider('A', `${slow.url}/v1`), provider('B', `${next.url}/v1`)]);
	const {error} = await collect(
		fallback.createAsyncGenerator('m1', messages, {stream: true, signal: controller.signal}),
	);
	expect(error).toBe(reason);
	expect(next.requests).toHaveLength(0);
});

test('the aggregate error lists every cause and never a key', async () => {
	const key = 'sk-FALLBACK-SECRET-0123456789';
	const echo = await serve(async (request, response) => {
		response.writeHead(500, {'content-type': 'application/json'});
		response.end(
			JSON.stringify({error: {message: `bad request with ${String(request.headers.authorization)}`, code: key}}),
		);
	});
	const fallback = new IterListProvider([
		provider('A', `${echo.url}/v1`),
		provider('B', `${echo.url}/v1`, {needsAuth: true}),
		provider('C', `${echo.url}/v1`, {models: ['x']}),
	]);
	const {error} = await collect(
		fallback.createAsyncGenerator('m1', messages, {stream: true, retry: 0, apiKey: {A: key}}),
	);
	expect(error).toBeInstanceOf(RetryNoProviderError);
	const {errors} = error as RetryNoProviderError;
	expect(Object.keys(errors)).toEqual(['A', 'B', 'C']);
	expect(errors.A).toBeInstanceOf(ResponseStatusError);
	expect(errors.B).toBeInstanceOf(MissingAuthError);
	expect(errors.C).toBeInstanceOf(ModelNotSupportedError);
	for (const text of [
		error.message,
		error.stack,
		JSON.stringify(error),
		JSON.stringify(errors),
		...Object.values(errors).map(item => `${item.message}${item.stack}`),
	]) {
		expect(text).not.toContain(key);
	}
});

test('a per-provider key map sends each key to its own server only', async () => {
	const a = await serve(jsonHandler(500, {error: {message: 'down'}}));
	const b = await serve(answer('ok'));
	const fallback = new IterListProvider([
		provider('A', `${a.url}/v1`, {needsAuth: true}),
		provider('B', `${b.url}/v1`, {needsAuth: true}),
	]);
	const {chunks} = await collect(
		fallback.createAsyncGenerator('m1', messages, {stream: true, retry: 0, apiKey: {A: 'key-a', B: 'key-b'}}),
	);
	expect(textOf(chunks)).toBe('ok');
	expect(a.requests.map(request => request.headers.authorization)).toEqual(['Bearer key-a']);
	expect(b.requests.map(request => request.headers.authorization)).toEqual(['Bearer key-b']);
});

test('model aliases resolve per provider', async () => {
	const a = await serve(answer('a'));
	const fallback = new IterListProvider([provider('A', `${a.url}/v1`, {modelAliases: {fast: 'a-fast-1'}})]);
	await collect(fallback.createAsyncGenerator('fast', messages, {stream: true}));
	expect(a.requests[0]!.json.model).toBe('a-fast-1');
});

/** A provider whose class name a minifier has shortened, named by its label. */
function labelled(
	label: string,
	base: string,
	fields: Partial<Pick<typeof OpenaiTemplate, 'needsAuth'>> = {},
): typeof OpenaiTemplate {
	const Provider = class r extends OpenaiTemplate {
		static override label = label;
		static override apiBase = base;
		static override defaultModel = 'm1';
	};
	Object.assign(Provider, fields);
	return Provider;
}

const kinds = (chunks: unknown[]) =>
	chunks.map(item =>
		typeof item === 'string'
			? item
			: `${(item as {type: string}).type}:${(item as {name?: string; from?: string}).name ?? (item as {from?: string}).from ?? ''}`,
	);

test('each provider left yields a fallback chunk with its error (also one skipped for a missing key); one provider chunk per attempt', async () => {
	const failing = await serve(jsonHandler(503, {error: {message: 'overloaded'}}));
	// The answering server names a model other than the one asked for: still one provider chunk for the attempt.
	const working = await serve(streamHandler([sse([chunk({content: 'from C'}, {model: 'm1-2025-01-01'}, 'stop')])]));
	const fallback = new IterListProvider([
		labelled('Primary', `${failing.url}/v1`),
		labelled('Keyless', `${working.url}/v1`, {needsAuth: true}),
		labelled('Backup', `${working.url}/v1`),
	]);
	const {chunks, error} = await collect(fallback.createAsyncGenerator('', messages, {stream: true}));
	expect(error).toBeUndefined();
	expect(kinds(chunks)).toEqual([
		'provider:Primary',
		'fallback:Primary',
		'provider:Keyless',
		'fallback:Keyless',
		'provider:Backup',
		'from C',
		'finish:',
	]);
	const left = chunks.filter(
		(item): item is Extract<Chunk, {type: 'fallback'}> => typeof item === 'object' && item.type === 'fallback',
	);
	expect(left[0]!.error).toBeInstanceOf(ResponseStatusError);
	expect(left[0]!.error.message).toMatch(/^Primary: HTTP 503/);
	expect(left[1]!.error).toBeInstanceOf(MissingAuthError);
	expect(chunks[4]).toEqual({type: 'provider', name: 'Backup', model: 'm1', url: working.url});
});

test('inside a fallback a provider is tried once unless the caller sets retry; a retry chunk then precedes the fallback chunk', async () => {
	const failing = await serve(jsonHandler(503, {error: {message: 'busy'}}, {'retry-after-ms': '10'}));
	const working = await serve(answer('ok'));
	const providers = [labelled('Primary', `${failing.url}/v1`), labelled('Backup', `${working.url}/v1`)];
	const once = await collect(new IterListProvider(providers).createAsyncGenerator('', messages, {stream: true}));
	expect(textOf(once.chunks)).toBe('ok');
	expect(failing.requests).toHaveLength(1);
	expect(kinds(once.chunks).slice(0, 3)).toEqual(['provider:Primary', 'fallback:Primary', 'provider:Backup']);

	failing.requests.length = 0;
	const twice = await collect(
		new IterListProvider(providers).createAsyncGenerator('', messages, {stream: true, retry: 1}),
	);
	expect(failing.requests).toHaveLength(2);
	expect(kinds(twice.chunks).slice(0, 4)).toEqual([
		'provider:Primary',
		'retry:',
		'fallback:Primary',
		'provider:Backup',
	]);
	expect(twice.chunks[1]).toMatchObject({type: 'retry', attempt: 1, delay: 10});
});

test('labels name providers in errors and key maps, whatever the class is called; a Map keys by class', async () => {
	const a = await serve(jsonHandler(500, {error: {message: 'down'}}));
	const b = await serve(answer('ok'));
	const Primary = labelled('Primary', `${a.url}/v1`, {needsAuth: true});
	const Backup = labelled('Backup', `${b.url}/v1`, {needsAuth: true});
	expect([Primary.name, Backup.name]).toEqual(['r', 'r']);

	const byLabel = await collect(
		new IterListProvider([Primary, Backup]).createAsyncGenerator('', messages, {
			stream: true,
			apiKey: {Primary: 'key-p', Backup: 'key-b'},
		}),
	);
	expect(textOf(byLabel.chunks)).toBe('ok');
	const byClass = await collect(
		new IterListProvider([Primary, Backup]).createAsyncGenerator('', messages, {
			stream: true,
			apiKey: new Map([
				[Primary, 'key-p2'],
				[Backup, 'key-b2'],
			]),
		}),
	);
	expect(textOf(byClass.chunks)).toBe('ok');
	expect(a.requests.map(request => request.headers.authorization)).toEqual(['Bearer key-p', 'Bearer key-p2']);
	expect(b.requests.map(request => request.headers.authorization)).toEqual(['Bearer key-b', 'Bearer key-b2']);

	// A class missing from the map has no key: skipped, and the aggregate error is keyed by label.
	const {error} = await collect(
		new IterListProvider([Primary, Backup]).createAsyncGenerator('', messages, {
			stream: true,
			apiKey: new Map([[Primary, 'key-p3']]),
		}),
	);
	expect(error).toBeInstanceOf(RetryNoProviderError);
	expect(Object.keys((error as RetryNoProviderError).errors)).toEqual(['Primary', 'Backup']);
	expect((error as RetryNoProviderError).errors.Backup).toBeInstanceOf(MissingAuthError);
	expect(error.message).toMatch(/Backup: an API key is required/);
});

test('when every provider fails, each is left with a fallback chunk, then RetryNoProviderError', async () => {
	const down = await serve(jsonHandler(502, {error: {message: 'gateway'}}));
	const {chunks, error} = await collect(
		new IterListProvider([labelled('One', `${down.url}/v1`), labelled('Two', `${down.url}/v1`)]).createAsyncGenerator(
			'',
			messages,
			{stream: true},
		),
	);
	expect(kinds(chunks)).toEqual(['provider:One', 'fallback:One', 'provider:Two', 'fallback:Two']);
	expect(error).toBeInstanceOf(RetryNoProviderError);
});

test('the fallback generator returns the answer put together, naming the provider that answered', async () => {
	const down = await serve(jsonHandler(500, {error: {message: 'down'}}));
	const up = await serve(
		streamHandler([sse([chunk({content: 'Hel'}, {model: 'served-model'}), chunk({content: 'lo'}, {}, 'stop')])]),
	);
	const chat = new RotatedProvider([labelled('Down', `${down.url}/v1`), labelled('Up', `${up.url}/v1`)]);
	const generator = chat.createAsyncGenerator('', messages, {stream: true});
	const chunks: Chunk[] = [];
	let returned: ChatResult | undefined;
	for (let step = await generator.next(); ; step = await generator.next()) {
		if (step.done) {
			returned = step.value;
			break;
		}

		chunks.push(step.value);
	}

	expect(returned).toMatchObject({
		text: 'Hello',
		finishReason: 'stop',
		provider: {type: 'provider', name: 'Up', model: 'm1', url: up.url},
		message: {role: 'assistant', content: 'Hello'},
	});
	expect(await collectResult(chunks)).toEqual(returned);
	expect(await collectResult(chat.createAsyncGenerator('', messages, {stream: true}))).toMatchObject({
		text: 'Hello',
		provider: {name: 'Up'},
	});
	expect(chat.lastProvider?.label).toBe('Up');
});
