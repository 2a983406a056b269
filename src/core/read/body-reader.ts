import {NetworkError, TimeoutError, ResponseError} from '../../errors/provider-error.js';
import {describeCause} from '../../utils/describe-cause.js';
import {redact, redactErrorChain} from '../../utils/redact.js';
import {type ReadContext, maxBodyLength, maxDescribedLength} from '../context.js';

type BodyReaderOptions = Pick<ReadContext, 'provider' | 'idleTimeout' | 'signal' | 'secret'>;

// The reason a body is cancelled with when it is left unread (after `[DONE]`, or a consumer that stopped). Given, so
// fetch need not build one: Node's undici makes an AbortError (a DOMException and its stack) for a cancel without
// one, about a twentieth of a short streamed request.
const notRead = 'cablyai: the rest of the body is not read';

/**
Reads a response body with `getReader()` (older Safari cannot async-iterate streams), bounding the silence
of each read by `idleTimeout` and honouring `signal` even with a custom `fetch`. Failures become the
library's errors; `close()` cancels the body so the connection is released at once.
*/
export class BodyReader {
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	readonly #options: BodyReaderOptions;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#waitingSince = 0;
	#reading = false;
	#timedOut = false;
	#done = false;

	constructor(body: ReadableStream<Uint8Array>, options: BodyReaderOptions) {
		this.#reader = body.getReader();
		this.#options = options;
		options.signal?.addEventListener('abort', this.#cancel);
	}

	/** The next bytes, or `undefined` at the end of the body. */
	async read(): Promise<Uint8Array | undefined> {
		this.#reading = true;
		this.#waitingSince = Date.now();
		const {idleTimeout} = this.#options;
		if (idleTimeout !== false && this.#timer === undefined) this.#timer = setTimeout(this.#checkIdle, idleTimeout);
		let result: ReadableStreamReadResult<Uint8Array>;
		try {
			result = await this.#reader.read();
		} catch (error) {
			throw this.#failure(error);
		} finally {
			this.#reading = false;
		}

		if (this.#timedOut || this.#options.signal?.aborted) throw this.#failure(undefined);
		if (result.done) {
			this.#done = true;
			return undefined;
		}

		return result.value;
	}

	/** Stops the timer and, unless the body was read to its end, cancels it. */
	close(): void {
		clearTimeout(this.#timer);
		this.#options.signal?.removeEventListener('abort', this.#cancel);
		if (!this.#done) {
			this.#done = true;
			this.#reader.cancel(notRead).catch(() => undefined);
		}
	}

	readonly #cancel = (): void => {
		clearTimeout(this.#timer);
		this.#reader.cancel(this.#options.signal?.reason).catch(() => undefined);
	};

	// One timer at a time: it re-arms itself for the remaining time instead of being reset on every read, and only
	// while a read waits, so a consumer that pauses (or leaves without closing) holds no timer that keeps a process up.
	readonly #checkIdle = (): void => {
		this.#timer = undefined;
		if (!this.#reading) return;
		const idleTimeout = this.#options.idleTimeout as number;
		const waited = Date.now() - this.#waitingSince;
		if (waited >= idleTimeout) {
			this.#timedOut = true;
			this.#cancel();
			return;
		}

		this.#timer = setTimeout(this.#checkIdle, idleTimeout - waited);
	};

	#failure(cause: unknown): unknown {
		const {signal, provider, idleTimeout} = this.#options;
		if (signal?.aborted) return signal.reason;
		if (this.#timedOut) {
			return new TimeoutError(`${provider}: no data for ${idleTimeout} ms while reading the response (idleTimeout)`, {
				provider,
			});
		}

		redactErrorChain(cause, this.#options.secret);
		return new NetworkError(
			redact(`${provider}: connection lost while reading the response: ${describeCause(cause)}`, this.#options.secret),
			{provider, cause},
		);
	}
}

/** `TextDecoder.decode` options for a body read in pieces: one object, not one per read. */
export const streamDecoding = {stream: true};

/**
Reads a whole body as text through a `BodyReader`, so the read has the same idle timer and abort handling as a
stream, and bounded: a body that never ends or expands without bound can neither hang nor exhaust memory.
With `what` ("the JSON answer"), a body over `maxBodyLength` is a `ResponseError` naming the limit; without, only
the start (`maxDescribedLength`) is read, enough to describe the body in an error. The body is released on every exit.
*/
export async function readBodyText(reader: BodyReader, provider: string, what?: string): Promise<string> {
	const limit = what ? maxBodyLength : maxDescribedLength;
	const decoder = new TextDecoder();
	const parts: string[] = [];
	let length = 0;
	try {
		for (let bytes = await reader.read(); bytes !== undefined; bytes = await reader.read()) {
			if (length + bytes.byteLength > limit) {
				if (!what) {
					parts.push(decoder.decode(bytes.subarray(0, limit - length)));
					return parts.join('');
				}

				throw new ResponseError(`${provider}: ${what} exceeds the limit of ${limit / 1024 / 1024} MiB`, {provider});
			}

			length += bytes.byteLength;
			parts.push(decoder.decode(bytes, streamDecoding));
		}

		parts.push(decoder.decode());
		return parts.join('');
	} finally {
		reader.close();
	}
}
