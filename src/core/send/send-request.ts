import ky, {isHTTPError, isKyError, isTimeoutError} from 'ky';
import {errorFromStatus} from '../../errors/error-from-status.js';
import {NetworkError, type ProviderError, ResponseStatusError, TimeoutError} from '../../errors/provider-error.js';
import {describeCause} from '../../utils/describe-cause.js';
import {isBrowser} from '../../utils/is-browser.js';
import {redactErrorChain} from '../../utils/redact.js';
import type {RequestContext} from '../context.js';
import {failure} from '../../errors/failure.js';
import {allowsNoRetry, createRetryOptions} from './retry-options.js';

/**
Sends one request through ky (with the library's retry policy) and returns the 2xx response with its body
unread. Redirects are followed here, on the same origin only (see `redirectDecision`). Failures become the
library's errors; an abort rejects with the signal's reason, unwrapped.
*/
export async function sendRequest(url: string, options: RequestContext): Promise<Response> {
	const {signal, onRetry} = options;
	for (let target = url, hops = 0; ; hops++) {
		// With no retry allowed, ky is told so: it never consults a policy then, and normalises a number at once.
		const retry = allowsNoRetry(options.retry)
			? 0
			: createRetryOptions(
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
function libraryError(error: unknown, options: RequestContext): ProviderError {
	const {provider, secret} = options;
	if (isHTTPError(error))
		return errorFromStatus(error.response, error.data, provider, secret, {
			method: options.method,
			url: error.request.url,
			keySent: options.keySent === true,
		});
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

const redirectStatuses = [301, 302, 303, 307, 308];

/** How many same-origin redirects one request may follow. */
export const maxRedirects = 5;

/**
Decides on a redirect the runtime handed back (requests go out with `redirect: 'manual'`): the `URL` to follow, why
not (a string), or `undefined` when the response is no redirect. Followed only on the same origin (or an upgrade
from http to https on the same host): on a cross-origin redirect runtimes drop `Authorization` but send every other
header (`x-api-key`, Azure's `api-key`) to the new origin, and on 307/308 the whole conversation too. The message
names the target's origin only, never its path or query.
*/
export function redirectDecision(response: Response, from: string): URL | string | undefined {
	// Browsers hide a manual redirect's target: nothing to check it against, so nothing is followed.
	if (response.type === 'opaqueredirect') return 'redirect not followed: the browser hides its target';
	const location = response.headers.get('location');
	if (!redirectStatuses.includes(response.status) || location === null) return undefined;
	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		return 'redirect to an invalid URL, not followed';
	}

	const source = new URL(from);
	const httpsUpgrade =
		source.protocol === 'http:' &&
		target.protocol === 'https:' &&
		source.hostname === target.hostname &&
		target.port === '';
	if (target.origin === source.origin || httpsUpgrade) return target;
	return `redirect to another origin (${target.origin}) not followed: it would receive the credentials`;
}
