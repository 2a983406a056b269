export interface Deadline {
	/** Aborts with the caller's reason when the caller's signal does, or with the timeout error when time is up. */
	signal: AbortSignal | undefined;
	/** Stops the timer and lets go of the caller's signal; call it when the work ends, however it ends. */
	dispose(): void;
}

/**
A limit on a whole operation (every wait, retry and read in it) rather than on each wait: one signal that carries the
caller's abort and, after `ms`, aborts with `timeoutError()`, so everything that honours the signal stops with it.
Built by hand rather than with `AbortSignal.any`, which older Safari lacks.
*/
export function withDeadline(
	signal: AbortSignal | undefined,
	ms: number | false | null | undefined,
	timeoutError: () => Error,
): Deadline {
	if (ms === false || ms == null) return {signal, dispose() {}};
	const controller = new AbortController();
	const forward = () => {
		controller.abort(signal?.reason);
	};

	if (signal?.aborted) forward();
	else signal?.addEventListener('abort', forward, {once: true});
	const timer = setTimeout(() => {
		controller.abort(timeoutError());
	}, ms);
	return {
		signal: controller.signal,
		dispose() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', forward);
		},
	};
}
