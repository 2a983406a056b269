import {ModelNotSupportedError, ProviderError} from '../index.js';
import type {HttpError} from './errors.js';

/** Told about every failure the client gets a 5xx for, and every upstream failure, with the error as thrown. */
export type ErrorHook = (error: unknown, request: Request) => void | Promise<void>;

const maxLine = 1000;

/**
The default hook: one line on `console.error`, with the server's secrets removed (log collectors keep what they get).
The error's own text is there: the upstream's body goes to the log, not to the client.
*/
export function logErrorLine(scrub: (text: string) => string): ErrorHook {
	return (error, request) => {
		const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		let path = '';
		try {
			path = new URL(request.url).pathname;
		} catch {}
		const line = scrub(`cablyai/server: ${request.method} ${path} failed: ${what}`).replaceAll(/\s+/g, ' ');
		console.error(line.length > maxLine ? `${line.slice(0, maxLine)}…` : line);
	};
}

/** Whether `onError` hears of a failure: every 5xx, and anything the upstream (or the library talking to it) raised. */
export const isReported = (mapped: HttpError, error: unknown): boolean =>
	mapped.status >= 500 ||
	// A model the provider's list does not have is refused before sending: the client's mistake, not a failure.
	(error instanceof ProviderError && !(error instanceof ModelNotSupportedError && error.status === undefined));

/**
Calls the hook without letting it break the answer: a hook that throws or rejects is ignored (logging must never
turn one failure into another).
*/
export function callHook(hook: ErrorHook, error: unknown, request: Request): void {
	try {
		const result = hook(error, request) as unknown;
		// Any thenable: its rejection (or a `then` that throws) is caught too.
		if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
			Promise.resolve(result).catch(() => undefined);
	} catch {}
}
