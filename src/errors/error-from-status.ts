import {redact, type Secrets} from '../utils/redact.js';
import {serverWait} from '../utils/server-wait.js';
import {describeErrorBody} from './describe-error-body.js';
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
	const details = describeErrorBody(body, secret);
	const message = redact(
		`${provider}: HTTP ${status}${statusText ? ` ${statusText}` : ''}${details.message ? `: ${details.message}` : ''}`,
		secret,
	);
	// Seconds, by the same rule the retries follow (see `utils/server-wait.ts`).
	const wait = status === 429 ? serverWait(headers) : undefined;
	return new (classByStatus[status] ?? ResponseStatusError)(message, {
		status,
		provider,
		requestId: redact(headers.get('x-request-id') ?? '', secret) || undefined,
		code: details.code,
		type: details.type,
		retryAfter: wait === undefined ? undefined : wait / 1000,
	});
}
