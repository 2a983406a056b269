// Nothing from upstream reaches the client but what it needs: a real upstream on 127.0.0.1 answers with the bodies
// seen in the wild (a traceback with a password, an organisation id, a partly masked key, provider login URLs); the
// client gets OpenAI error bodies with the handler's own messages, and `onError` gets the upstream's text.
import {afterAll, beforeAll, expect, test, vi} from 'vitest';
import {IterListProvider, OpenaiTemplate, type ProviderClass} from '../../src/index.js';
import {createHandler, type HandlerOptions} from '../../src/server/index.js';
import {chunk, sse, startServer, type TestServer} from '../helpers/fake-openai.js';
import {events} from './wire.js';

const leaks = ['DB_PASSWORD', 'hunter2', 'org-7Hq2xZ', 'sk-proj-AA', 'login.example', 'Traceback', 'Alpha', 'Beta'];

/** Upstream answers by the last message's text. */
const scenarios: Record<string, {status: number; body: unknown}> = {
	crash: {
		status: 500,
		body: {
			error: {message: 'Traceback (most recent call last): env DB_PASSWORD=hunter2-db-password', type: 'server_error'},
		},
	},
	limited: {
		status: 429,
		body: {
			error: {
				message: 'Rate limit reached for org-7Hq2xZ on requests per min',
				type: 'requests',
				code: 'rate_limit_exceeded',
			},
		},
	},
	'bad-key': {
		status: 401,
		body: {
			error: {
				message: 'Incorrect API key provided: sk-proj-AA****1234. Sign in at https://login.example/keys',
				type: 'invalid_request_error',
				code: 'invalid_api_key',
			},
		},
	},
	forbidden: {status: 403, body: {error: {message: 'Project org-7Hq2xZ may not use this model', code: 'forbidden'}}},
	'too-long': {
		status: 400,
		body: {
			error: {
				message: "This model's maximum context length is 8192 tokens",
				type: 'invalid_request_error',
				code: 'context_length_exceeded',
			},
		},
	},
	'free-text-code': {
		status: 400,
		body: {
			error: {message: 'Bad field', type: 'see https://login.example/docs for why', code: 'DB_PASSWORD=hunter2 x'},
		},
	},
	unprocessable: {status: 422, body: {error: {message: '`temperature` is out of range', code: 'invalid_value'}}},
	// Ollama's answer for a model not pulled: its name is also its documented placeholder key.
	'not-pulled': {
		status: 404,
		body: {error: {message: 'model "llama9" not found, try pulling it first (ollama pull llama9)', type: 'api_error'}},
	},
	'bad-param': {
		status: 400,
		body: {
			error: {message: 'Unsupported value', type: 'invalid_request_error', param: 'temperature', code: 'bad_value'},
		},
	},
	'free-text-param': {
		status: 400,
		body: {error: {message: 'Unsupported value', param: 'see DB_PASSWORD=hunter2', code: 'bad_value'}},
	},
};

let upstream: TestServer;
beforeAll(async () => {
	upstream = await startServer(async (request, response) => {
		const prompt = String(request.json.messages.at(-1).content);
		if (prompt === 'midstream') {
			response.writeHead(200, {'content-type': 'text/event-stream'});
			response.write(sse([chunk({content: 'Partial '}, {model: 'm'})], {done: false}));
			response.end(sse([{error: {message: 'Traceback: DB_PASSWORD=hunter2', type: 'server_error'}}], {done: false}));
			return;
		}

		const {status, body} = scenarios[prompt] ?? scenarios.crash!;
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(JSON.stringify(body));
	});
});
afterAll(async () => upstream?.close());

function provider(label: string): ProviderClass {
	class Provider extends OpenaiTemplate {
		static override label = label;
		static override url = `https://login.example/${label}`;
		static override apiBase = `${upstream.url}/v1`;
		static override defaultModel = 'm';
	}

	return Provider;
}

function handlerWith(options: Partial<HandlerOptions> = {}) {
	const reported: unknown[] = [];
	const handler = createHandler({
		public: true,
		provider: provider('Alpha'),
		apiKey: 'sk-upstream-key-1',
		upstream: {retry: 0},
		onError: error => {
			reported.push(error);
		},
		...options,
	});
	const ask = async (prompt: string, stream = false) => {
		const response = await handler(
			new Request('http://server.test/v1/chat/completions', {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({model: 'm', messages: [{role: 'user', content: prompt}], stream}),
			}),
		);
		return {status: response.status, text: await response.text()};
	};

	return {handler, reported, ask};
}

const errorOf = (text: string) => (JSON.parse(text) as {error: Record<string, unknown>}).error;
const noLeak = (text: string) => {
	for (const leak of leaks) expect(text).not.toContain(leak);
};

test.each([
	['crash', 502, 'server_error', 'upstream_error'],
	['limited', 429, 'rate_limit_error', 'rate_limit_exceeded'],
	['bad-key', 502, 'server_error', 'upstream_auth_failed'],
	['forbidden', 502, 'server_error', 'upstream_auth_failed'],
])(
	'upstream %s: %i with the handler’s own message; onError gets the upstream’s text',
	async (prompt, status, type, code) => {
		const {ask, reported} = handlerWith();
		const answer = await ask(prompt);
		expect(answer.status).toBe(status);
		expect(errorOf(answer.text)).toEqual({message: expect.any(String), type, code, param: null});
		noLeak(answer.text);
		expect(reported).toHaveLength(1);
		expect(String((reported[0] as Error).message)).toMatch(/DB_PASSWORD|org-7Hq2xZ|sk-proj-AA/);
	},
);

test('a 400 or 422 the client caused keeps the upstream’s scrubbed message and identifier code', async () => {
	const {ask} = handlerWith();
	const tooLong = await ask('too-long');
	expect(tooLong.status).toBe(400);
	expect(errorOf(tooLong.text)).toEqual({
		message: expect.stringContaining('maximum context length is 8192 tokens'),
		type: 'invalid_request_error',
		code: 'context_length_exceeded',
		param: null,
	});
	// The provider's label is the server's business.
	expect(tooLong.text).not.toContain('Alpha');
	const unprocessable = await ask('unprocessable');
	expect(unprocessable.status).toBe(400);
	expect(errorOf(unprocessable.text)).toMatchObject({code: 'invalid_value'});
});

test('an upstream param that is a short identifier is relayed; free text is not', async () => {
	const {ask} = handlerWith();
	expect(errorOf((await ask('bad-param')).text)).toEqual({
		message: expect.stringContaining('Unsupported value'),
		type: 'invalid_request_error',
		code: 'bad_value',
		param: 'temperature',
	});
	const freeText = await ask('free-text-param');
	expect(errorOf(freeText.text)).toMatchObject({code: 'bad_value', param: null});
	noLeak(freeText.text);
});

test.each(['ollama', 'a'])(
	'a placeholder key shorter than 8 characters (%j) is not searched for in messages',
	async apiKey => {
		const {ask} = handlerWith({apiKey});
		const answer = await ask('not-pulled');
		expect(answer.status).toBe(404);
		expect(errorOf(answer.text).message).toContain('try pulling it first (ollama pull llama9)');
	},
);

test("an upstream 404 keeps its message but never names the upstream's URL (host, path, account ids)", async () => {
	const {ask} = handlerWith({upstream: {retry: 0, baseUrl: `${upstream.url}/v1/acct123456/mygateway`}});
	for (const stream of [false, true]) {
		const answer = await ask('not-pulled', stream);
		expect(answer.status).toBe(404);
		expect(errorOf(answer.text).message).toBe(
			'HTTP 404 Not Found: model "llama9" not found, try pulling it first (ollama pull llama9)',
		);
		expect(answer.text).not.toContain('acct123456');
		expect(answer.text).not.toContain('127.0.0.1');
	}
});

test('an upstream code or type that is not a short identifier is replaced', async () => {
	const {ask} = handlerWith();
	const answer = await ask('free-text-code');
	expect(answer.status).toBe(400);
	expect(errorOf(answer.text)).toMatchObject({type: 'invalid_request_error', code: 'upstream_rejected'});
	expect(answer.text).not.toContain('hunter2');
	expect(answer.text).not.toContain('login.example');
});

test('a failure after the stream started: the handler’s own message as the last event; onError gets the text', async () => {
	const {ask, reported} = handlerWith();
	const answer = await ask('midstream', true);
	expect(answer.status).toBe(200);
	expect(events(answer.text).at(-1)).toEqual({
		error: {message: expect.any(String), type: 'server_error', code: 'upstream_error', param: null},
	});
	noLeak(answer.text);
	expect(reported.map(error => String((error as Error).message)).join()).toContain('DB_PASSWORD');
});

test('a fallback that fails everywhere: no provider labels, URLs or bodies', async () => {
	const {ask, reported} = handlerWith({
		provider: new IterListProvider([provider('Alpha'), provider('Beta')]),
		apiKey: {Alpha: 'sk-alpha-key-1', Beta: 'sk-beta-key-2'},
	});
	for (const prompt of ['bad-key', 'crash', 'limited']) {
		const answer = await ask(prompt);
		expect(answer.status, prompt).toBeGreaterThanOrEqual(400);
		noLeak(answer.text);
	}

	expect(reported).toHaveLength(3);
});

test('a hook that throws or rejects cannot break the answer', async () => {
	for (const onError of [
		() => {
			throw new Error('hook failed');
		},
		async () => Promise.reject(new Error('hook rejected')),
	]) {
		const {ask} = handlerWith({onError});
		expect((await ask('crash')).status).toBe(502);
		const streamed = await ask('midstream', true);
		expect(events(streamed.text).at(-1).error.code).toBe('upstream_error');
	}
});

test('the default hook: one console.error line, secrets removed', async () => {
	const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
	try {
		const handler = createHandler({
			public: true,
			provider: provider('Alpha'),
			apiKey: 'sk-upstream-key-1',
			// 8 characters or more: shorter values are placeholders, not searched for.
			upstream: {retry: 0, headers: {'x-secret-header': 'hunter2-db-password'}},
		});
		const response = await handler(
			new Request('http://server.test/v1/chat/completions', {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({model: 'm', messages: [{role: 'user', content: 'crash'}]}),
			}),
		);
		expect(response.status).toBe(502);
		expect(spy).toHaveBeenCalledTimes(1);
		const [line] = spy.mock.calls[0]!;
		expect(typeof line).toBe('string');
		expect(line).not.toContain('\n');
		expect(line).toContain('DB_PASSWORD');
		expect(line).not.toContain('hunter2');
	} finally {
		spy.mockRestore();
	}
});
