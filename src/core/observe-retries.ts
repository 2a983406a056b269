import type {RetryOptions} from 'ky';

// ky never waits longer than setTimeout can.
const maxSafeTimeout = 2_147_483_647;

/**
Wraps retry options so that each retry is reported with the wait ky is about to make, before it waits: ky consults
`shouldRetry` first (the failure and the retry's number) and ends its backoff with `jitter` (the wait). The policy
reads the server's wait itself (`retry-options.ts`), so every retry passes through both.
*/
export function observeRetries(
	retry: RetryOptions,
	report: (attempt: number, delay: number, failure: unknown) => void,
): RetryOptions {
	const {shouldRetry, jitter, backoffLimit = Number.POSITIVE_INFINITY} = retry;
	let attempt = 0;
	let failure: unknown;
	return {
		...retry,
		async shouldRetry(state) {
			attempt = state.retryCount;
			failure = state.error;
			return shouldRetry?.(state);
		},
		// ky's own steps after `delay`, so the reported wait is the one ky makes.
		jitter(delay) {
			let wait = jitter === true ? Math.random() * delay : typeof jitter === 'function' ? jitter(delay) : delay;
			if (!Number.isFinite(wait) || wait < 0) wait = delay;
			wait = Math.min(backoffLimit, wait, maxSafeTimeout);
			report(attempt, wait, failure);
			return wait;
		},
	};
}
