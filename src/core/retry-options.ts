import type {RetryOptions} from 'ky';
import {isHTTPError} from 'ky';
import {retryAfterSeconds} from '../errors/error-from-status.js';

// Connection failures that ky does not recognise as network errors (Bun and Deno report them with codes).
const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ConnectionRefused', 'ConnectionReset', 'ConnectionClosed', 'UND_ERR_SOCKET']);

export function isConnectionError(error: unknown): boolean {
	const {code, cause} = (error ?? {}) as {code?: unknown; cause?: {code?: unknown}};
	return connectionErrorCodes.has(String(code)) || connectionErrorCodes.has(String(cause?.code));
}

const retryStatusCodes = [408, 409, 429, ...Array.from({length: 100}, (_, index) => 500 + index)];

/**
The library's retry policy over ky's: POST is retried too (a chat request that failed before any body byte
was not answered), on connection failures, 408, 409, 429 and 5xx, with jittered exponential backoff.
The server's wait (`Retry-After` in seconds or as a date, or `retry-after-ms`) is honoured up to
`maxRetryAfter`. Returns fresh options per request: the `retry-after-ms` delay is request state.
*/
export function createRetryOptions(retry: number | RetryOptions | null | undefined, signal: AbortSignal | undefined): RetryOptions {
	let serverDelay: number | undefined;
	const options: RetryOptions = {
		limit: 2,
		methods: ['get', 'post'],
		statusCodes: retryStatusCodes,
		afterStatusCodes: retryStatusCodes,
		maxRetryAfter: 60_000,
		retryOnTimeout: false,
		delay: attempt => serverDelay ?? Math.min(500 * 2 ** (attempt - 1), 30_000),
		// Half to full of the backoff, so many clients do not come back in step; a server's wait is kept as is.
		jitter: delay => serverDelay ?? delay * (0.5 + (Math.random() / 2)),
		shouldRetry({error}) {
			serverDelay = undefined;
			if (signal?.aborted) return false;
			// The server's wait is read here, not by ky (which knows no `retry-after-ms`), by the rule that gives
			// RateLimitError.retryAfter; so every wait passes through `delay`/`jitter`, where Retry chunks are reported.
			if (isHTTPError(error)) {
				const {status} = error.response;
				const {statusCodes = retryStatusCodes, afterStatusCodes = retryStatusCodes} = merged;
				if (!statusCodes.includes(status)) return false;
				const seconds = afterStatusCodes.includes(status) ? retryAfterSeconds(error.response.headers) : undefined;
				if (seconds !== undefined) serverDelay = Math.min(seconds * 1000, merged.maxRetryAfter ?? Number.POSITIVE_INFINITY);
				return true;
			}

			return isConnectionError(error) ? true : undefined;
		},
	};
	const merged: RetryOptions = typeof retry === 'number' ? {...options, limit: retry} : {...options, ...retry};
	// A caller's `shouldRetry` that leaves a failure undecided (undefined) leaves it to this policy, not to ky's.
	const theirs = typeof retry === 'object' ? retry?.shouldRetry : undefined;
	if (theirs) merged.shouldRetry = async state => (await theirs(state)) ?? options.shouldRetry!(state);
	return merged;
}
