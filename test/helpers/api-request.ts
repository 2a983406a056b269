import type {IncomingHttpHeaders, IncomingMessage} from 'node:http';
import type {Socket} from 'node:net';

/** A request to one of the tests' fake OpenAI-compatible APIs, as the fake saw it. */
export interface ApiRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	json: any;
	/** Text of the last message: it picks the scenario. */
	prompt: string;
	/** Resolves when the TCP connection that carried this request closes. */
	socketClosed: Promise<void>;
	/** True once the server has written the whole response. */
	ended: boolean;
	/** Answer chunks written so far (scenario `long`). */
	written: number;
}

/**
Reads a request's body and records it. `closings` holds one promise per connection (keep-alive connections carry
many requests), so every request on a connection shares its close.
*/
export async function recordApiRequest(
	raw: IncomingMessage,
	closings: WeakMap<Socket, Promise<void>>,
): Promise<ApiRequest> {
	const pieces: Buffer[] = [];
	for await (const piece of raw) pieces.push(piece as Buffer);
	let json: any;
	try {
		json = JSON.parse(Buffer.concat(pieces).toString('utf8'));
	} catch {}

	const {socket} = raw;
	let socketClosed = closings.get(socket);
	if (!socketClosed) {
		socketClosed = socket.destroyed ? Promise.resolve() : new Promise<void>(done => socket.once('close', () => done()));
		closings.set(socket, socketClosed);
	}

	const last = json?.messages?.at(-1)?.content;
	return {
		method: raw.method ?? '',
		path: raw.url ?? '',
		headers: raw.headers,
		json,
		prompt: typeof last === 'string' ? last : '',
		socketClosed,
		ended: false,
		written: 0,
	};
}
