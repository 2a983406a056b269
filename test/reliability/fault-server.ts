import {inspect} from 'node:util';
import {createServer as createTcpServer} from 'node:net';
import type {ServerResponse} from 'node:http';
import {collect, sleep, type Handler, type TestServer, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import type {Chunk, CreateOptions} from '../../src/index.js';

/**
Fault injection for the reliability tests, on top of the shared loopback server (test/helpers/fake-openai.ts).
Every handler here misbehaves in one way real servers and networks do; the server records when each request
arrived, so retry counts and delays are visible to the tests.
*/
export interface FaultServer extends TestServer {
	/** `Date.now()` when each request (attempt) arrived, in order. */
	arrivals: number[];
	/** Sets the handler and forgets earlier requests and arrivals. */
	use(handler: Handler): void;
	/** `${url}/v1`, the base URL to pass as `baseUrl`. */
	base: string;
}

/** One fault server for the test file (started before its tests, closed after them). */
export function useFaultServer(): () => FaultServer {
	const get = useServer();
	const arrivals: number[] = [];
	let wrapped: FaultServer | undefined;
	return () => {
		const server = get();
		if (wrapped?.url === server.url) return wrapped;
		wrapped = Object.assign(Object.create(server) as TestServer, {
			arrivals,
			base: `${server.url}/v1`,
			use(handler: Handler) {
				server.requests.length = 0;
				arrivals.length = 0;
				server.setHandler(async (request, response, raw) => {
					arrivals.push(Date.now());
					await handler(request, response, raw);
				});
			},
		}) as FaultServer;
		return wrapped;
	};
}

export const messages = [{role: 'user' as const, content: 'x'}];

import {within} from '../helpers/within.js';

export {within};

/** Streams one chat from `server` with `handler` answering, and collects what it yields and how it ended. */
export async function run(
	server: FaultServer,
	handler: Handler,
	options: CreateOptions = {},
	deadline = 15_000,
): Promise<{chunks: Chunk[]; error?: any}> {
	server.use(handler);
	return within(
		collect(Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server.base, retry: 0, ...options})),
		deadline,
	);
}

// ——— faults before any response ———

/** Closes the connection (FIN) as soon as the request is read: no status line at all. */
export const closeWithoutResponse: Handler = (_request, _response, raw) => {
	raw.socket.end();
};

/** Resets the connection (RST) as soon as the request is read. */
export const resetBeforeHeaders: Handler = (_request, _response, raw) => {
	raw.socket.resetAndDestroy();
};

/** Sends half a status line and header block, then closes. */
export const cutInsideHeaders: Handler = (_request, _response, raw) => {
	raw.socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/event-str');
};

/** Answers with bytes that are not HTTP at all. */
export const notHttp: Handler = (_request, _response, raw) => {
	raw.socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
};

/** Reads the request and never answers (the test server destroys the socket at the end of the file). */
export const neverRespond: Handler = () => undefined;

// ——— faults inside a 200 event stream ———

export function openStream(response: ServerResponse, headers: Record<string, string> = {}): void {
	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers});
	response.flushHeaders();
	response.socket?.setNoDelay(true);
}

/** Writes `body`, waits, then ends the connection with `fault`: 'reset' (RST), 'close' (FIN mid-body) or 'hang' (silence). */
export function streamThen(body: string | Uint8Array, fault: 'reset' | 'close' | 'hang', pause = 30): Handler {
	return async (_request, response) => {
		openStream(response);
		response.write(body);
		await sleep(pause);
		if (fault === 'reset') response.socket?.resetAndDestroy();
		else if (fault === 'close') response.socket?.end();
		// 'hang': nothing more, ever.
	};
}

/** Writes `body` one byte at a time, `gap` ms apart, then ends it. */
export function trickle(body: string | Uint8Array, gap: number): Handler {
	const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
	return async (_request, response) => {
		openStream(response);
		for (const byte of bytes) {
			if (response.destroyed) return;
			response.write(Buffer.of(byte));
			await sleep(gap);
		}

		response.end();
	};
}

/** A status, a body and headers (no body at all for `body === undefined`). */
export function answer(status: number, body?: string, headers: Record<string, string> = {}): Handler {
	return (_request, response) => {
		response.writeHead(status, headers);
		response.end(body);
	};
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
	const tcp = createTcpServer();
	await new Promise<void>(resolve => tcp.listen(0, '127.0.0.1', resolve));
	const {port} = tcp.address() as {port: number};
	await new Promise(resolve => tcp.close(resolve));
	return port;
}

/** Waits (bounded) until `condition()` holds; returns whether it did. */
export async function eventually(condition: () => boolean, ms = 5000, step = 20): Promise<boolean> {
	for (const end = Date.now() + ms; Date.now() < end; await sleep(step)) if (condition()) return true;
	return condition();
}

// ——— secrets ———

/**
Everything an error exposes to a log or a bug report: message, stack, `String()`, `JSON.stringify`, all own
properties (enumerable or not) down the `cause` chain, `errors` of aggregate errors, and `util.inspect` with
hidden properties shown.
*/
export function exposed(error: unknown): string {
	const parts: string[] = [];
	const seen = new Set<unknown>();
	const visit = (value: unknown, depth: number): void => {
		if (value === null || value === undefined || depth > 8) return;
		if (typeof value !== 'object' && typeof value !== 'function') {
			parts.push(String(value));
			return;
		}

		if (seen.has(value)) return;
		seen.add(value);
		if (value instanceof Error) {
			parts.push(String(value), value.message, String(value.stack));
			try {
				parts.push(JSON.stringify(value) ?? '');
			} catch {}
		}

		for (const name of Reflect.ownKeys(value)) {
			parts.push(String(name));
			try {
				visit((value as Record<PropertyKey, unknown>)[name], depth + 1);
			} catch {}
		}
	};

	visit(error, 0);
	parts.push(inspect(error, {showHidden: true, depth: 8, maxStringLength: null, maxArrayLength: null}));
	return parts.join('\n');
}

/** Every `length`-character piece of `secret`: none may show, or a log would hold most of the key. */
export function fragments(secret: string, length = 12): string[] {
	return Array.from({length: secret.length - length + 1}, (_, index) => secret.slice(index, index + length));
}
