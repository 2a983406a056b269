import {NetworkError, TimeoutError} from '../errors/provider-error.js';
import {describeCause} from '../utils/describe-cause.js';
import {redact, redactErrorChain} from '../utils/redact.js';
import type {RequestContext} from './context.js';

type BodyReaderOptions = Pick<RequestContext, 'provider' | 'idleTimeout' | 'signal' | 'secret'>;

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
			this.#reader.cancel().catch(() => undefined);
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
