import {redact, type Secrets} from '../utils/redact.js';
import {serverWait} from '../utils/server-wait.js';
import {describeErrorBody} from './describe-error-body.js';
import {failure} from './failure.js';
import {
	MissingAuthError,
	PaymentRequiredError,
	type ProviderError,
	type ProviderErrorOptions,
	RateLimitError,
	ResponseStatusError,
} from './provider-error.js';

type StatusErrorClass = new (
	message: string,
	options: ProviderErrorOptions & {retryAfter?: number | undefined},
) => ProviderError;

const classByStatus: Partial<Record<number, StatusErrorClass>> = {
	401: MissingAuthError,
	402: PaymentRequiredError,
	429: RateLimitError,
};

/**
Maps a non-2xx response (status, headers, body) to the contract's error class; `secret` (the key and other
secrets of the request) is removed from anything the server echoes.
*/
export function errorFromStatus(response: Response, body: unknown, provider: string, secret: Secrets): ProviderError {
	const {status, statusText, headers} = response;
	const {message, code, type, param} = describeErrorBody(body, secret);
	// Seconds, by the same rule the retries follow (see `utils/server-wait.ts`).
	const wait = status === 429 ? serverWait(headers) : undefined;
	return failure(
		{provider, secret},
		`HTTP ${status}${statusText ? ` ${statusText}` : ''}${message ? `: ${message}` : ''}`,
		{
			status,
			requestId: redact(headers.get('x-request-id') ?? '', secret) || undefined,
			code,
			type,
			param,
			retryAfter: wait === undefined ? undefined : wait / 1000,
		} as ProviderErrorOptions, // `retryAfter` is read by RateLimitError only
		classByStatus[status] ?? ResponseStatusError,
	);
}
