import {afterEach, expect, test, vi} from 'vitest';
import {NetworkError} from '../../src/index.js';
import {Local} from '../helpers/local-provider.js';
import {collect} from '../helpers/fake-openai.js';

// What a NetworkError says about the runtime's failure (src/utils/describe-cause.ts, cause-chain.ts,
// is-browser.ts): the runtime's message, the code or words of its own cause, and in a page or worker a word on
// CORS. The failures come from a `fetch` that throws what runtimes throw; nothing is sent anywhere.

const messages = [{role: 'user' as const, content: 'x'}];

async function failWith(thrown: unknown): Promise<NetworkError> {
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: 'http://127.0.0.1:9/v1',
			retry: 0,
			fetch: async () => {
				throw thrown;
			},
		}),
	);
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.cause).toBe(thrown);
	return error as NetworkError;
}

afterEach(() => {
	vi.unstubAllGlobals();
});

test.each<[string, unknown, string]>([
	['its cause has a code', {code: 'ECONNRESET', message: 'read ECONNRESET'}, 'fetch failed (ECONNRESET)'],
	['its cause has words only', {message: 'other side closed'}, 'fetch failed (other side closed)'],
	['its cause has a code that is no string', {code: 5, message: 'socket hang up'}, 'fetch failed (socket hang up)'],
	['its cause has neither', {code: 5, message: 7}, 'fetch failed'],
	['its cause is an empty object', {}, 'fetch failed'],
	['its cause is text', 'text cause', 'fetch failed'],
	['its cause is null', null, 'fetch failed'],
])("the runtime's error where %s", async (_what, cause, said) => {
	const error = await failWith(new TypeError('fetch failed', {cause}));
	expect(error.message).toBe(`Local: request failed: ${said}`);
});

test('a failure that is no Error object is quoted as text', async () => {
	expect((await failWith('connection refused by policy')).message).toBe(
		'Local: request failed: connection refused by policy',
	);
});

test('a cause chain that loops is described and redacted once around', async () => {
	const inner = Object.assign(new Error('inner'), {code: 'ECONNRESET'});
	const outer = new TypeError('fetch failed', {cause: inner});
	inner.cause = outer;
	expect((await failWith(outer)).message).toBe('Local: request failed: fetch failed (ECONNRESET)');
});

const hint =
	". The server is unreachable, or the browser blocked the request (CORS: the server must allow this page's origin)";

test.each<[string, string]>([
	['a page', 'document'],
	['a web worker', 'WorkerGlobalScope'],
])('in %s, "Failed to fetch" also names CORS', async (_where, global) => {
	vi.stubGlobal(global, {});
	expect((await failWith(new TypeError('Failed to fetch'))).message).toBe(
		`Local: request failed: Failed to fetch${hint}`,
	);
});

test('outside a browser there is no word on CORS', async () => {
	expect((await failWith(new TypeError('Failed to fetch'))).message).toBe('Local: request failed: Failed to fetch');
});
