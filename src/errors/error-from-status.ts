import {redact} from '../utils/redact.js';
import {describeErrorBody} from './describe-error-body.js';
import {
	MissingAuthError,
	PaymentRequiredError,
	type ProviderError,
	RateLimitError,
	ResponseStatusError,
} from './provider-error.js';

export interface ErrorContext {
	provider: string;
	/** The API key, removed from anything the server echoes. */
	secret?: string;
}

/** Seconds to wait, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers): number | undefined {
	const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN);
	if (milliseconds >= 0) return milliseconds / 1000;
	const value = headers.get('retry-after');
	if (value === null) return undefined;
	const seconds = Number(value);
	if (value.trim() !== '' && seconds >= 0) return seconds;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Maps a non-2xx response (status, headers, body) to the contract's error class. */
export function errorFromStatus(response: Response, body: unknown, context: ErrorContext): ProviderError {
	const {status} = response;
	const details = describeErrorBody(body, context.secret);
	const statusText = response.statusText ? ` ${response.statusText}` : '';
	const said = details.message ? `: ${details.message}` : '';
	const message = redact(`${context.provider}: HTTP ${status}${statusText}${said}`, context.secret);
	const options = {
		status,
		provider: context.provider,
		requestId: redact(response.headers.get('x-request-id') ?? '', context.secret) || undefined,
		code: details.code === undefined ? undefined : redact(details.code, context.secret),
		type: details.type === undefined ? undefined : redact(details.type, context.secret),
	};
	switch (status) {
		case 401: {
			return new MissingAuthError(message, options);
		}

		case 402: {
			return new PaymentRequiredError(message, options);
		}

		case 429: {
			return new RateLimitError(message, {...options, retryAfter: retryAfterSeconds(response.headers)});
		}

		default: {
			return new ResponseStatusError(message, options);
		}
	}
}
