// The handler listens on `request.signal` for the client going away while it answers, and stops listening when the
// answer is over, however it ended: a runtime may keep a request's signal, and the listener with what it holds (the
// upstream request's controller), alive past the response.
import {afterAll, beforeAll, expect, test} from 'vitest';
import {createHandler} from '../../src/server/index.js';
import {type FakeOpenai, startFakeOpenai} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

let upstream: FakeOpenai;
let handler: (request: Request) => Promise<Response>;
beforeAll(async () => {
	upstream = await startFakeOpenai();
	handler = createHandler({
		provider: Local,
		apiKey: 'sk-upstream-listener',
		upstream: {baseUrl: `${upstream.url}/v1`},
		public: true,
	});
});
afterAll(async () => {
	upstream.openGate();
	await upstream?.close();
});

/**
A POST whose signal records the abort listeners added to it (`added`) and those not removed yet (`listening`). The signal is an ordinary one,
watched: a `Request` built with a signal listens to it through a signal of its own, where nothing could be counted.
*/
function watchedPost(path: string, body: unknown): {request: Request; listening: Set<unknown>; added: unknown[]} {
	const {signal} = new AbortController();
	const listening = new Set<unknown>();
	const added: unknown[] = [];
	const add = signal.addEventListener.bind(signal);
	const remove = signal.removeEventListener.bind(signal);
	signal.addEventListener = (type: string, listener: any, options?: any) => {
		if (type === 'abort') {
			listening.add(listener);
			added.push(listener);
		}

		add(type, listener, options);
	};

	signal.removeEventListener = (type: string, listener: any, options?: any) => {
		if (type === 'abort') listening.delete(listener);
		remove(type, listener, options);
	};

	const request = new Request(`http://server.test/v1/${path}`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: JSON.stringify(body),
	});
	Object.defineProperty(request, 'signal', {value: signal});
	return {request, listening, added};
}

const chat = (prompt: string, stream: boolean) => ({model: 'm', messages: [{role: 'user', content: prompt}], stream});

test.each([
	['a streamed chat completion', 'chat/completions', chat('hello', true)],
	['a streamed Responses answer', 'responses', {model: 'm', input: 'hello', stream: true}],
	['a non-streamed chat completion', 'chat/completions', chat('hello', false)],
	['a non-streamed Responses answer', 'responses', {model: 'm', input: 'hello', stream: false}],
])('%s read to its end leaves no abort listener on the request', async (_what, path, body) => {
	const {request, listening, added} = watchedPost(path, body);
	const response = await handler(request);
	expect(response.status).toBe(200);
	expect(await response.text()).toContain('Hello');
	expect(added).toHaveLength(1);
	expect(listening.size).toBe(0);
});

test('a stream the client cancels midway leaves no abort listener on the request', async () => {
	const {request, listening, added} = watchedPost('chat/completions', chat('gated', true));
	const response = await handler(request);
	const reader = response.body!.getReader();
	expect(new TextDecoder().decode((await reader.read()).value)).toContain('data: ');
	expect(listening.size).toBe(1);
	await reader.cancel();
	expect(added).toHaveLength(1);
	expect(listening.size).toBe(0);
});
