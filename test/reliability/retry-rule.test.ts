import {expect, test} from 'vitest';
import {
	IterListProvider,
	NetworkError,
	type ProviderError,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
} from '../../src/index.js';
import {chunk, collect, sse, streamHandler, textOf, type Handler} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {answer, closedPort, messages, resetBeforeHeaders, run, useFaultServer} from './fault-server.js';

// Issue 15: one rule decides how long a retry waits and what `RateLimitError.retryAfter` says; `retry.onlyRefused`
// for requests that must not be sent twice; data nested deeper than the stack is still a ProviderError.

const server = useFaultServer();
const gaps = () =>
	server()
		.arrivals.slice(1)
		.map((time, index) => time - server().arrivals[index]!);

test('Retry-After: 1.5 is waited for (ky ignored the fraction) and reported as 1.5', async () => {
	const {error} = await run(server(), answer(429, '', {'retry-after': '1.5'}), {retry: 1});
	expect(error).toBeInstanceOf(RateLimitError);
	expect(error.retryAfter).toBe(1.5);
	expect(server().arrivals).toHaveLength(2);
	expect(gaps()[0]).toBeGreaterThanOrEqual(1450);
});

test('retry-after-ms wins over Retry-After, for the wait and for retryAfter alike', async () => {
	const {error} = await run(server(), answer(429, '', {'retry-after-ms': '100', 'retry-after': '2'}), {retry: 1});
	expect(error).toBeInstanceOf(RateLimitError);
	expect(error.retryAfter).toBe(0.1);
	expect(server().arrivals).toHaveLength(2);
	expect(gaps()[0]).toBeGreaterThanOrEqual(95);
	// Not the 2 s of Retry-After.
	expect(gaps()[0]).toBeLessThan(1500);
});

test('RateLimit-Reset and X-RateLimit-Reset are not followed: the backoff applies (documented)', async () => {
	for (const header of ['ratelimit-reset', 'x-ratelimit-reset']) {
		const {error} = await run(server(), answer(503, '', {[header]: '5'}), {retry: {limit: 1, delay: () => 50}});
		expect(error, header).toBeInstanceOf(ResponseStatusError);
		expect(server().arrivals, header).toHaveLength(2);
		expect(gaps()[0], header).toBeLessThan(2500);
	}

	const limited = await run(server(), answer(429, '', {'ratelimit-reset': '5'}), {retry: 0});
	expect(limited.error.retryAfter).toBeUndefined();
});

test('by default a reset after the server read the body is retried (POST included), as the README says', async () => {
	const {error} = await run(server(), resetBeforeHeaders, {retry: {limit: 2, delay: () => 5}});
	expect(error).toBeInstanceOf(NetworkError);
	expect(server().requests).toHaveLength(3);
	expect(server().requests[2]!.json).toEqual(server().requests[0]!.json);
});

test('retry.onlyRefused: a reset after the server read the body is not sent again', async () => {
	const {error} = await run(server(), resetBeforeHeaders, {retry: {limit: 2, delay: () => 5, onlyRefused: true}});
	expect(error).toBeInstanceOf(NetworkError);
	expect(server().requests).toHaveLength(1);
});

test('retry.onlyRefused: a refused connection (nothing reached the server) is still retried, and statuses too', async () => {
	const port = await closedPort();
	let attempts = 0;
	const counting: typeof fetch = async (input, init) => {
		attempts++;
		return fetch(input, init);
	};
	const refused = await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: `http://127.0.0.1:${port}/v1`,
			retry: {limit: 2, delay: () => 5, onlyRefused: true},
			fetch: counting,
		}),
	);
	expect(refused.error).toBeInstanceOf(NetworkError);
	expect(attempts).toBe(3);

	const busy = await run(server(), answer(503, ''), {retry: {limit: 1, delay: () => 5, onlyRefused: true}});
	expect(busy.error).toBeInstanceOf(ResponseStatusError);
	expect(server().requests).toHaveLength(2);
});

// ——— data nested deeper than the stack ———

const deep = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const json = (status: number, body: string): Handler => answer(status, body, {'content-type': 'application/json'});

const deepBodies: Array<[string, Handler, typeof ProviderError]> = [
	['a 400 whose `detail` nests 100,000 deep', json(400, `{"detail":${deep(100_000)}}`), ResponseStatusError],
	[
		'a stream chunk whose `choices` is an object nesting 100,000 deep',
		streamHandler([`data: {"choices":${deepObject(100_000)}}\n\n`]),
		ResponseError,
	],
	[
		'a stream chunk that is an array nesting 100,000 deep',
		streamHandler([`data: ${deep(100_000)}\n\n`]),
		ResponseError,
	],
	[
		'tool-call arguments sent as an object nesting 100,000 deep',
		streamHandler([
			`data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":${deepObject(100_000)}}}]}}]}\n\n`,
		]),
		ResponseError,
	],
	['a JSON answer whose `choices` nests 100,000 deep', json(200, `{"choices":${deepObject(100_000)}}`), ResponseError],
];

test.each(deepBodies)('%s: a ProviderError, not a RangeError', async (_what, handler, errorClass) => {
	const {error} = await run(server(), handler);
	expect(error).toBeInstanceOf(errorClass);
	expect(error.message.length).toBeLessThan(400);
});

test('a fallback moves on after a provider answered with data nested too deeply', async () => {
	class Other extends Local {
		static override get name(): string {
			return 'Other';
		}
	}

	let calls = 0;
	server().use(async (request, response, raw) => {
		if (++calls === 1) return json(400, `{"detail":${deep(100_000)}}`)(request, response, raw);
		return streamHandler([sse([chunk({content: 'from Other'}, {}, 'stop')])])(request, response, raw);
	});
	const {chunks, error} = await collect(
		new IterListProvider([Local, Other]).createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: server().base,
			retry: 0,
		}),
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('from Other');
});
