import ky, {isHTTPError, isKyError, isTimeoutError, type RetryOptions} from 'ky';
import {errorFromStatus} from '../errors/error-from-status.js';
import {NetworkError, type ProviderError, TimeoutError} from '../errors/provider-error.js';
import type {Retry} from '../types/chunk.js';
import {describeCause} from '../utils/describe-cause.js';
import {redact, redactErrorChain} from '../utils/redact.js';
import {observeRetries} from './observe-retries.js';
import {createRetryOptions} from './retry-options.js';

export interface SendOptions {
	provider: string;
	secret?: string;
	method: 'get' | 'post';
	headers: Record<string, string>;
	json?: unknown;
	signal?: AbortSignal;
	timeout: number | false;
	retry?: number | RetryOptions | null;
	fetch?: typeof fetch;
	/** Called before each retry's wait, with the library's error for the failure being retried. */
	onRetry?: (retry: Retry) => void;
}

/**
Sends one request through ky (with the library's retry policy) and returns the 2xx response with its body
unread. Failures become the library's errors; an abort rejects with the signal's reason, unwrapped.
*/
export async function sendRequest(url: string, options: SendOptions): Promise<Response> {
	const {signal, onRetry} = options;
	const retry = createRetryOptions(options.retry, signal);
	try {
		return await ky(url, {
			method: options.method,
			headers: options.headers,
			json: options.json,
			signal,
			timeout: options.timeout,
			retry: onRetry ? observeRetries(retry, (attempt, delay, failure) => {
				onRetry({type: 'retry', attempt, delay, error: libraryError(failure, options)});
			}) : retry,
			fetch: options.fetch,
		});
	} catch (error) {
		if (signal?.aborted) throw signal.reason;
		throw libraryError(error, options);
	}
}

/** ky's error as the library's: ky's errors hold the request, headers and key included. */
function libraryError(error: unknown, {provider, secret, timeout}: SendOptions): ProviderError {
	if (isHTTPError(error)) return errorFromStatus(error.response, error.data, {provider, secret});
	if (isTimeoutError(error)) {
		return new TimeoutError(`${provider}: no response within ${String(timeout)} ms (timeout)`, {provider});
	}

	// Only the runtime's own error is kept as `cause`.
	const cause = isKyError(error) ? error.cause : error;
	redactErrorChain(cause, secret);
	return new NetworkError(redact(`${provider}: request failed: ${describeCause(cause)}`, secret), {provider, cause});
}
