// One suite, four runtimes: the handler served by Node through srvx, Deno.serve, Bun.serve and workerd
// (miniflare), in front of real node:http upstreams on 127.0.0.1.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {within} from '../runtimes/support.js';
import type {AppConfig} from './apps/app.js';
import {runtimes, type Served} from './serve.js';
import {helloDeltas, startFakeOpenai, toolCalls, type FakeOpenai} from '../helpers/fake-openai.js';
import {answers, call, deltas, user} from './wire.js';

const origin = 'https://app.example';

describe.each(runtimes)('$name', runtime => {
	let upstream: FakeOpenai;
	let broken: FakeOpenai;
	let served: Served;
	let config: AppConfig;
	let base: string;
	beforeAll(async () => {
		upstream = await startFakeOpenai();
		broken = await startFakeOpenai({broken: true});
		const tag = runtime.name.replaceAll(/\W/g, '').toLowerCase();
		config = {
			upstream: upstream.url,
			broken: broken.url,
			key: `sk-upstream-${tag}-5f2c9a`,
			brokenKey: `sk-broken-${tag}-7d41e0`,
			token: `proxy-token-${tag}-c83b`,
			urlPassword: `pw-${tag}-0a9e7`,
		};
		served = await runtime.start(config);
		base = served.url;
	}, 30_000);
	afterAll(async () => {
		await served?.close();
		await upstream?.close();
		await broken?.close();
	});

	const chat = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
		call(`${base}${path}/chat/completions`, {json: {model: 'test-model', ...body}, headers});

	test('streams reasoning, text, finish and usage as OpenAI chunks, then [DONE]', async () => {
		const answer = await chat('/v1', {messages: user('hello'), stream: true, stream_options: {include_usage: true}});
		expect(answer.status, served.log()).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const list = answer.events();
		expect(deltas(list)).toEqual(helloDeltas);
		const chunks = list.slice(0, -1);
		expect(new Set(chunks.map(item => item.id)).size).toBe(1);
		expect(chunks[0]).toMatchObject({
			id: expect.stringMatching(/^chatcmpl-\w+$/),
			object: 'chat.completion.chunk',
			created: expect.any(Number),
			model: 'test-model',
		});
		expect(chunks.at(-1).choices).toEqual([]);
		// The upstream got the server's key, the model and a stream request.
		const [sent] = upstream.posts('hello');
		expect(sent!.headers.authorization).toBe(`Bearer ${config.key}`);
		expect(sent!.json).toMatchObject({model: 'test-model', stream: true, messages: user('hello')});
	});

	test('no usage chunk unless stream_options.include_usage', async () => {
		const answer = await chat('/v1', {messages: user('hello'), stream: true});
		const list = deltas(answer.events());
		expect(list.at(-2)).toEqual({finish_reason: 'stop'});
		expect(list.some(item => item.usage)).toBe(false);
	});

	test('not streamed: one chat.completion with reasoning and usage', async () => {
		const answer = await chat('/v1', {messages: user('hello')});
		expect(answer.status).toBe(200);
		expect(answer.json()).toEqual({
			id: expect.stringMatching(/^chatcmpl-/),
			object: 'chat.completion',
			created: expect.any(Number),
			model: 'test-model',
			choices: [
				{
					index: 0,
					message: {role: 'assistant', content: 'Hello, world!', refusal: null, reasoning_content: 'The user greets.'},
					finish_reason: 'stop',
					logprobs: null,
				},
			],
			usage: {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8},
		});
		expect(upstream.posts('hello').at(-1)!.json.stream).toBe(false);
	});

	test('tool calls: whole, with their index, after reasoning from <think> tags; streamed and not', async () => {
		const streamed = await chat('/v1', {
			messages: user('tools'),
			stream: true,
			stream_options: {include_usage: true},
			tools: [{type: 'function', function: {name: 'weather'}}],
		});
		expect(deltas(streamed.events())).toEqual([
			{role: 'assistant', content: ''},
			{reasoning_content: 'Need the weather.'},
			{tool_calls: toolCalls.map((call, index) => ({index, ...call}))},
			{finish_reason: 'tool_calls'},
			{usage: {prompt_tokens: 9, completion_tokens: 7, total_tokens: 16}},
			'[DONE]',
		]);
		const whole = await chat('/v1', {
			messages: user('tools'),
			tools: [{type: 'function', function: {name: 'weather'}}],
		});
		expect(whole.json().choices[0]).toMatchObject({
			message: {role: 'assistant', content: null, reasoning_content: 'Need the weather.', tool_calls: toolCalls},
			finish_reason: 'tool_calls',
		});
		expect(upstream.posts('tools').at(-1)!.json.tools).toEqual([{type: 'function', function: {name: 'weather'}}]);
	});

	test('refusal as delta.refusal', async () => {
		const answer = await chat('/v1', {messages: user('refuse'), stream: true});
		expect(deltas(answer.events())).toEqual([
			{role: 'assistant', content: ''},
			{refusal: "I can't help with that."},
			{finish_reason: 'stop'},
			'[DONE]',
		]);
	});

	test("GET /models lists the provider's models", async () => {
		const answer = await call(`${base}/v1/models`);
		expect(answer.json()).toEqual({
			object: 'list',
			data: [
				{id: 'test-model', object: 'model', created: 0, owned_by: 'Upstream'},
				{id: 'big-model', object: 'model', created: 0, owned_by: 'Upstream'},
			],
		});
	});

	test('CORS: an allowed origin gets its preflight and headers; another gets neither', async () => {
		const preflight = await call(`${base}/v1/chat/completions`, {
			method: 'OPTIONS',
			headers: {
				origin,
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'authorization, content-type, x-stainless-os',
			},
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
		expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
		expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-stainless-os');
		const allowed = await chat('/v1', {messages: user('hello')}, {origin});
		expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
		expect(allowed.headers.get('vary')).toBe('Origin');

		const refused = await call(`${base}/v1/chat/completions`, {
			method: 'OPTIONS',
			headers: {origin: 'https://evil.example', 'access-control-request-method': 'POST'},
		});
		expect(refused.status).toBe(403);
		expect(refused.headers.get('access-control-allow-origin')).toBeNull();
		expect(refused.json().error.code).toBe('origin_not_allowed');
		const other = await chat('/v1', {messages: user('hello')}, {origin: 'https://evil.example'});
		expect(other.headers.get('access-control-allow-origin')).toBeNull();

		const any = await call(`${base}/any/v1/models`, {headers: {origin: 'https://anywhere.example'}});
		expect(any.headers.get('access-control-allow-origin')).toBe('*');
	});

	test('access token: missing or wrong → 401; right → answers; a function decides per request', async () => {
		const missing = await call(`${base}/secure/v1/models`);
		expect(missing.status).toBe(401);
		expect(missing.headers.get('www-authenticate')).toBe('Bearer');
		expect(missing.json().error).toMatchObject({type: 'authentication_error', code: 'invalid_api_key'});
		for (const wrong of [`${config.token}x`, config.token.slice(0, -1), 'nope', config.key]) {
			expect((await call(`${base}/secure/v1/models`, {headers: {authorization: `Bearer ${wrong}`}})).status).toBe(401);
		}

		const right = await call(`${base}/secure/v1/models`, {headers: {authorization: `Bearer ${config.token}`}});
		expect(right.status).toBe(200);
		expect(right.json().data.map((model: any) => model.id)).toEqual(['test-model']);
		expect(
			(await chat('/secure/v1', {messages: user('hello')}, {authorization: `Bearer ${config.token}`})).status,
		).toBe(200);
		// The access token is the client's business with this server; the upstream gets the server's key.
		expect(upstream.posts('hello').at(-1)!.headers.authorization).toBe(`Bearer ${config.key}`);

		expect((await chat('/fn/v1', {messages: user('hello')})).status).toBe(401);
		expect((await chat('/fn/v1', {messages: user('hello')}, {'x-pass': 'yes'})).status).toBe(200);
	});

	test('allowlist: other models → 404 model_not_found before any upstream request; aliases resolve first', async () => {
		const auth = {authorization: `Bearer ${config.token}`};
		const before = upstream.posts().length;
		const refused = await chat('/secure/v1', {model: 'big-model', messages: user('hello')}, auth);
		expect(refused.status).toBe(404);
		expect(refused.json().error).toMatchObject({code: 'model_not_found', param: 'model'});
		expect(upstream.posts().length).toBe(before);
		const alias = await chat('/secure/v1', {model: 'test-alias', messages: user('hello')}, auth);
		expect(alias.status).toBe(200);
		expect(upstream.posts().at(-1)!.json.model).toBe('test-model');
		// Without an allowlist, the provider's own list decides (the library's ModelNotSupportedError).
		expect((await chat('/v1', {model: 'unknown-model', messages: user('hello')})).json().error.code).toBe(
			'model_not_found',
		);
	});

	test('413 over 1 MB (declared or streamed), 415 not JSON, 400 bad JSON or arguments', async () => {
		const big = JSON.stringify({model: 'test-model', messages: user('x'.repeat(1024 * 1024))});
		const declared = await call(`${base}/v1/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: big,
		});
		expect(declared.status).toBe(413);
		expect(declared.json().error.code).toBe('request_too_large');
		const bytes = new TextEncoder().encode(big);
		const streamed = await call(`${base}/v1/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: new ReadableStream({
				start(controller) {
					for (let offset = 0; offset < bytes.length; offset += 65_536)
						controller.enqueue(bytes.slice(offset, offset + 65_536));
					controller.close();
				},
			}),
			duplex: 'half',
		} as RequestInit);
		expect(streamed.status).toBe(413);

		const text = await call(`${base}/v1/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'text/plain'},
			body: JSON.stringify({messages: user('hello')}),
		});
		expect(text.status).toBe(415);
		expect(text.json().error.code).toBe('unsupported_media_type');

		const badJson = await call(`${base}/v1/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: '{"messages": [',
		});
		expect(badJson.status).toBe(400);
		expect(badJson.json().error.code).toBe('invalid_json');
		expect((await chat('/v1', {messages: []})).json().error.param).toBe('messages');
		expect((await chat('/v1', {messages: user('hello'), temperature: 'hot'})).json().error).toMatchObject({
			param: 'temperature',
			type: 'invalid_request_error',
		});
		const badRole = await chat('/v1', {messages: [{role: 'wizard', content: 'hi'}]});
		expect(badRole.status).toBe(400);
		expect(badRole.json().error.message).toContain('role');
	});

	test('404 unknown route, 405 wrong method with Allow', async () => {
		const unknown = await call(`${base}/v1/completions`, {json: {}});
		expect(unknown.status).toBe(404);
		expect(unknown.json().error.code).toBe('not_found');
		const method = await call(`${base}/v1/chat/completions`);
		expect(method.status).toBe(405);
		expect(method.headers.get('allow')).toBe('POST, OPTIONS');
	});

	test('upstream 429 → 429 with its Retry-After; 500 → 502; no answer in time → 504', async () => {
		const limited = await chat('/v1', {messages: user('limit'), stream: true});
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');
		expect(limited.json().error).toMatchObject({type: 'rate_limit_error', code: 'rate_limit_exceeded'});
		// The handler's own words: the upstream's text (organisation ids, limits of its account) stays on the server.
		expect(limited.json().error.message).not.toContain('Rate limit reached');
		// Without the handler's own retry setting, a single provider is still not retried on 429.
		const start = Date.now();
		expect((await chat('/retrying/v1', {messages: user('limit')})).status).toBe(429);
		expect(Date.now() - start).toBeLessThan(3000);

		const failed = await chat('/v1', {messages: user('fail'), stream: true});
		expect(failed.status).toBe(502);
		expect(failed.json().error).toMatchObject({type: 'server_error', code: 'upstream_error'});
		const slow = await chat('/timeout/v1', {messages: user('hang'), stream: true});
		expect(slow.status).toBe(504);
		expect(slow.json().error.code).toBe('upstream_timeout');
	});

	test('an error after the stream started is a last data: {"error"} event, without [DONE]', async () => {
		const answer = await chat('/v1', {messages: user('midstream'), stream: true});
		expect(answer.status).toBe(200);
		const list = answer.events();
		expect(deltas(list.slice(0, -1))).toEqual([{role: 'assistant', content: ''}, {content: 'Partial '}]);
		// The upstream's code (a short identifier) with the handler's own message.
		expect(list.at(-1)).toEqual({
			error: {message: expect.any(String), type: 'server_error', code: 'model_crashed', param: null},
		});
		expect(answer.text).not.toContain('The model crashed');
		expect(answer.text).not.toContain('[DONE]');
	});

	test('the client chooses request fields, never where the request goes, with which key or headers', async () => {
		const fields = {
			messages: user('hello'),
			temperature: 0.5,
			max_tokens: 20,
			seed: 7,
			stop: ['\n'],
			response_format: {type: 'text'},
			frequency_penalty: 0.1,
		};
		const headers = {authorization: 'Bearer sk-client', 'x-forwarded-host': 'evil.example', 'x-custom': 'client'};
		// Settings of the library's, not of the wire: unknown fields, refused by name before anything is sent.
		const before = upstream.posts().length;
		const refused = await chat(
			'/v1',
			{
				...fields,
				baseUrl: 'http://127.0.0.1:9/v1',
				apiEndpoint: 'http://127.0.0.1:9/v1/chat/completions',
				base_url: 'http://127.0.0.1:9/v1',
				apiKey: 'sk-client',
				api_key: 'sk-client',
				headers: {'x-injected': '1'},
				extraBody: {model: 'big-model'},
				extra_body: {model: 'big-model'},
			},
			headers,
		);
		expect(refused.status).toBe(400);
		expect(refused.json().error).toMatchObject({code: 'unknown_parameter', param: 'baseUrl'});
		for (const name of ['apiEndpoint', 'base_url', 'apiKey', 'api_key', 'headers', 'extraBody', 'extra_body'])
			expect(refused.json().error.message).toContain(name);
		expect(upstream.posts().length).toBe(before);
		const many = await chat('/v1', {...fields, n: 3}, headers);
		expect(many.status).toBe(400);
		expect(many.json().error.param).toBe('n');

		const answer = await chat('/v1', fields, headers);
		expect(answer.status).toBe(200);
		const sent = upstream.posts('hello').at(-1)!;
		expect(sent.path).toBe('/v1/chat/completions');
		expect(sent.headers.authorization).toBe(`Bearer ${config.key}`);
		expect(sent.headers['x-custom']).toBeUndefined();
		expect(sent.headers['x-forwarded-host']).toBeUndefined();
		expect(sent.json).toEqual({model: 'test-model', stream: false, ...fields});
	});

	test.each(['long', 'stall'])(
		'client disconnect aborts the upstream request at once: the upstream sees its socket close (%s)',
		async prompt => {
			const controller = new AbortController();
			const response = await fetch(`${base}/v1/chat/completions`, {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({messages: user(prompt), stream: true}),
				signal: controller.signal,
			});
			const reader = response.body!.getReader();
			const decoder = new TextDecoder();
			let text = '';
			while (!text.includes('w3 ')) text += decoder.decode((await reader.read()).value);
			const request = upstream.posts(prompt).at(-1)!;
			controller.abort();
			// `stall` sends nothing more: only the abort, not the next chunk, can close the upstream request in time.
			await within(request.socketClosed, 1500, `${runtime.name}: upstream socket close after the client left`);
			expect(request.ended).toBe(false);
			expect(request.written).toBeLessThan(1000);
		},
	);

	test('fallback across two upstreams: the first answers 500, the second streams the answer', async () => {
		const answer = await chat('/fallback/v1', {messages: user('hello'), stream: true});
		expect(answer.status).toBe(200);
		expect(deltas(answer.events()).filter(item => item.content)).toEqual([
			{content: 'Hello'},
			{content: ', world'},
			{content: '!'},
		]);
		expect(answer.text).toMatch(/data: \[DONE]\n\n$/);
		expect(broken.posts().at(-1)!.headers.authorization).toBe(`Bearer ${config.brokenKey}`);
		expect(upstream.posts('hello').at(-1)!.headers.authorization).toBe(`Bearer ${config.key}`);
	});

	test('no secret in any answer: upstream keys, access token, URL credentials', async () => {
		const echoed = await chat('/v1', {messages: user('echo-key')});
		expect(echoed.status).toBe(400);
		expect(echoed.json().error.message).toContain('Invalid request from Bearer');
		await chat('/creds/v1', {messages: user('hello'), stream: true});
		await chat('/fallback/v1', {messages: user('fail'), stream: true});
		await call(`${base}/secure/v1/models`, {headers: {authorization: `Bearer ${config.token}x`}});
		const seen = answers.filter(
			answer =>
				answer.what.startsWith(`POST ${base}`) || answer.what.startsWith(`GET ${base}`) || answer.what.includes(base),
		);
		expect(seen.length).toBeGreaterThan(30);
		for (const secret of [config.key, config.brokenKey, config.token, config.urlPassword]) {
			for (const answer of seen) expect(answer.text, `${answer.what} holds ${secret}`).not.toContain(secret);
		}
	});
});
