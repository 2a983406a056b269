// Test harness for test/runtimes/chromium.test.ts, loaded as a classic script before the library.
// `runCompletion(lib, …)` streams one completion with `lib` (a module namespace or the global `cablyai`) and
// returns what a test can compare: the chunks, and the error described with the page's own classes.
window.pageErrors = [];
window.addEventListener('unhandledrejection', event =>
	window.pageErrors.push(`unhandled rejection: ${event.reason?.stack ?? event.reason}`),
);
window.addEventListener('error', event => window.pageErrors.push(`error: ${event.message}`));
window.progress = [];

window.runCompletion = async (lib, {base, prompt, abortAfter, breakAfter}) => {
	const controller = new AbortController();
	const reason = new Error('stop pressed');
	const chunks = [];
	window.progress = chunks;
	let texts = 0;
	/** Chunks the generator still yielded after `abort()`: none are expected. */
	let afterAbort;
	try {
		const options = {apiKey: 'sk-browser', stream: true, baseUrl: base, signal: controller.signal, retry: 0};
		for await (const chunk of lib.CablyAI.createAsyncGenerator('', [{role: 'user', content: prompt}], options)) {
			if (afterAbort) {
				afterAbort.push(chunk);
				continue;
			}

			chunks.push(chunk);
			if (typeof chunk === 'string') texts++;
			if (texts === abortAfter) {
				controller.abort(reason);
				afterAbort = [];
			}

			if (texts === breakAfter) break;
		}

		return {chunks, afterAbort};
	} catch (error) {
		const classes = {};
		for (const name of [
			'ProviderError',
			'RateLimitError',
			'MissingAuthError',
			'ResponseStatusError',
			'NetworkError',
			'TimeoutError',
		]) {
			if (error instanceof lib[name]) classes[name] = true;
		}

		return {
			chunks,
			afterAbort,
			error: {
				name: error?.name,
				message: String(error?.message),
				status: error?.status,
				retryAfter: error?.retryAfter,
				requestId: error?.requestId,
				code: error?.code,
				isReason: error === reason,
				isError: error instanceof Error,
				classes,
			},
		};
	}
};
