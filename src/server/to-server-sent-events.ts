import type {Chunk} from '../index.js';
import {type HttpError, toHttpError} from './errors.js';
import {EventEncoder} from './openai-wire.js';

/** Headers of an OpenAI event stream; `X-Accel-Buffering` keeps nginx-style proxies from holding events back. */
export const eventStreamHeaders = {
	'Content-Type': 'text/event-stream; charset=utf-8',
	'Cache-Control': 'no-cache',
	'X-Accel-Buffering': 'no',
} as const;

// One write stays about this size (a TLS record) even when the upstream delivers faster than the client reads: larger
// pieces save little time and cost each stream more memory (npm run bench, handler section).
const maxWrite = 16 * 1024;
const notReady = Symbol('not ready');
const utf8 = new TextEncoder();

type Tick = () => Promise<typeof notReady>;

/**
A promise settled by the next macrotask: it settles only once every chunk that was ready without I/O has been
taken. `setImmediate` where there is one (Node, Bun, Deno), else a message channel (Workers); not setTimeout,
which browsers, Deno and workerd clamp to 4 ms when nested.
*/
function createTick(): Tick {
	const {setImmediate} = globalThis as {
		setImmediate?: (callback: (value: typeof notReady) => void, value: typeof notReady) => unknown;
	};
	if (typeof setImmediate === 'function') return async () => new Promise(resolve => setImmediate(resolve, notReady));
	if (typeof MessageChannel === 'function') {
		const waiting: Array<(value: typeof notReady) => void> = [];
		let channel: MessageChannel | undefined;
		return async () =>
			new Promise(resolve => {
				if (!channel) {
					channel = new MessageChannel();
					channel.port1.onmessage = () => {
						for (const done of waiting.splice(0)) done(notReady);
					};
				}

				waiting.push(resolve);
				channel.port2.postMessage(undefined);
			});
	}

	return async () => new Promise(resolve => setTimeout(resolve, 0, notReady));
}

let tick: Tick | undefined;

/**
Default milliseconds of silence after which a comment line is written: under every runtime's idle timeout (Bun
closes a connection silent for 10 s by default), with room for a timer that fires late.
*/
export const defaultKeepAlive = 5000;
const keepAliveComment = ': keep-alive\n\n';
/**
The longest wait for the answer's first event before the response starts, whatever `keepAlive` is: runtimes close a
request that has no response for their idle timeout (Bun: 10 s), while a short `keepAlive` (for proxies) should not
turn quick upstream failures into in-stream errors instead of HTTP statuses.
*/
const firstEventWait = 5000;

/** Turns chunks into events: the chat-completions `EventEncoder`, or the Responses API's. */
export interface ChunkEncoder {
	/** The events for one chunk; `''` when it has none. */
	encode(chunk: Chunk): string;
	/** The events that end a complete answer. */
	done(): string;
	/** The last events of a stream that failed after it started. */
	error(error: HttpError): string;
}

export interface PumpOptions {
	/** Removes the server's secrets from error messages. */
	scrub: (text: string) => string;
	/** Milliseconds of silence after which a comment is written; `false`: never. */
	keepAlive: number | false;
	/** Called once when the client goes away before the end (stream cancelled). */
	onCancel?: () => void;
	/** Called once when the stream is closed: after its last events, or cancelled (after `onCancel`). */
	onClose?: () => void;
	/** Told of an error that ends the stream after it started (the client gets the handler's own message). */
	onError?: (error: unknown) => void;
}

/**
Turns a generator's chunks into OpenAI server-sent events at the pace of the client: the generator is read only
while the client's side wants more (a slow client slows the upstream read, nothing piles up). The chunks of one
upstream read arrive without I/O in between; they are written as one piece once the next macrotask shows the
generator waiting, since each write costs the server a trip through its HTTP stack, far more than the encoding.
*/
export class EventPump {
	readonly #iterator: AsyncIterator<Chunk, unknown>;
	readonly #encoder: ChunkEncoder;
	readonly #options: PumpOptions;
	#controller: ReadableStreamDefaultController<Uint8Array> | undefined;
	/** Encoded events not written yet. */
	#text = '';
	/** The generator ended (or failed): `#text` holds the last events. */
	#finished = false;
	/** The stream was closed or cancelled. */
	#closed = false;
	/** The client asked for more (a pull) since the last write. */
	#wanted = false;
	#reading = false;
	#flushScheduled = false;
	#keepAliveTimer: ReturnType<typeof setTimeout> | undefined;
	/** The generator's next result, asked for while priming and not arrived when the stream started. */
	#pending: Promise<IteratorResult<Chunk, unknown>> | undefined;

	constructor(iterator: AsyncIterator<Chunk, unknown>, encoder: ChunkEncoder, options: PumpOptions) {
		this.#iterator = iterator;
		this.#encoder = encoder;
		this.#options = options;
	}

	/**
	Waits for the answer's first event (or its end), so that failures before it can still be told with an HTTP
	status: errors are thrown from here, not written into the stream. Waits at most `firstEventWait` (unless keep-alive
	is off): an upstream that thinks longer before its first word would otherwise leave the client without response
	headers past its runtime's idle timeout; the stream then starts with a comment, and a later failure is its last
	event.
	*/
	async prime(): Promise<void> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		// Without keep-alive comments, nothing could keep an early response open: the status waits for the first event.
		const late =
			this.#options.keepAlive === false
				? undefined
				: new Promise<typeof notReady>(resolve => {
						timer = setTimeout(resolve, firstEventWait, notReady);
					});
		try {
			while (this.#text === '' && !this.#finished) {
				const next = this.#iterator.next();
				const result = late === undefined ? await next : await Promise.race([next, late]);
				if (result === notReady) {
					// Read by the stream; a rejection is handled there (this branch only keeps it from being unhandled).
					next.catch(() => undefined);
					this.#pending = next;
					this.#text = keepAliveComment;
					return;
				}

				this.#take(result);
			}
		} finally {
			clearTimeout(timer);
		}
	}

	/** Encodes one result of the generator: a chunk's events, or the end of the answer. */
	#take(result: IteratorResult<Chunk, unknown>): void {
		if (result.done) {
			this.#finished = true;
			this.#text += this.#encoder.done();
		} else {
			this.#text += this.#encoder.encode(result.value);
		}
	}

	/** The events as a byte stream (high-water mark 0: nothing is read ahead of the client). */
	stream(): ReadableStream<Uint8Array> {
		return new ReadableStream<Uint8Array>(
			{
				start: controller => {
					this.#controller = controller;
					this.#armKeepAlive();
				},
				pull: () => {
					this.#want();
				},
				cancel: () => {
					this.#cancel();
				},
			},
			{highWaterMark: 0},
		);
	}

	#want(): void {
		this.#wanted = true;
		if (this.#text !== '') this.#flush();
		if (this.#wanted && !this.#reading && !this.#finished) void this.#read();
	}

	/** Reads chunks while the client wants more and one write has room. */
	async #read(): Promise<void> {
		this.#reading = true;
		try {
			while (this.#wanted && !this.#finished && this.#text.length < maxWrite) {
				const pending = this.#pending;
				this.#pending = undefined;
				const result = await (pending ?? this.#iterator.next());
				if (this.#closed) return;
				this.#take(result);

				if (this.#text !== '' && !this.#flushScheduled) {
					this.#flushScheduled = true;
					tick ??= createTick();
					void tick().then(this.#flushLater);
				}
			}
		} catch (error) {
			if (this.#closed) return;
			try {
				this.#options.onError?.(error);
			} catch {}
			this.#finished = true;
			this.#text += this.#encoder.error(toHttpError(error, this.#options.scrub));
		} finally {
			this.#reading = false;
		}

		// The end and a full write go out at once.
		if (this.#finished || this.#text.length >= maxWrite) this.#flush();
	}

	readonly #flushLater = (): void => {
		this.#flushScheduled = false;
		this.#flush();
	};

	/** Writes what is ready, if the client wants it; closes the stream after the last events. */
	#flush(): void {
		const controller = this.#controller;
		if (this.#closed || !this.#wanted || controller === undefined) return;
		if (this.#text !== '') {
			controller.enqueue(utf8.encode(this.#text));
			this.#text = '';
			this.#wanted = false;
			this.#armKeepAlive();
		}

		if (this.#finished) {
			this.#closed = true;
			clearTimeout(this.#keepAliveTimer);
			controller.close();
			this.#options.onClose?.();
		}
	}

	/**
	(Re)starts the silence timer. A comment line during a long silence (a model thinking, a slow upstream) keeps
	proxies from closing an idle connection, and lets servers that notice a gone client only when they write
	(workerd) notice it, and so abort the upstream request.
	*/
	#armKeepAlive(): void {
		const {keepAlive} = this.#options;
		if (keepAlive === false || this.#closed) return;
		// Node's timers restart in place; elsewhere the timer is replaced.
		const timer = this.#keepAliveTimer as {refresh?: () => unknown} | undefined;
		if (typeof timer?.refresh === 'function') {
			timer.refresh();
			return;
		}

		clearTimeout(this.#keepAliveTimer);
		this.#keepAliveTimer = setTimeout(this.#keepAlive, keepAlive);
	}

	readonly #keepAlive = (): void => {
		if (this.#closed) return;
		if (this.#text === '') this.#text = keepAliveComment;
		this.#flush();
		this.#armKeepAlive();
	};

	#cancel(): void {
		if (this.#closed) return;
		this.#closed = true;
		clearTimeout(this.#keepAliveTimer);
		this.#options.onCancel?.();
		this.#options.onClose?.();
		// A read in progress ends with the abort (caught in #read); return() then ends the generator.
		this.#iterator.return?.().catch(() => undefined);
	}
}

/** Options of `toServerSentEvents`. */
export interface ServerSentEventsOptions {
	/**
	Send the final usage chunk (OpenAI's `stream_options.include_usage`), as OpenAI does when asked.
	@default false
	*/
	includeUsage?: boolean;
	/**
	The model named in the events until the response names its own.
	@default ''
	*/
	model?: string;
	/**
	Extra response headers (CORS, for instance).
	@default undefined (none)
	*/
	headers?: Record<string, string>;
	/**
	Removes secrets from the messages of errors written into the stream (a request the upstream refused as malformed
	keeps its message). The library's errors never hold the API key.
	@default the identity
	*/
	scrub?: (text: string) => string;
	/**
	Milliseconds of silence after which a `: keep-alive` comment is written (clients ignore it). `false`: never.
	@default 5000
	*/
	keepAlive?: number | false;
	/**
	Told of an error that ends the stream, as thrown; the client's last event carries only the handler's own message
	(the upstream's text may hold what the client must not see). What it throws is ignored.
	@default undefined (not told)
	*/
	onError?: ((error: unknown) => void) | null;
}

/**
Any generator from `createAsyncGenerator` (a provider or a fallback) as an OpenAI-format event stream `Response`,
for routes of your own (Next.js, Hono, SvelteKit…): `chat.completion.chunk` events, `[DONE]` at the end, and an
error that happens on the way as a last `data: {"error": …}` event. The status is 200 from the start; pass the
request's `signal` to `createAsyncGenerator` so that a client that goes away stops the upstream request at once.
*/
export function toServerSentEvents(
	generator: AsyncIterator<Chunk, unknown>,
	options: ServerSentEventsOptions = {},
): Response {
	if (typeof generator?.next !== 'function')
		throw new TypeError('cablyai/server: toServerSentEvents() needs the generator createAsyncGenerator() returned');
	const pump = new EventPump(generator, new EventEncoder(options.model ?? '', options.includeUsage === true), {
		scrub: options.scrub ?? (text => text),
		keepAlive: options.keepAlive ?? defaultKeepAlive,
		onError: options.onError ?? undefined,
	});
	return new Response(pump.stream(), {headers: {...options.headers, ...eventStreamHeaders}});
}
