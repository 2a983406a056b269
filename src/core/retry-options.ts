import type {RetryOptions} from 'ky';
import {isHTTPError} from 'ky';
import type {RetryPolicy} from '../types/options.js';
import {serverWait} from '../utils/server-wait.js';

// Connection failures that ky does not recognise as network errors (Bun and Deno report them with codes).
const connectionErrorCodes = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ConnectionRefused',
	'ConnectionReset',
	'ConnectionClosed',
	'UND_ERR_SOCKET',
]);
// Failures where nothing reached the server: the connection was refused, or the name did not resolve.
const refusedCodes = new Set(['ECONNREFUSED', 'ConnectionRefused', 'ENOTFOUND', 'EAI_AGAIN']);

function isConnectionError(error: unknown): boolean {
	const {code, cause} = (error ?? {}) as {code?: unknown; cause?: {code?: unknown}};
	return connectionErrorCodes.has(String(code)) || connectionErrorCodes.has(String(cause?.code));
}

/** True when a code down the `cause` chain (ky's error → fetch's TypeError → the socket error) says "refused". */
function isRefused(error: unknown): boolean {
	const seen = new Set<unknown>();
	for (
		let current = error;
		typeof current === 'object' && current !== null && !seen.has(current);
		current = (current as {cause?: unknown}).cause
	) {
		seen.add(current);
		if (refusedCodes.has(String((current as {code?: unknown}).code))) return true;
	}

	return false;
}

const retryStatusCodes = [408, 409, 429, ...Array.from({length: 100}, (_, index) => 500 + index)];

/**
The library's retry policy over ky's: POST is retried too (a chat request that failed before any body byte
was not answered), on connection failures, 408, 409, 429 and 5xx, with jittered exponential backoff.
The server's wait (see `serverWait`: `retry-after-ms`, else `Retry-After` in seconds or as a date) is honoured up to
`maxRetryAfter`; this function decides every HTTP retry itself, so ky's own reading of those headers (which ignores
fractions and follows `RateLimit-Reset`) never applies. With `onlyRefused`, connection failures are retried only
when nothing reached the server. Returns fresh options per request: the server's delay is request state.
*/
export function createRetryOptions(
	retry: number | RetryPolicy | null | undefined,
	signal: AbortSignal | undefined,
): RetryOptions {
	let serverDelay: number | undefined;
	const options: RetryPolicy = {
		limit: 2,
		methods: ['get', 'post'],
		statusCodes: retryStatusCodes,
		afterStatusCodes: retryStatusCodes,
		maxRetryAfter: 60_000,
		retryOnTimeout: false,
		delay: attempt => serverDelay ?? Math.min(500 * 2 ** (attempt - 1), 30_000),
		// Half to full of the backoff, so many clients do not come back in step; a server's wait is kept as is.
		jitter: delay => serverDelay ?? delay * (0.5 + Math.random() / 2),
		shouldRetry({error}) {
			serverDelay = undefined;
			if (signal?.aborted) return false;
			// The server's wait is read here, not by ky, so every wait passes through `delay`/`jitter`, where Retry
			// chunks are reported.
			if (isHTTPError(error)) {
				const {status, headers} = error.response;
				const {statusCodes = retryStatusCodes, afterStatusCodes = retryStatusCodes} = merged;
				if (!statusCodes.includes(status)) return false;
				const wait = afterStatusCodes.includes(status) ? serverWait(headers) : undefined;
				if (wait !== undefined) serverDelay = Math.min(wait, merged.maxRetryAfter ?? Number.POSITIVE_INFINITY);
				return true;
			}

			if (merged.onlyRefused) return isRefused(error);
			return isConnectionError(error) ? true : undefined;
		},
	};
	const merged: RetryPolicy = typeof retry === 'number' ? {...options, limit: retry} : {...options, ...retry};
	// A caller's `shouldRetry` that leaves a failure undecided (undefined) leaves it to this policy, not to ky's.
	const theirs = typeof retry === 'object' ? retry?.shouldRetry : undefined;
	const ours = options.shouldRetry;
	if (theirs && ours) merged.shouldRetry = async state => (await theirs(state)) ?? ours(state);
	return merged;
}
