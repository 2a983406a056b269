import {afterAll, beforeAll} from 'vitest';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	json: any;
}

export type Handler = (
	request: RecordedRequest,
	response: ServerResponse,
	raw: IncomingMessage,
) => void | Promise<void>;

export interface TestServer {
	url: string;
	/** Every request seen, in order. */
	requests: RecordedRequest[];
	/** Resolves when the socket of the next (or current) response closes. */
	socketClosed(): Promise<void>;
	openSockets(): number;
	setHandler(handler: Handler): void;
	close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records requests and answers with the current handler. */
export async function startServer(handler: Handler): Promise<TestServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	let closeWaiters: Array<() => void> = [];
	const server = createServer(async (raw, response) => {
		const chunks: Buffer[] = [];
		for await (const chunk of raw) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		let json: unknown;
		try {
			json = JSON.parse(body);
		} catch {}

		const request = {method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body, json};
		requests.push(request);
		response.on('close', () => {
			const waiters = closeWaiters;
			closeWaiters = [];
			for (const waiter of waiters) waiter();
		});
		try {
			await current(request, response, raw);
		} catch (error) {
			if (!response.headersSent) response.writeHead(599);
			response.end(String(error));
		}
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		socketClosed: async () => new Promise(resolve => closeWaiters.push(resolve)),
		openSockets: () => sockets.size,
		setHandler(next) {
			current = next;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

export const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** An SSE body from chunk objects: `data: {json}\n\n` each, then `data: [DONE]\n\n`. */
export function sse(chunks: unknown[], {done = true} = {}): string {
	return chunks.map(chunk => `data: ${JSON.stringify(chunk)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** A `chat.completion.chunk` with one choice. */
export function chunk(
	delta: Record<string, unknown> | undefined,
	extra: Record<string, unknown> = {},
	finishReason: string | null = null,
): Record<string, unknown> {
	return {
		id: 'chatcmpl-1',
		object: 'chat.completion.chunk',
		created: 1,
		model: 'gpt-4o-mini',
		choices: [{index: 0, ...(delta === undefined ? {} : {delta}), finish_reason: finishReason}],
		...extra,
	};
}

/** A handler that writes `body` (string or byte pieces) as an event stream, one write per piece, `gap` ms apart. */
export function streamHandler(
	pieces: Array<string | Uint8Array>,
	{gap = 0, status = 200, contentType = 'text/event-stream', end = true} = {},
): Handler {
	return async (_request, response) => {
		response.writeHead(status, {'content-type': contentType, 'cache-control': 'no-cache'});
		response.flushHeaders();
		for (const piece of pieces) {
			if (response.destroyed) return;
			response.write(piece);
			if (gap) await sleep(gap);
		}

		if (end) response.end();
	};
}

export function jsonHandler(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
	return (_request, response) => {
		response.writeHead(status, {'content-type': 'application/json', ...headers});
		response.end(typeof body === 'string' ? body : JSON.stringify(body));
	};
}

/** Everything a generator yields, or the error it ended with (and what came before). */
export async function collect<T>(generator: AsyncIterable<T>): Promise<{chunks: T[]; error?: any}> {
	const chunks: T[] = [];
	try {
		for await (const item of generator) chunks.push(item);
		return {chunks};
	} catch (error) {
		return {chunks, error};
	}
}

/** Joins the answer text of collected chunks. */
export function textOf(chunks: unknown[]): string {
	return chunks.filter((item): item is string => typeof item === 'string').join('');
}

/**
Merges adjacent text and adjacent reasoning chunks of the same field: how they split depends on the network, not the
answer.
*/
export function mergeChunks<T>(chunks: T[]): T[] {
	const result: any[] = [];
	for (const item of chunks as any[]) {
		const last = result.at(-1);
		if (typeof item === 'string' && typeof last === 'string') result[result.length - 1] = last + item;
		else if (item?.type === 'reasoning' && last?.type === 'reasoning' && last.field === item.field) {
			// The field says where the text came from; a stream's reasoning_details entries are kept in order.
			const merged = {...last, text: last.text + item.text};
			if (item.details) merged.details = [...(last.details ?? []), ...item.details];
			result[result.length - 1] = merged;
		} else result.push(item);
	}

	return result;
}

/** A server for the whole test file, started before its tests and closed after them; call to get it. */
export function useServer(handler: Handler = () => undefined): () => TestServer {
	let server: TestServer | undefined;
	beforeAll(async () => {
		server = await startServer(handler);
	});
	afterAll(async () => server?.close());
	return () => server!;
}
