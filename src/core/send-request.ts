import ky, {isHTTPError, isKyError, isTimeoutError} from 'ky';
import {errorFromStatus} from '../errors/error-from-status.js';
import {NetworkError, ResponseStatusError, TimeoutError} from '../errors/provider-error.js';
import type {RetryPolicy} from '../types/options.js';
import {describeCause} from '../utils/describe-cause.js';
import {isBrowser} from '../utils/is-browser.js';
import {redact, redactErrorChain, type Secrets} from '../utils/redact.js';
import {maxRedirects, redirectDecision} from './redirect.js';
import {createRetryOptions} from './retry-options.js';

export interface SendOptions {
	provider: string;
	secret?: Secrets;
	method: 'get' | 'post';
	headers: Record<string, string>;
	/** The JSON body, already serialised (see `toJsonBody`). */
	body?: string;
	signal?: AbortSignal;
	timeout: number | false;
	retry?: number | RetryPolicy | null;
	fetch?: typeof fetch;
	/** The provider's `corsHint`, added to a browser's NetworkError. */
	corsHint?: string;
}

/**
Sends one request through ky (with the library's retry policy) and returns the 2xx response with its body
unread. Redirects are followed here, on the same origin only (see `redirectDecision`). Failures become the
library's errors; an abort rejects with the signal's reason, unwrapped.
*/
export async function sendRequest(url: string, options: SendOptions): Promise<Response> {
	const {provider, signal, timeout} = options;
	for (let target = url, hops = 0; ; hops++) {
		try {
			return await ky(target, {
				method: options.method,
				headers: options.headers,
				body: options.body,
				redirect: 'manual',
				signal,
				timeout,
				retry: createRetryOptions(options.retry, signal),
				fetch: options.fetch,
			});
		} catch (error) {
			if (signal?.aborted) throw signal.reason;
			if (isHTTPError(error)) {
				const {response} = error;
				const decision = redirectDecision(response, target);
				if (decision && 'follow' in decision && hops < maxRedirects) {
					target = decision.follow;
					continue;
				}

				if (decision) {
					const why = 'refuse' in decision ? decision.refuse : `more than ${maxRedirects} redirects`;
					throw new ResponseStatusError(redact(`${provider}: HTTP ${response.status} ${why}`, options.secret), {status: response.status, provider});
				}

				throw errorFromStatus(response, error.data, {provider, secret: options.secret});
			}

			if (isTimeoutError(error)) {
				throw new TimeoutError(`${provider}: no response within ${String(timeout)} ms (timeout)`, {provider});
			}

			// Only the runtime's own error is kept as `cause`: ky's errors hold the request, headers and key included.
			const cause = isKyError(error) ? error.cause : error;
			redactErrorChain(cause, options.secret);
			throw new NetworkError(redact(`${provider}: request failed: ${describeCause(cause)}${isBrowser() ? browserHint(options.corsHint) : ''}`, options.secret), {provider, cause});
		}
	}
}

/** A page sees the same "Failed to fetch" whether the server is down or CORS blocked the answer: say both. */
function browserHint(corsHint: string | undefined): string {
	const origin = (globalThis as {location?: {origin?: string}}).location?.origin;
	const allow = origin && origin !== 'null' ? ` must allow the origin ${origin}` : ' must allow this page\'s origin';
	return `. The server is unreachable, or the browser blocked the request (CORS: the server${allow})${corsHint ? `. ${corsHint}` : ''}`;
}
