import {redact, type Secrets} from '../utils/redact.js';
import {serverWait} from '../utils/server-wait.js';
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
	/** The API key and other secrets of the request, removed from anything the server echoes. */
	secret?: Secrets;
}

/** Seconds the server asked to wait: the same rule the retries follow (see `utils/server-wait.ts`). */
export function retryAfterSeconds(headers: Headers): number | undefined {
	const wait = serverWait(headers);
	return wait === undefined ? undefined : wait / 1000;
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
