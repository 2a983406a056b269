import type {RetryOptions} from 'ky';
import {isHTTPError} from 'ky';

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
			// ky reads `Retry-After` but not OpenAI's `retry-after-ms`.
			if (isHTTPError(error) && !error.response.headers.has('retry-after')) {
				const milliseconds = Number(error.response.headers.get('retry-after-ms') ?? Number.NaN);
				const {status} = error.response;
				const {statusCodes = retryStatusCodes, afterStatusCodes = retryStatusCodes} = merged;
				if (milliseconds >= 0 && statusCodes.includes(status) && afterStatusCodes.includes(status)) {
					serverDelay = Math.min(milliseconds, merged.maxRetryAfter ?? Number.POSITIVE_INFINITY);
					return true;
				}
			}

			return isConnectionError(error) ? true : undefined;
		},
	};
	const merged: RetryOptions = typeof retry === 'number' ? {...options, limit: retry} : {...options, ...retry};
	return merged;
}
