import {afterEach, expect, test, vi} from 'vitest';
import {type Chunk, NetworkError, ResponseStatusError} from '../../src/index.js';
import {chunk, sse, streamHandler} from '../helpers/fake-openai.js';
import {answer, closedPort, run, useFaultServer} from '../reliability/fault-server.js';
import {Local} from '../helpers/local-provider.js';
import {collect} from '../helpers/fake-openai.js';
import {allowsNoRetry} from '../../src/core/send/retry-options.js';

// The retry policy as a caller shapes it (statusCodes, afterStatusCodes, shouldRetry, jitter, backoffLimit), which
// failures count as connection failures, and the wait each Retry chunk reports. Waits are read from the chunks,
// never measured.

const server = useFaultServer();
const answered = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);
type Retry = Extract<Chunk, {type: 'retry'}>;
const retries = (chunks: Chunk[]) =>
	chunks.filter((item): item is Retry => typeof item === 'object' && item.type === 'retry');

afterEach(() => {
	vi.restoreAllMocks();
});

/** Fails the first `times` requests with `status` (and `headers`), then answers. */
function failThenAnswer(times: number, status = 503, headers: Record<string, string> = {}) {
	let calls = 0;
	return async (...args: Parameters<typeof answered>) => {
		if (++calls <= times) return answer(status, '', headers)(...args);
		return answered(...args);
	};
}

/** A fetch that throws `error` on its first `times` calls, then fetches; counts its calls. */
function throwing(error: unknown, times = Number.POSITIVE_INFINITY) {
	const counter = {calls: 0};
	const fetcher: typeof fetch = async (input, init) => {
		if (++counter.calls <= times) throw error;
		return fetch(input, init);
	};
	return {counter, fetcher};
}

test('a status outside afterStatusCodes is retried with the backoff, its Retry-After ignored', async () => {
	const {chunks, error} = await run(server(), failThenAnswer(1, 503, {'retry-after': '30'}), {
		retry: {limit: 1, afterStatusCodes: [429], delay: () => 7, jitter: false},
	});
	expect(error).toBeUndefined();
	expect(retries(chunks).map(retry => retry.delay)).toEqual([7]);
	expect(server().requests).toHaveLength(2);
});

test('a server wait is reported as is, never jittered; without one the backoff is jittered', async () => {
	vi.spyOn(Math, 'random').mockReturnValue(0);
	const server_ = await run(server(), failThenAnswer(1, 503, {'retry-after-ms': '40'}), {retry: 1});
	expect(retries(server_.chunks).map(retry => retry.delay)).toEqual([40]);
	const backoff = await run(server(), failThenAnswer(1, 503), {retry: {limit: 1, delay: () => 40}});
	expect(retries(backoff.chunks).map(retry => retry.delay)).toEqual([20]);
	// A server wait read for one failure does not stick to the next one, which has none.
	const mixed = await run(
		server(),
		(() => {
			let calls = 0;
			return async (...args: Parameters<typeof answered>) => {
				calls++;
				if (calls === 1) return answer(503, '', {'retry-after-ms': '30'})(...args);
				if (calls === 2) return answer(503, '')(...args);
				return answered(...args);
			};
		})(),
		{retry: {limit: 2, delay: () => 10}},
	);
	expect(retries(mixed.chunks).map(retry => retry.delay)).toEqual([30, 5]);
});

test("the caller's shouldRetry decides when it says true or false", async () => {
	const forced = await run(server(), failThenAnswer(1, 400), {
		retry: {limit: 1, delay: () => 1, shouldRetry: () => true},
	});
	expect(forced.error).toBeUndefined();
	expect(server().requests).toHaveLength(2);
	const refused = await run(server(), failThenAnswer(1, 503), {
		retry: {limit: 1, delay: () => 1, shouldRetry: async () => false},
	});
	expect(refused.error).toBeInstanceOf(ResponseStatusError);
	expect(server().requests).toHaveLength(1);
});

test('connection failures reported with codes (Bun, Deno, undici) are retried; other errors are not', async () => {
	for (const code of [
		'ECONNREFUSED',
		'ECONNRESET',
		'EPIPE',
		'ConnectionRefused',
		'ConnectionReset',
		'ConnectionClosed',
		'UND_ERR_SOCKET',
	]) {
		for (const error of [Object.assign(new Error('lost'), {code}), new Error('lost', {cause: {code}})]) {
			const {counter, fetcher} = throwing(error, 1);
			server().use(answered);
			const {chunks, error: failure} = await collect(
				Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
					stream: true,
					baseUrl: server().base,
					retry: {limit: 1, delay: () => 1},
					fetch: fetcher,
				}),
			);
			expect(failure, code).toBeUndefined();
			expect(counter.calls, code).toBe(2);
			expect(retries(chunks)[0]!.error, code).toBeInstanceOf(NetworkError);
		}
	}

	// Not connection failures here: a name that does not resolve (only `onlyRefused` retries those), and a code
	// further down the cause chain than the error's own cause.
	for (const error of [
		Object.assign(new Error('denied'), {code: 'EACCES'}),
		new Error('bug'),
		{code: undefined},
		Object.assign(new Error('dns'), {code: 'ENOTFOUND'}),
		Object.assign(new Error('dns'), {code: 'EAI_AGAIN'}),
		new Error('a', {cause: new Error('b', {cause: {code: 'ECONNRESET'}})}),
	]) {
		const {counter, fetcher} = throwing(error, 1);
		const {error: failure} = await collect(
			Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
				stream: true,
				baseUrl: server().base,
				retry: {limit: 1, delay: () => 1},
				fetch: fetcher,
			}),
		);
		expect(failure).toBeInstanceOf(NetworkError);
		expect(counter.calls).toBe(1);
	}
});

test('onlyRefused: retried only when a code down the cause chain says nothing reached the server', async () => {
	const looped = new Error('looped');
	(looped as {cause?: unknown}).cause = looped;
	const cases: Array<[string, unknown, number]> = [
		['ENOTFOUND two causes down', new Error('a', {cause: new Error('b', {cause: {code: 'ENOTFOUND'}})}), 2],
		['EAI_AGAIN', Object.assign(new Error('dns'), {code: 'EAI_AGAIN'}), 2],
		['ConnectionRefused', Object.assign(new Error('bun'), {code: 'ConnectionRefused'}), 2],
		['ECONNRESET', Object.assign(new Error('reset'), {code: 'ECONNRESET'}), 1],
		['a cause chain that loops', looped, 1],
		['a string', 'refused', 1],
		['a cause of null', new Error('lost', {cause: null}), 1],
	];
	for (const [what, error, calls] of cases) {
		const {counter, fetcher} = throwing(error, 1);
		server().use(answered);
		const {error: failure} = await collect(
			Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
				stream: true,
				baseUrl: server().base,
				retry: {limit: 1, delay: () => 1, onlyRefused: true},
				fetch: fetcher,
			}),
		);
		expect(counter.calls, what).toBe(calls);
		// Not retried: the NetworkError holds what fetch threw, not a failure of the policy itself.
		if (calls === 1) expect(failure.cause, what).toBe(error);
	}
});

test('the reported wait is the wait ky makes: jitter true, a jitter out of range, backoffLimit, the setTimeout cap', async () => {
	vi.spyOn(Math, 'random').mockReturnValue(0.5);
	const half = await run(server(), failThenAnswer(1), {retry: {limit: 1, delay: () => 8, jitter: true}});
	expect(retries(half.chunks).map(retry => retry.delay)).toEqual([4]);
	const none = await run(server(), failThenAnswer(1), {retry: {limit: 1, delay: () => 6, jitter: () => 0}});
	expect(retries(none.chunks).map(retry => retry.delay)).toEqual([0]);
	for (const jitter of [() => -1, () => Number.NaN, () => Number.POSITIVE_INFINITY]) {
		const odd = await run(server(), failThenAnswer(1), {retry: {limit: 1, delay: () => 6, jitter}});
		expect(retries(odd.chunks).map(retry => retry.delay)).toEqual([6]);
	}

	const exact = await run(server(), failThenAnswer(1), {retry: {limit: 1, delay: () => 6, jitter: false}});
	expect(retries(exact.chunks).map(retry => retry.delay)).toEqual([6]);
	const capped = await run(server(), failThenAnswer(1), {retry: {limit: 1, delay: () => 60_000, backoffLimit: 9}});
	expect(retries(capped.chunks).map(retry => retry.delay)).toEqual([9]);

	// A wait setTimeout cannot make is reported as the longest it can; leaving at the chunk ends it.
	server().use(answer(503, ''));
	for await (const item of Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
		stream: true,
		baseUrl: server().base,
		retry: {limit: 1, delay: () => 1e12, jitter: false},
	})) {
		expect(item).toMatchObject({type: 'retry', attempt: 1, delay: 2_147_483_647});
		break;
	}
});

test('a refused connection is retried for GET too (getModels)', async () => {
	const port = await closedPort();
	let calls = 0;
	const counting: typeof fetch = async (input, init) => {
		calls++;
		return fetch(input, init);
	};
	const error = await Local.getModels({
		baseUrl: `http://127.0.0.1:${port}/v1`,
		retry: {limit: 1, delay: () => 1},
		fetch: counting,
	}).catch((error: unknown) => error);
	expect(error).toBeInstanceOf(NetworkError);
	expect(calls).toBe(2);
});

test('a retriable status that arrives as the caller aborts: the reason, and no Retry chunk', async () => {
	const controller = new AbortController();
	const reason = new Error('gone');
	const abortOn503: typeof fetch = async (input, init) => {
		const response = await fetch(input, init);
		controller.abort(reason);
		return response;
	};
	server().use(answer(503, ''));
	const {chunks, error} = await collect(
		Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
			stream: true,
			baseUrl: server().base,
			retry: {limit: 2, delay: () => 1},
			signal: controller.signal,
			fetch: abortOn503,
		}),
	);
	expect(error).toBe(reason);
	expect(chunks).toEqual([]);
	expect(server().requests).toHaveLength(1);
});

test('only a limit of 0 (retry: 0 or {limit: 0}) rules out every retry, the case where ky is sent no signal', () => {
	for (const retry of [0, {limit: 0}]) expect(allowsNoRetry(retry)).toBe(true);
	for (const retry of [undefined, null, 1, 2, {}, {limit: undefined}, {limit: 1}, {statusCodes: [500]}])
		expect(allowsNoRetry(retry)).toBe(false);
});
