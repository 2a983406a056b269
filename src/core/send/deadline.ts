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
