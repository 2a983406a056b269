import type {RetryOptions} from 'ky';
import {isHTTPError} from 'ky';
import type {RetryPolicy} from '../../types/options.js';
import {causeChain} from '../../utils/cause-chain.js';
import {serverWait} from '../../utils/server-wait.js';

// Failures where nothing reached the server: the connection was refused, or the name did not resolve.
const refusedCodes = ['ECONNREFUSED', 'ConnectionRefused', 'ENOTFOUND', 'EAI_AGAIN'];
// Connection failures that ky does not recognise as network errors (Bun and Deno report them with codes).
const connectionErrorCodes = [
	...refusedCodes.slice(0, 2),
	'ECONNRESET',
	'EPIPE',
	'ConnectionReset',
	'ConnectionClosed',
	'UND_ERR_SOCKET',
];

/** True when a code in `codes` is on the error or down its `cause` chain (ky's error → fetch's TypeError → the socket error), within `depth` links. */
function hasCode(error: unknown, codes: string[], depth?: number): boolean {
	return causeChain(error)
		.slice(0, depth)
		.some(link => codes.includes(String(link.code)));
}

// ky never waits longer than setTimeout can.
const maxSafeTimeout = 2_147_483_647;

const retryStatusCodes = [408, 409, 429, ...Array.from({length: 100}, (_, index) => 500 + index)];

/** Whether `retry` allows no retry at all (`0`, or `{limit: 0}`): then ky never waits to retry. */
export function allowsNoRetry(retry: number | RetryPolicy | null | undefined): boolean {
	return (typeof retry === 'object' ? retry?.limit : retry) === 0;
}

/**
The library's retry policy over ky's: POST is retried too (a chat request that failed before any body byte
was not answered), on connection failures, 408, 409, 429 and 5xx, with jittered exponential backoff.
The server's wait (see `serverWait`: `retry-after-ms`, else `Retry-After` in seconds or as a date) is honoured up to
`maxRetryAfter`; this function decides every HTTP retry itself, so ky's own reading of those headers (which ignores
fractions and follows `RateLimit-Reset`) never applies. With `onlyRefused`, connection failures are retried only
when nothing reached the server. Returns fresh options per request: the server's delay is request state. `report`
hears of each retry before its wait.
*/
export function createRetryOptions(
	retry: number | RetryPolicy | null | undefined,
	signal: AbortSignal | undefined,
	report?: (attempt: number, delay: number, failure: unknown) => void,
): RetryOptions {
	let serverDelay: number | undefined;
	const ours = ({error}: {error: unknown}): boolean | undefined => {
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

		if (merged.onlyRefused) return hasCode(error, refusedCodes);
		// Only the error's own code and its cause's, as before onlyRefused existed.
		return hasCode(error, connectionErrorCodes, 2) || undefined;
	};
	const merged: RetryPolicy = {
		limit: 2,
		methods: ['get', 'post'],
		statusCodes: retryStatusCodes,
		afterStatusCodes: retryStatusCodes,
		maxRetryAfter: 60_000,
		retryOnTimeout: false,
		delay: attempt => serverDelay ?? Math.min(500 * 2 ** (attempt - 1), 30_000),
		// Half to full of the backoff, so many clients do not come back in step; a server's wait is kept as is.
		jitter: delay => serverDelay ?? delay * (0.5 + Math.random() / 2),
		...(typeof retry === 'number' ? {limit: retry} : retry),
	};
	// ky asks `shouldRetry` first (the failure and the retry's number) and ends its backoff with `jitter` (the wait):
	// every retry passes through both, so `report` hears of each with the wait ky is about to make.
	const {shouldRetry: theirs, jitter, backoffLimit = Number.POSITIVE_INFINITY} = merged;
	let attempt = 0;
	let failure: unknown;
	merged.shouldRetry = async state => {
		attempt = state.retryCount;
		failure = state.error;
		// A caller's `shouldRetry` that leaves a failure undecided (undefined) leaves it to this policy, not to ky's.
		return (await theirs?.(state)) ?? ours(state);
	};
	// ky's own steps after `delay`, so the reported wait is the one ky makes.
	merged.jitter = delay => {
		let wait = jitter === true ? Math.random() * delay : typeof jitter === 'function' ? jitter(delay) : delay;
		if (!Number.isFinite(wait) || wait < 0) wait = delay;
		// Whole milliseconds: the `Retry` chunk reports the wait, and a page shows it.
		wait = Math.round(Math.min(backoffLimit, wait, maxSafeTimeout));
		report?.(attempt, wait, failure);
		return wait;
	};
	return merged;
}
