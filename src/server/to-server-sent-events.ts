import type {Chunk} from '../index.js';
import {toHttpError} from './errors.js';
import {EventEncoder} from './openai-wire.js';

/** Headers of an OpenAI event stream; `X-Accel-Buffering` keeps nginx-style proxies from holding events back. */
export const eventStreamHeaders = {
	'Content-Type': 'text/event-stream; charset=utf-8',
	'Cache-Control': 'no-cache',
	'X-Accel-Buffering': 'no',
} as const;

// One write never grows past this, even when the upstream delivers faster than the client reads.
const maxWrite = 64 * 1024;
const notReady = Symbol('not ready');
const utf8 = new TextEncoder();

type Tick = () => Promise<typeof notReady>;

/**
A promise settled by the next macrotask: it settles only once every chunk that was ready without I/O has been
taken. `setImmediate` where there is one (Node, Bun, Deno), else a message channel (Workers); not setTimeout,
which browsers, Deno and workerd clamp to 4 ms when nested.
*/
function createTick(): Tick {
	const {setImmediate} = globalThis as {setImmediate?: (callback: (value: typeof notReady) => void, value: typeof notReady) => unknown};
	if (typeof setImmediate === 'function') return async () => new Promise(resolve => setImmediate(resolve, notReady));
	if (typeof MessageChannel === 'function') {
		const waiting: Array<(value: typeof notReady) => void> = [];
		let channel: MessageChannel | undefined;
		return async () => new Promise(resolve => {
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

export interface PumpOptions {
	/** Removes the server's secrets from error messages. */
	scrub: (text: string) => string;
	/** Called once when the client goes away before the end (stream cancelled). */
	onCancel?: () => void;
}

/**
Pulls chunks from a generator into OpenAI server-sent events, at the pace of the client: a pull reads the
generator only when the client's side asked for more (a slow client slows the upstream read; nothing piles up).
The chunks of one upstream read arrive without I/O in between; they are written as one piece, since each write
costs the server a trip through its HTTP stack, which is far more than the events' own encoding.
*/
export class EventPump {
	readonly #iterator: AsyncIterator<Chunk, unknown>;
	readonly #encoder: EventEncoder;
	readonly #options: PumpOptions;
	#pending: Promise<IteratorResult<Chunk, unknown>> | undefined;
	#text = '';
	#finished = false;

	constructor(iterator: AsyncIterator<Chunk, unknown>, encoder: EventEncoder, options: PumpOptions) {
		this.#iterator = iterator;
		this.#encoder = encoder;
		this.#options = options;
	}

	/**
	Waits for the answer's first event (or its end), so that failures before it can still be told with an HTTP
	status: errors are thrown from here, not written into the stream.
	*/
	async prime(): Promise<void> {
		while (this.#text === '' && !this.#finished) {
			const result = await this.#iterator.next();
			if (result.done) this.#finish(this.#encoder.done());
			else this.#text += this.#encoder.encode(result.value);
		}
	}

	/** The events as a byte stream, pulled on demand (high-water mark 0: nothing is read ahead). */
	stream(): ReadableStream<Uint8Array> {
		return new ReadableStream<Uint8Array>({
			pull: async controller => this.#pull(controller),
			cancel: async () => this.#cancel(),
		}, {highWaterMark: 0});
	}

	#finish(text: string): void {
		this.#text += text;
		this.#finished = true;
	}

	async #pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
		let text = this.#text;
		this.#text = '';
		// Settles once the chunks that were ready are taken; one per pull.
		let ready: Promise<typeof notReady> | undefined;
		try {
			while (!this.#finished && text.length < maxWrite) {
				const next = this.#pending ?? this.#iterator.next();
				this.#pending = undefined;
				let result: IteratorResult<Chunk, unknown> | typeof notReady;
				if (text === '') {
					result = await next;
				} else {
					// Something is ready to write: add the next chunk only if it comes without waiting for the network.
					result = await Promise.race([next, ready ??= (tick ??= createTick())()]);
					if (result === notReady) {
						this.#pending = next;
						break;
					}
				}

				if (result.done) {
					this.#finished = true;
					text += this.#encoder.done();
				} else {
					text += this.#encoder.encode(result.value);
				}
			}
		} catch (error) {
			this.#finished = true;
			text += this.#encoder.error(toHttpError(error, this.#options.scrub));
		}

		if (text !== '') controller.enqueue(utf8.encode(text));
		if (this.#finished) controller.close();
	}

	#cancel(): void {
		if (this.#finished) return;
		this.#finished = true;
		this.#options.onCancel?.();
		// A pending read ends with the abort; its rejection is expected.
		this.#pending?.catch(() => undefined);
		this.#iterator.return?.().catch(() => undefined);
	}
}

export interface ServerSentEventsOptions {
	/** Send the final usage chunk (OpenAI's `stream_options.include_usage`). Default false, as OpenAI. */
	includeUsage?: boolean;
	/** The model named in the events until the response names its own. */
	model?: string;
	/** Extra response headers (CORS, for instance). */
	headers?: Record<string, string>;
	/** Removes secrets from error messages written into the stream. The library's errors never hold the API key. */
	scrub?: (text: string) => string;
}

/**
Any generator from `createAsyncGenerator` (a provider or a fallback) as an OpenAI-format event stream `Response`,
for routes of your own (Next.js, Hono, SvelteKit…): `chat.completion.chunk` events, `[DONE]` at the end, and an
error that happens on the way as a last `data: {"error": …}` event. The status is 200 from the start; pass the
request's `signal` to `createAsyncGenerator` so that a client that goes away stops the upstream request at once.
*/
export function toServerSentEvents(generator: AsyncIterator<Chunk, unknown>, options: ServerSentEventsOptions = {}): Response {
	if (typeof generator?.next !== 'function') throw new TypeError('cablyai/server: toServerSentEvents() needs the generator createAsyncGenerator() returned');
	const pump = new EventPump(generator, new EventEncoder(options.model ?? '', options.includeUsage === true), {scrub: options.scrub ?? (text => text)});
	return new Response(pump.stream(), {headers: {...options.headers, ...eventStreamHeaders}});
}
