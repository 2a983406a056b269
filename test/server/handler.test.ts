// createHandler in process, with providers whose generators are scripted: what is decided before the first
// event, how the library's errors map to statuses, provider names and keys, option checks.
import {describe, expect, test} from 'vitest';
import {
	type Chunk,
	type CreateOptions,
	MissingAuthError,
	NetworkError,
	OpenaiTemplate,
	type ProviderClass,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
	RetryNoProviderError,
	TimeoutError,
} from '../../src/index.js';
import {createHandler} from '../../src/server/index.js';
import {toHttpError} from '../../src/server/errors.js';
import {deltas, events} from './wire.js';

/** An argument error as the library throws it: its option as data (see src/utils/fail.ts). */
const argumentError = (message: string, option: string) =>
	Object.assign(new TypeError(`cablyai: ${message}`), {option});

/** A provider whose generator yields `script` (a function may throw), recording the options it got; its label is `Scripted`. */
function scripted(script: Array<Chunk | (() => never)>, seen: CreateOptions[] = []): ProviderClass {
	class Scripted extends OpenaiTemplate {
		static override defaultModel = 'm';
		static override models = ['m'];
	}

	// Defined rather than declared, so the class fits the provider type whatever the generator's return type.
	Object.defineProperty(Scripted, 'label', {value: 'Scripted'});
	Object.defineProperty(Scripted, 'createAsyncGenerator', {
		async *value(
			_model: string,
			_messages: unknown,
			options: CreateOptions = {},
		): AsyncGenerator<Chunk, void, undefined> {
			seen.push(options);
			for (const step of script) {
				if (typeof step === 'function') step();
				else yield step;
			}
		},
	});
	return Scripted;
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
	new Request('http://server.test/v1/chat/completions', {
		method: 'POST',
		headers: {'content-type': 'application/json', ...headers},
		body: JSON.stringify(body),
	});
const hello = {model: 'm', messages: [{role: 'user', content: 'hi'}], stream: true};

describe('createHandler', () => {
	test('upstream header values in any HeadersInit form are scrubbed from what clients see; a Map of keys is refused', async () => {
		class Upstream extends OpenaiTemplate {
			static override label = 'Upstream';
			static override apiBase = 'http://upstream.test/v1';
			static override defaultModel = 'm';
		}

		const tenant = 'tenant-SECRET-0123456789';
		// The upstream echoes the header back in its error, as misconfigured gateways do.
		const echo: typeof fetch = async input =>
			new Response(JSON.stringify({error: {message: `unknown tenant ${new Request(input).headers.get('x-tenant')}`}}), {
				status: 400,
				headers: {'content-type': 'application/json'},
			});
		for (const headers of [
			{'x-tenant': tenant},
			new Headers({'x-tenant': tenant}),
			[['x-tenant', tenant]] as [string, string][],
		]) {
			const handler = createHandler({
				public: true,
				provider: Upstream,
				apiKey: 'sk-upstream-0123',
				upstream: {headers, fetch: echo, retry: 0},
			});
			const response = await handler(post({...hello, stream: false}));
			const text = await response.text();
			expect(response.status, text).toBe(400);
			expect(text).toContain('unknown tenant');
			expect(text, headers.constructor.name).not.toContain(tenant);
		}

		expect(() => createHandler({public: true, provider: Upstream, apiKey: new Map() as never})).toThrow(TypeError);
	});

	test('a body declared far past the limit gets 413 and is cancelled unread, not left locked', async () => {
		let pulled = 0;
		let cancelled = false;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled++;
				controller.enqueue(new Uint8Array(1024));
			},
			cancel() {
				cancelled = true;
			},
		});
		const request = new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json', 'content-length': String(9 * 1024 * 1024)},
			body,
			duplex: 'half',
		} as RequestInit);
		const response = await createHandler({public: true, provider: scripted([]), apiKey: 'k'})(request);
		expect(response.status).toBe(413);
		expect(cancelled).toBe(true);
		// Read at most what the stream queued on its own: nothing was drained.
		expect(pulled).toBeLessThanOrEqual(2);
	});

	test('the status waits for the first event: retry and fallback chunks, then a 429, give HTTP 429', async () => {
		const error = new RateLimitError('Scripted: HTTP 429', {status: 429, retryAfter: 2.5});
		const handler = createHandler({
			public: true,
			provider: scripted([
				{type: 'provider', name: 'Scripted', model: 'm', url: ''},
				{type: 'retry', attempt: 1, delay: 0, error} as unknown as Chunk,
				{type: 'fallback', from: 'Other', error} as unknown as Chunk,
				() => {
					throw error;
				},
			]),
			apiKey: 'k',
		});
		const response = await handler(post(hello));
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('3');
	});

	test('unknown chunk kinds never reach the wire, streamed or not', async () => {
		const script: Chunk[] = [
			{type: 'retry', attempt: 1, delay: 5, error: new Error('x')} as unknown as Chunk,
			'Hi',
			{type: 'fallback', from: 'A'} as unknown as Chunk,
			{type: 'finish', reason: 'stop'},
		];
		const handler = createHandler({public: true, provider: scripted(script), apiKey: 'k'});
		const streamed = await (await handler(post(hello))).text();
		expect(deltas(events(streamed))).toEqual([
			{role: 'assistant', content: ''},
			{content: 'Hi'},
			{finish_reason: 'stop'},
			'[DONE]',
		]);
		const whole = await (await handler(post({...hello, stream: false}))).json();
		expect(whole.choices[0]).toEqual({
			index: 0,
			message: {role: 'assistant', content: 'Hi', refusal: null},
			finish_reason: 'stop',
			logprobs: null,
		});
	});

	test('a non-streamed completion: images as markdown where they came, and every part of the answer in its wire field', async () => {
		const token = {token: 'Hi', logprob: -0.5, bytes: null, top_logprobs: []};
		const detail = {type: 'reasoning.text', text: 'hm', index: 0};
		const script: Chunk[] = [
			{type: 'provider', name: 'Scripted', model: 'm-2024', url: ''},
			{type: 'reasoning', text: 'hm', field: 'reasoning', details: [detail]},
			{type: 'images', urls: ['https://img.test/1.png'], prompt: 'a [red]\ncat'},
			{type: 'logprobs', content: [token], refusal: []},
			'Hi',
			{type: 'images', urls: ['https://img.test/2.png', 'https://img.test/3.png'], prompt: 'dog'},
			{type: 'sources', sources: [{url: 'https://a.test/', title: 'A'}, {url: 'https://b.test/'}]},
			{type: 'refusal', text: 'no'},
			{type: 'finish', reason: 'stop'},
			{
				type: 'usage',
				promptTokens: 3,
				completionTokens: 4,
				totalTokens: 7,
				cachedTokens: 1,
				reasoningTokens: 2,
				cost: 0.5,
			},
		];
		const handler = createHandler({public: true, provider: scripted(script), apiKey: 'k'});
		const whole = await (await handler(post({...hello, stream: false}))).json();
		expect(whole).toMatchObject({object: 'chat.completion', model: 'm-2024'});
		expect(whole.choices[0]).toEqual({
			index: 0,
			message: {
				role: 'assistant',
				content:
					'![a  red  cat](https://img.test/1.png)Hi\n![dog](https://img.test/2.png)\n![dog](https://img.test/3.png)',
				refusal: 'no',
				reasoning_content: 'hm',
				reasoning_details: [detail],
				annotations: [
					{type: 'url_citation', url_citation: {url: 'https://a.test/', title: 'A'}},
					{type: 'url_citation', url_citation: {url: 'https://b.test/'}},
				],
			},
			finish_reason: 'stop',
			logprobs: {content: [token], refusal: null},
		});
		expect(whole.usage).toEqual({
			prompt_tokens: 3,
			completion_tokens: 4,
			total_tokens: 7,
			prompt_tokens_details: {cached_tokens: 1},
			completion_tokens_details: {reasoning_tokens: 2},
			cost: 0.5,
		});
		// Tool calls alone: `content: null`, as the API sends it.
		const call = {id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}} as const;
		const tools = createHandler({
			public: true,
			provider: scripted([
				{type: 'tool_calls', calls: [call]},
				{type: 'finish', reason: 'tool_calls'},
			]),
			apiKey: 'k',
		});
		const called = await (await tools(post({...hello, stream: false}))).json();
		expect(called.model).toBe('m');
		expect(called.choices[0].message).toEqual({role: 'assistant', content: null, refusal: null, tool_calls: [call]});
		expect(called.usage).toBeUndefined();
	});

	test("keys by provider label; the library gets only the server's settings", async () => {
		const seen: CreateOptions[] = [];
		const fetchSpy = async () => new Response();
		const handler = createHandler({
			public: true,
			provider: scripted(['ok'], seen),
			apiKey: {Scripted: 'sk-by-label'},
			upstream: {baseUrl: 'http://upstream.test/v1', timeout: 1234, fetch: fetchSpy},
		});
		// A key (or anything else) the upstream settings do not take is refused, not silently dropped.
		expect(() =>
			createHandler({public: true, provider: scripted([]), upstream: {apiKey: 'sk-not-this'} as never}),
		).toThrow(/`apiKey`/);
		await (await handler(post({...hello, temperature: 0.2}))).text();
		expect(seen[0]).toMatchObject({
			apiKey: 'sk-by-label',
			baseUrl: 'http://upstream.test/v1',
			timeout: 1234,
			fetch: fetchSpy,
			temperature: 0.2,
			stream: true,
		});
		expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
		expect(Object.keys(seen[0]!).sort()).toEqual([
			'apiKey',
			'baseUrl',
			'fetch',
			'retry',
			'signal',
			'stream',
			'temperature',
			'timeout',
		]);
	});

	test('option checks happen at creation', () => {
		expect(() => createHandler({public: true, provider: {} as never, apiKey: 'k'})).toThrow(/provider/);
		expect(() => createHandler({public: true, provider: scripted([]), apiKey: 5 as never})).toThrow(/apiKey/);
		expect(() => createHandler({public: true, provider: scripted([]), models: 'm' as never})).toThrow(/models/);
		expect(() => createHandler({public: true, provider: scripted([]), basePath: 'v1'})).toThrow(/basePath/);
		expect(() => createHandler({provider: scripted([]), accessToken: ''})).toThrow(/accessToken/);
		expect(() => createHandler({public: true, provider: scripted([]), allowOrigins: [5] as never})).toThrow(
			/allowOrigins/,
		);
	});

	test("a provider without a model list or base URL: GET /models is the server's failure (500), not the client's", async () => {
		class Bare extends OpenaiTemplate {}
		const response = await createHandler({public: true, provider: Bare})(new Request('http://server.test/v1/models'));
		expect(response.status).toBe(500);
	});

	test('basePath moves the routes', async () => {
		const handler = createHandler({public: true, provider: scripted(['ok']), apiKey: 'k', basePath: '/api/v1/'});
		expect((await handler(new Request('http://server.test/api/v1/models'))).status).toBe(200);
		expect((await handler(new Request('http://server.test/v1/models'))).status).toBe(404);
	});

	test('access token compared whole: prefixes, extensions and other schemes fail', async () => {
		const handler = createHandler({provider: scripted(['ok']), apiKey: 'k', accessToken: 'tok-123456'});
		const models = (authorization?: string) =>
			handler(new Request('http://server.test/v1/models', {headers: authorization ? {authorization} : {}}));
		for (const wrong of ['Bearer tok-12345', 'Bearer tok-1234567', 'Basic tok-123456', 'Bearer ', 'tok-123456'])
			expect((await models(wrong)).status, wrong).toBe(401);
		expect((await models('Bearer tok-123456')).status).toBe(200);
		expect((await models('bearer  tok-123456 ')).status).toBe(200);
	});
});

describe('library errors → statuses', () => {
	const scrub = (text: string) => text.replaceAll('SECRET', '[redacted]');
	test.each([
		['RateLimitError', new RateLimitError('P: HTTP 429', {status: 429, retryAfter: 7}), 429, 'rate_limit_exceeded'],
		['TimeoutError', new TimeoutError('P: no response within 10 ms'), 504, 'upstream_timeout'],
		['upstream 408', new ResponseStatusError('P: HTTP 408', {status: 408}), 504, 'upstream_timeout'],
		[
			'upstream 400',
			new ResponseStatusError('P: HTTP 400: context too long', {status: 400, code: 'context_length_exceeded'}),
			400,
			'context_length_exceeded',
		],
		['upstream 422', new ResponseStatusError('P: HTTP 422', {status: 422}), 400, 'upstream_rejected'],
		['upstream 503', new ResponseStatusError('P: HTTP 503', {status: 503}), 502, 'upstream_error'],
		['NetworkError', new NetworkError('P: request failed: SECRET'), 502, 'upstream_error'],
		['ResponseError', new ResponseError('P: unreadable'), 502, 'upstream_error'],
		[
			'MissingAuthError',
			new MissingAuthError('P: HTTP 401: Incorrect API key provided: sk-****SECRET', {status: 401, provider: 'P'}),
			502,
			'upstream_auth_failed',
		],
		[
			'no key configured',
			new MissingAuthError('P: an API key is required', {provider: 'P'}),
			500,
			'upstream_key_missing',
		],
		[
			'all providers rate limited',
			new RetryNoProviderError('none', {
				A: new RateLimitError('a', {retryAfter: 9}),
				B: new RateLimitError('b', {retryAfter: 4}),
			}),
			429,
			'rate_limit_exceeded',
		],
		[
			'providers failing differently',
			new RetryNoProviderError('none', {A: new RateLimitError('a'), B: new NetworkError('b')}),
			502,
			'upstream_error',
		],
		['argument check on the request', argumentError('`messages` is empty', 'messages'), 400, 'invalid_value'],
		[
			'argument check on a message',
			argumentError('messages[0].role must be one of system, user', 'messages'),
			400,
			'invalid_value',
		],
		[
			"argument check on the server's settings",
			argumentError('`baseUrl` must not contain credentials (user:password@)', 'baseUrl'),
			500,
			'server_misconfigured',
		],
		['anything else', new Error('SECRET internals'), 500, 'internal_error'],
	])('%s', (_name, error, status, code) => {
		const mapped = toHttpError(error, scrub);
		expect(mapped.status).toBe(status);
		expect(mapped.code).toBe(code);
		expect(mapped.message).not.toContain('SECRET');
	});

	test('argument checks name the wire field', () => {
		expect(
			toHttpError(argumentError('`maxTokens` must be an integer ≥ 1, got 0', 'maxTokens'), text => text),
		).toMatchObject({status: 400, param: 'max_tokens', message: '`max_tokens` must be an integer ≥ 1, got 0'});
	});

	test('the option at fault is read from the error, not its wording: a reworded check is still the client’s 400', () => {
		expect(toHttpError(argumentError('the temperature is out of range', 'temperature'), text => text)).toMatchObject({
			status: 400,
			param: 'temperature',
		});
		// Without the option, the same text is the server's own problem.
		expect(toHttpError(new TypeError('cablyai: `temperature` must be a number'), text => text).status).toBe(500);
	});

	test('Retry-After: whole seconds, the shortest wait when every provider was rate limited', () => {
		expect(toHttpError(new RateLimitError('x', {retryAfter: 1.2}), text => text).headers).toEqual({'Retry-After': '2'});
		expect(
			toHttpError(
				new RetryNoProviderError('none', {
					A: new RateLimitError('a', {retryAfter: 9}),
					B: new RateLimitError('b', {retryAfter: 4}),
				}),
				text => text,
			).headers,
		).toEqual({'Retry-After': '4'});
	});
});
