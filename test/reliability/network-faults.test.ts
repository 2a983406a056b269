import {expect, test} from 'vitest';
import {NetworkError, ProviderError, RateLimitError, ResponseStatusError} from '../../src/index.js';
import {createRetryOptions} from '../../src/core/send/retry-options.js';
import {chunk, collect, sleep, sse, streamHandler, textOf, type Handler} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {
	answer,
	closedPort,
	closeWithoutResponse,
	cutInsideHeaders,
	messages,
	notHttp,
	openStream,
	resetBeforeHeaders,
	run,
	streamThen,
	useFaultServer,
} from './fault-server.js';

// Network faults: retried before the first body byte (POST included), never after it; the server sees every attempt
// and when it came, so retry counts and waits are checked where they happen.

const server = useFaultServer();
const fast = {limit: 2, delay: () => 5};

/** Answers with `fault` the first `times` attempts, then with a short stream. */
function failing(fault: Handler, times: number): Handler {
	let calls = 0;
	return async (request, response, raw) => {
		if (++calls <= times) return fault(request, response, raw);
		return streamHandler([sse([chunk({content: `attempt ${calls}`}, {}, 'stop')])])(request, response, raw);
	};
}

/** The Retry chunks `count` retries yield, each before its wait (`fast` waits 5 ms, jittered to 2.5–5 ms). */
const retryChunks = (errorClass: typeof ProviderError, count: number) =>
	Array.from({length: count}, (_, index) => ({
		type: 'retry',
		attempt: index + 1,
		delay: expect.toSatisfy((delay: number) => delay >= 2.5 && delay <= 5),
		error: expect.any(errorClass),
	}));

const gaps = () =>
	server()
		.arrivals.slice(1)
		.map((time, index) => time - server().arrivals[index]!);

test('connection refused: retried (POST included), then NetworkError with the runtime error as cause', async () => {
	const port = await closedPort();
	let attempts = 0;
	const counting: typeof fetch = async (input, init) => {
		attempts++;
		return fetch(input, init);
	};
	const {chunks, error} = await collect(
		Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: `http://127.0.0.1:${port}/v1`,
			retry: fast,
			fetch: counting,
		}),
	);
	expect(chunks).toEqual(retryChunks(NetworkError, 2));
	expect(error).toBeInstanceOf(NetworkError);
	expect(error).toBeInstanceOf(ProviderError);
	expect(error.message).toMatch(/request failed: .*ECONNREFUSED/);
	expect(error.cause).toBeInstanceOf(Error);
	expect(attempts).toBe(3);

	attempts = 0;
	const once = await collect(
		Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: `http://127.0.0.1:${port}/v1`,
			retry: 0,
			fetch: counting,
		}),
	);
	expect(once.error).toBeInstanceOf(NetworkError);
	expect(attempts).toBe(1);
});

test.each([
	['a reset (RST) before headers', resetBeforeHeaders],
	['a close (FIN) without any response', closeWithoutResponse],
	['a close inside the header block', cutInsideHeaders],
	['an answer that is not HTTP', notHttp],
])('%s: every attempt reaches the server, then NetworkError', async (_name, fault) => {
	const {chunks, error} = await run(server(), fault, {retry: fast});
	expect(chunks).toEqual(retryChunks(NetworkError, 2));
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.message).toMatch(/^Local: request failed: /);
	expect(error.cause).toBeDefined();
	expect(server().requests).toHaveLength(3);
	expect(
		server().requests.every(request => request.method === 'POST' && request.json?.messages?.[0]?.content === 'x'),
	).toBe(true);
});

test.each([
	['a reset (RST) before headers', resetBeforeHeaders],
	['a close (FIN) without any response', closeWithoutResponse],
])('%s twice, then an answer: the third attempt streams, once', async (_name, fault) => {
	const {chunks, error} = await run(server(), failing(fault, 2), {retry: fast});
	expect(error).toBeUndefined();
	expect(chunks).toEqual([
		...retryChunks(NetworkError, 2),
		{type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: server().url},
		'attempt 3',
		{type: 'finish', reason: 'stop'},
	]);
	expect(server().requests).toHaveLength(3);
});

test.each([
	['reset (RST)', 'reset'],
	['closed (FIN)', 'close'],
] as const)(
	'connection %s after the first body bytes: not retried; NetworkError after the text so far',
	async (_name, fault) => {
		const body = `${sse([chunk({content: 'half an '}), chunk({content: 'answer'})], {done: false})}data: {"choi`;
		const {chunks, error} = await run(server(), streamThen(body, fault), {retry: fast});
		expect(textOf(chunks)).toBe('half an answer');
		expect(chunks[0]).toEqual({type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: server().url});
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toMatch(/connection lost while reading the response/);
		expect(error.cause).toBeDefined();
		expect(server().requests).toHaveLength(1);
	},
);

test('a body shorter than its Content-Length: NetworkError after the text, not retried', async () => {
	const body = sse([chunk({content: 'partial'})], {done: false});
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			response.writeHead(200, {'content-type': 'text/event-stream', 'content-length': String(body.length + 500)});
			response.write(body);
			await sleep(30);
			response.socket?.destroy();
		},
		{retry: fast},
	);
	expect(textOf(chunks)).toBe('partial');
	expect(error).toBeInstanceOf(NetworkError);
	expect(server().requests).toHaveLength(1);
});

test('a reset after the first byte of the very first event: nothing yielded, still not retried', async () => {
	const {chunks, error} = await run(server(), streamThen('d', 'reset'), {retry: fast});
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(NetworkError);
	expect(server().requests).toHaveLength(1);
});

test('Retry-After in seconds is waited for, then the retry succeeds', async () => {
	const {chunks, error} = await run(server(), failing(answer(503, '', {'retry-after': '1'}), 1), {retry: 2});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('attempt 2');
	expect(server().arrivals).toHaveLength(2);
	expect(gaps()[0]).toBeGreaterThanOrEqual(950);
});

test('Retry-After as an HTTP date is waited for', async () => {
	const {error} = await run(
		server(),
		(_request, response) => {
			response.writeHead(503, {'retry-after': new Date(Date.now() + 2000).toUTCString()});
			response.end();
		},
		{retry: 1},
	);
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(server().arrivals).toHaveLength(2);
	// HTTP dates have one-second precision: the wait is between one and two seconds.
	expect(gaps()[0]).toBeGreaterThanOrEqual(900);
});

test('retry-after-ms (OpenAI) is waited for, on 429 and 5xx', async () => {
	for (const status of [429, 500]) {
		const {error} = await run(server(), answer(status, '', {'retry-after-ms': '300'}), {retry: 1});
		expect(error.status).toBe(status);
		expect(server().arrivals).toHaveLength(2);
		expect(gaps()[0]).toBeGreaterThanOrEqual(290);
	}
});

test('a wait longer than retry.maxRetryAfter is cut to the cap, in seconds, as a date and in retry-after-ms', async () => {
	for (const headers of [
		{'retry-after': '3600'} as Record<string, string>,
		{'retry-after': new Date(Date.now() + 3_600_000).toUTCString()},
		{'retry-after-ms': '3600000'},
	]) {
		const {error} = await run(
			server(),
			answer(429, '{"error":{"message":"later"}}', {'content-type': 'application/json', ...headers}),
			{retry: {limit: 1, maxRetryAfter: 200}},
		);
		expect(error).toBeInstanceOf(RateLimitError);
		expect(server().arrivals).toHaveLength(2);
		expect(gaps()[0]).toBeGreaterThanOrEqual(190);
		// Not the hour the server asked for (the test would time out long before).
		expect(gaps()[0]).toBeLessThan(10_000);
	}
});

test('default backoff without a server wait: two retries, about 0.5 s then 1 s (jittered to 50–100 %)', async () => {
	const {error} = await run(server(), answer(502, 'Bad gateway', {'content-type': 'text/plain'}), {retry: undefined});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(server().arrivals).toHaveLength(3);
	const [first, second] = gaps();
	expect(first).toBeGreaterThanOrEqual(240);
	expect(second).toBeGreaterThanOrEqual(490);
}, 20_000);

test('the retry policy: defaults as documented', () => {
	const random = Math.random;
	try {
		const options = createRetryOptions(undefined, undefined);
		expect(options.limit).toBe(2);
		expect(options.methods).toEqual(['get', 'post']);
		expect(options.maxRetryAfter).toBe(60_000);
		expect(options.retryOnTimeout).toBe(false);
		expect([...options.statusCodes!].sort((a, b) => a - b)).toEqual([
			408,
			409,
			429,
			...Array.from({length: 100}, (_, index) => 500 + index),
		]);
		expect([1, 2, 3, 4, 5, 6, 7, 20].map(attempt => (options.delay as (attempt: number) => number)(attempt))).toEqual([
			500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
		]);
		const jitter = options.jitter as (delay: number) => number;
		Math.random = () => 0;
		expect(jitter(1000)).toBe(500);
		Math.random = () => 0.999_999;
		expect(jitter(1000)).toBeCloseTo(1000, 2);
		expect(createRetryOptions(5, undefined).limit).toBe(5);
		expect(createRetryOptions({limit: 1, maxRetryAfter: 10}, undefined)).toMatchObject({
			limit: 1,
			maxRetryAfter: 10,
			methods: ['get', 'post'],
		});
	} finally {
		Math.random = random;
	}
});

test('statuses the caller took out of retry.statusCodes are not retried, whichever header says when', async () => {
	const retry = {limit: 2, statusCodes: [503], delay: () => 5};
	const withRetryAfter = await run(server(), answer(429, '', {'retry-after': '0'}), {retry});
	expect(withRetryAfter.error).toBeInstanceOf(RateLimitError);
	expect(server().requests).toHaveLength(1);

	const withRetryAfterMs = await run(server(), answer(429, '', {'retry-after-ms': '5'}), {retry});
	expect(withRetryAfterMs.error).toBeInstanceOf(RateLimitError);
	expect(server().requests).toHaveLength(1);
});

test('an abort during a retry wait rejects at once with its reason, and nothing more is sent', async () => {
	const controller = new AbortController();
	const reason = new Error('user left');
	setTimeout(() => controller.abort(reason), 200);
	const started = Date.now();
	const {error} = await run(
		server(),
		answer(503, '{"error":{"message":"busy"}}', {'content-type': 'application/json', 'retry-after': '5'}),
		{retry: 2, signal: controller.signal},
	);
	expect(error).toBe(reason);
	expect(Date.now() - started).toBeLessThan(4000);
	await sleep(100);
	expect(server().requests).toHaveLength(1);
});

test('an abort mid-body is never retried: the reason comes out as is', async () => {
	const controller = new AbortController();
	const reason = new Error('stop now');
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			response.write(sse([chunk({content: 'some'})], {done: false}));
			setTimeout(() => controller.abort(reason), 50);
		},
		{retry: fast, signal: controller.signal},
	);
	expect(textOf(chunks)).toBe('some');
	expect(error).toBe(reason);
	await sleep(100);
	expect(server().requests).toHaveLength(1);
});
