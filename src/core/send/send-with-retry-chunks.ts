import type {Retry} from '../../types/chunk.js';
import {allowsNoRetry} from './retry-options.js';
import type {RequestContext} from '../context.js';
import {sendRequest} from './send-request.js';

/**
`sendRequest` for a generator: yields a `Retry` chunk before each retry's wait and returns the response.
Leaving the generator early (the caller stopped reading during a wait) aborts the request, so nothing is
retried behind the caller's back; the caller's `signal` aborts it as before.
*/
export async function* sendWithRetryChunks(
	url: string,
	options: RequestContext,
): AsyncGenerator<Retry, Response, undefined> {
	const outer = options.signal;
	outer?.throwIfAborted();
	// With neither a signal to follow nor a retry's wait to leave during (`retry: 0`), nothing could abort the request:
	// ky gets no signal, since one costs it an `AbortSignal.any` and fetch a listener (a twentieth of a short request).
	const [controller, unlink] = outer || !allowsNoRetry(options.retry) ? linkedController(outer) : [];
	const retries: Retry[] = [];
	// Ends the loop's current wait. An event while the loop is not waiting calls a spent resolver, which is harmless:
	// the loop checks `retries` and `settled` (synchronously) before it waits again.
	let wake = (): void => {};
	let settled = false;
	const pending = sendRequest(url, {
		...options,
		signal: controller?.signal,
		onRetry(retry) {
			retries.push(retry);
			wake();
		},
	});
	// Handled here, so a request the caller walked away from never becomes an unhandled rejection.
	const settle = (): void => {
		settled = true;
		wake();
	};

	pending.then(settle, settle);
	let returned = false;
	try {
		for (;;) {
			for (let retry = retries.shift(); retry; retry = retries.shift()) yield retry;
			if (settled) {
				returned = true;
				return await pending;
			}

			await new Promise<void>(resolve => {
				wake = resolve;
			});
		}
	} finally {
		unlink?.();
		if (!returned) {
			controller?.abort();
			pending
				.then(
					async response => response.body?.cancel(),
					() => undefined,
				)
				.catch(() => undefined);
		}
	}
}

export interface Deadline {
	/** Aborts with the caller's reason when the caller's signal does, or with the timeout error when time is up. */
	signal: AbortSignal | undefined;
	/** Stops the timer and lets go of the caller's signal; call it when the work ends, however it ends. */
	dispose(): void;
}

/**
A controller that aborts with `signal`'s reason when `signal` aborts (at once when it already has), and the function
that lets go of `signal`. Built by hand rather than with `AbortSignal.any`, which older Safari lacks.
*/
export function linkedController(signal: AbortSignal | undefined): [AbortController, () => void] {
	const controller = new AbortController();
	const forward = () => {
		controller.abort(signal?.reason);
	};

	if (signal?.aborted) forward();
	else signal?.addEventListener('abort', forward, {once: true});
	return [controller, () => signal?.removeEventListener('abort', forward)];
}

/**
A limit on a whole operation (every wait, retry and read in it) rather than on each wait: one signal that carries the
caller's abort and, after `ms`, aborts with `timeoutError()`, so everything that honours the signal stops with it.
*/
export function withDeadline(
	signal: AbortSignal | undefined,
	ms: number | false | null | undefined,
	timeoutError: () => Error,
): Deadline {
	if (ms === false || ms == null) return {signal, dispose() {}};
	const [controller, unlink] = linkedController(signal);
	const timer = setTimeout(() => {
		controller.abort(timeoutError());
	}, ms);
	return {
		signal: controller.signal,
		dispose() {
			clearTimeout(timer);
			unlink();
		},
	};
}
