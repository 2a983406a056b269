import ky, {isHTTPError, isKyError, isTimeoutError} from 'ky';
import {errorFromStatus} from '../errors/error-from-status.js';
import {NetworkError, type ProviderError, ResponseStatusError, TimeoutError} from '../errors/provider-error.js';
import type {Retry} from '../types/chunk.js';
import type {RetryPolicy} from '../types/options.js';
import {describeCause} from '../utils/describe-cause.js';
import {isBrowser} from '../utils/is-browser.js';
import {redactErrorChain} from '../utils/redact.js';
import type {RequestContext} from './context.js';
import {failure} from './response-errors.js';
import {maxRedirects, redirectDecision} from './redirect.js';
import {createRetryOptions} from './retry-options.js';

export interface SendOptions extends Pick<RequestContext, 'provider' | 'secret' | 'signal'> {
	method: 'get' | 'post';
	headers: Record<string, string>;
	/** The JSON body, already serialised (see `toJsonBody`). */
	body?: string;
	timeout: number | false;
	retry?: number | RetryPolicy | null;
	fetch?: typeof fetch;
	/** Called before each retry's wait, with the library's error for the failure being retried. */
	onRetry?: (retry: Retry) => void;
	/** The provider's `corsHint`, added to a browser's NetworkError. */
	corsHint?: string;
}

/**
Sends one request through ky (with the library's retry policy) and returns the 2xx response with its body
unread. Redirects are followed here, on the same origin only (see `redirectDecision`). Failures become the
library's errors; an abort rejects with the signal's reason, unwrapped.
*/
export async function sendRequest(url: string, options: SendOptions): Promise<Response> {
	const {signal, onRetry} = options;
	for (let target = url, hops = 0; ; hops++) {
		const retry = createRetryOptions(
			options.retry,
			signal,
			onRetry &&
				((attempt, delay, failure) => {
					onRetry({type: 'retry', attempt, delay, error: libraryError(failure, options)});
				}),
		);
		try {
			return await ky(target, {
				method: options.method,
				headers: options.headers,
				body: options.body,
				redirect: 'manual',
				signal,
				timeout: options.timeout,
				retry,
				fetch: options.fetch,
			});
		} catch (error) {
			if (signal?.aborted) throw signal.reason;
			if (isHTTPError(error)) {
				const {response} = error;
				const decision = redirectDecision(response, target);
				if (decision instanceof URL && hops < maxRedirects) {
					target = decision.href;
					continue;
				}

				if (decision) {
					const why = typeof decision === 'string' ? decision : `more than ${maxRedirects} redirects`;
					throw failure(options, `HTTP ${response.status} ${why}`, {status: response.status}, ResponseStatusError);
				}
			}

			throw libraryError(error, options);
		}
	}
}

/** ky's error as the library's: ky's errors hold the request, headers and key included. */
function libraryError(error: unknown, options: SendOptions): ProviderError {
	const {provider, secret} = options;
	if (isHTTPError(error)) return errorFromStatus(error.response, error.data, provider, secret);
	if (isTimeoutError(error))
		return failure(options, `no response within ${String(options.timeout)} ms (timeout)`, {}, TimeoutError);
	// Only the runtime's own error is kept as `cause`.
	const cause = isKyError(error) ? error.cause : error;
	redactErrorChain(cause, secret);
	const hint = isBrowser() ? browserHint(options.corsHint) : '';
	return failure(options, `request failed: ${describeCause(cause)}${hint}`, {cause}, NetworkError);
}

/** A page sees the same "Failed to fetch" whether the server is down or CORS blocked the answer: say both. */
function browserHint(corsHint: string | undefined): string {
	const origin = (globalThis as {location?: {origin?: string}}).location?.origin;
	const allow = origin && origin !== 'null' ? ` must allow the origin ${origin}` : " must allow this page's origin";
	return `. The server is unreachable, or the browser blocked the request (CORS: the server${allow})${corsHint ? `. ${corsHint}` : ''}`;
}
