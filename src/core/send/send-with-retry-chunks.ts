import type {Retry} from '../../types/chunk.js';
import {linkedController} from './deadline.js';
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
	const [controller, unlink] = linkedController(outer);
	const retries: Retry[] = [];
	// Ends the loop's current wait. An event while the loop is not waiting calls a spent resolver, which is harmless:
	// the loop checks `retries` and `settled` (synchronously) before it waits again.
	let wake = (): void => {};
	let settled = false;
	const pending = sendRequest(url, {
		...options,
		signal: controller.signal,
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
		unlink();
		if (!returned) {
			controller.abort();
			pending
				.then(
					async response => response.body?.cancel(),
					() => undefined,
				)
				.catch(() => undefined);
		}
	}
}
