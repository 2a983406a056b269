import {createServer} from 'node:net';
import {expect, test} from 'vitest';
import {NetworkError, RateLimitError, ResponseStatusError, type Chunk} from '../../src/index.js';
import {chunk, sleep, sse, streamHandler, useServer, type Handler} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// Retries are visible: a `retry` chunk before each wait, with the wait and the error being retried.

const server = useServer();
const messages = [{role: 'user', content: 'hi'}] as const;
const key = 'sk-RETRY-SECRET-0123456789';

/** Fails the first `times` requests with `failure`, then streams `ok`; records when each request arrived. */
function failThenAnswer(failure: Handler, times: number, arrivals: number[]): Handler {
	return async (request, response, raw) => {
		arrivals.push(Date.now());
		if (arrivals.length <= times) return failure(request, response, raw);
		return streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])])(request, response, raw);
	};
}

/** Every chunk with the time it arrived. */
async function timed(generator: AsyncIterable<Chunk>): Promise<Array<{chunk: Chunk; at: number}>> {
	const seen: Array<{chunk: Chunk; at: number}> = [];
	for await (const item of generator) seen.push({chunk: item, at: Date.now()});
	return seen;
}

test("Retry-After: the retry chunk comes before the wait, with the server's delay and the error being retried", async () => {
	const arrivals: number[] = [];
	server().setHandler(
		failThenAnswer(
			(_request, response) => {
				response.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'});
				response.end(JSON.stringify({error: {message: 'slow down'}}));
			},
			1,
			arrivals,
		),
	);
	const seen = await timed(Local.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server().url}/v1`}));
	const [retry, ...rest] = seen;
	expect(retry!.chunk).toEqual({type: 'retry', attempt: 1, delay: 1000, error: expect.any(RateLimitError)});
	const {error} = retry!.chunk as Extract<Chunk, {type: 'retry'}>;
	expect(error).toMatchObject({status: 429, retryAfter: 1, provider: 'Local'});
	expect(error.message).toContain('slow down');
	// Yielded at once, then the wait, then the second request.
	expect(retry!.at - arrivals[0]!).toBeLessThan(500);
	expect(arrivals[1]! - retry!.at).toBeGreaterThanOrEqual(800);
	expect(rest.map(item => item.chunk)).toEqual([
		{type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: server().url},
		'ok',
		{type: 'finish', reason: 'stop'},
	]);
});

test('retry-after-ms on 5xx: one chunk per retry, numbered, never with the key the server echoed', async () => {
	const arrivals: number[] = [];
	server().setHandler(
		failThenAnswer(
			(request, response) => {
				response.writeHead(503, {'content-type': 'text/plain', 'retry-after-ms': '150'});
				response.end(`busy, your key is ${String(request.headers.authorization)}`);
			},
			2,
			arrivals,
		),
	);
	const seen = await timed(
		Local.createAsyncGenerator('', messages, {apiKey: key, stream: true, baseUrl: `${server().url}/v1`}),
	);
	const retries = seen
		.map(item => item.chunk)
		.filter((item): item is Extract<Chunk, {type: 'retry'}> => typeof item === 'object' && item.type === 'retry');
	expect(retries.map(({attempt, delay}) => ({attempt, delay}))).toEqual([
		{attempt: 1, delay: 150},
		{attempt: 2, delay: 150},
	]);
	for (const {error} of retries) {
		expect(error).toBeInstanceOf(ResponseStatusError);
		expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain(key);
	}

	expect(arrivals).toHaveLength(3);
});

test('connection refused: the jittered backoff is the delay reported, 0.5 s then 1 s at 50–100 %', async () => {
	const closed = createServer();
	await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
	const {port} = closed.address() as {port: number};
	await new Promise(resolve => closed.close(resolve));
	const started = Date.now();
	const seen: Chunk[] = [];
	let error: unknown;
	try {
		for await (const item of Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: `http://127.0.0.1:${port}/v1`,
		}))
			seen.push(item);
	} catch (caught) {
		error = caught;
	}

	expect(error).toBeInstanceOf(NetworkError);
	const [first, second] = seen as Array<Extract<Chunk, {type: 'retry'}>>;
	expect(seen).toHaveLength(2);
	expect(first).toMatchObject({type: 'retry', attempt: 1, error: expect.any(NetworkError)});
	expect(first!.delay).toBeGreaterThanOrEqual(250);
	expect(first!.delay).toBeLessThanOrEqual(500);
	expect(second).toMatchObject({type: 'retry', attempt: 2, error: expect.any(NetworkError)});
	expect(second!.delay).toBeGreaterThanOrEqual(500);
	expect(second!.delay).toBeLessThanOrEqual(1000);
	// The reported waits are the waits made.
	expect(Date.now() - started).toBeGreaterThanOrEqual(first!.delay + second!.delay - 20);
});

test('no retry, no chunk: retry: 0, and statuses that are not retried', async () => {
	const arrivals: number[] = [];
	server().setHandler(
		failThenAnswer(
			(_request, response) => {
				response.writeHead(503, {'retry-after': '0'});
				response.end();
			},
			5,
			arrivals,
		),
	);
	const none: Chunk[] = [];
	await expect(
		(async () => {
			for await (const item of Local.createAsyncGenerator('', messages, {
				stream: true,
				baseUrl: `${server().url}/v1`,
				retry: 0,
			}))
				none.push(item);
		})(),
	).rejects.toBeInstanceOf(ResponseStatusError);
	expect(none).toEqual([]);
	expect(arrivals).toHaveLength(1);
});

test('leaving the loop at a retry chunk stops the retries: nothing more is sent', async () => {
	const arrivals: number[] = [];
	server().setHandler(
		failThenAnswer(
			(_request, response) => {
				response.writeHead(503, {'retry-after': '1'});
				response.end();
			},
			5,
			arrivals,
		),
	);
	for await (const item of Local.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server().url}/v1`})) {
		expect(item).toMatchObject({type: 'retry', attempt: 1, delay: 1000});
		break;
	}

	await sleep(1500);
	expect(arrivals).toHaveLength(1);
});

test("a caller's shouldRetry that leaves a failure undecided: the library's policy decides, and the wait is reported", async () => {
	const arrivals: number[] = [];
	server().setHandler(
		failThenAnswer(
			(_request, response) => {
				response.writeHead(429, {'retry-after': '1'});
				response.end();
			},
			1,
			arrivals,
		),
	);
	const decided: number[] = [];
	const seen = await timed(
		Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: `${server().url}/v1`,
			retry: {
				limit: 1,
				shouldRetry: ({retryCount}) => {
					decided.push(retryCount);
					return undefined;
				},
			},
		}),
	);
	expect(decided).toEqual([1]);
	expect(seen[0]!.chunk).toMatchObject({type: 'retry', attempt: 1, delay: 1000});
	expect(arrivals[1]! - seen[0]!.at).toBeGreaterThanOrEqual(800);
});

test('leaving at a retry chunk after the retry was answered: the response body is cancelled, even with a fetch that ignores the signal', async () => {
	let calls = 0;
	let cancelled: unknown;
	let answered!: () => void;
	const answeredOnce = new Promise<void>(resolve => {
		answered = resolve;
	});
	// A custom fetch that never looks at the signal: only a cancel releases its body.
	const fetcher: typeof fetch = async () => {
		if (++calls === 1) return new Response(null, {status: 503, headers: {'retry-after-ms': '0'}});
		answered();
		return new Response(
			new ReadableStream<Uint8Array>({
				cancel(reason) {
					cancelled = reason ?? 'cancelled';
				},
			}),
			{headers: {'content-type': 'text/event-stream'}},
		);
	};
	const generator = Local.createAsyncGenerator('', messages, {
		stream: true,
		baseUrl: `${server().url}/v1`,
		fetch: fetcher,
	});
	expect((await generator.next()).value).toMatchObject({type: 'retry', attempt: 1, delay: 0});
	// The retry goes out and is answered while the caller still holds the retry chunk.
	await answeredOnce;
	await new Promise(resolve => setImmediate(resolve));
	expect(cancelled).toBeUndefined();
	await generator.return(undefined as never);
	await new Promise(resolve => setImmediate(resolve));
	expect(calls).toBe(2);
	expect(cancelled).toBeDefined();
});
