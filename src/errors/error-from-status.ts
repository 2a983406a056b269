import {redact, type Secrets} from '../utils/redact.js';
import {serverWait} from '../utils/server-wait.js';
import {describeErrorBody} from './describe-error-body.js';
import {failure} from './failure.js';
import {
	AuthenticationError,
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

/** What the failed request was: where it went (named in a 404) and whether it carried a key. */
export interface FailedRequest {
	method: string;
	url: string;
	keySent: boolean;
}

/**
Maps a non-2xx response (status, headers, body) to the contract's error class; `secret` (the key and other
secrets of the request) is removed from anything the server echoes.
*/
export function errorFromStatus(
	response: Response,
	body: unknown,
	provider: string,
	secret: Secrets,
	request?: FailedRequest,
): ProviderError {
	const {status, statusText, headers} = response;
	const {message, code, type, param} = describeErrorBody(body, secret);
	// Seconds, by the same rule the retries follow (see `utils/server-wait.ts`).
	const wait = status === 429 ? serverWait(headers) : undefined;
	// A wrong base URL shows as a 404: name what was asked for, without the query (keys are sometimes passed there).
	const asked =
		status === 404 && request ? ` (${request.method.toUpperCase()} ${request.url.replace(/\?.*/s, '?…')})` : '';
	// A key was sent and refused: not the "no key" of MissingAuthError.
	const ErrorClass =
		(status === 401 || status === 403) && request?.keySent ? AuthenticationError : classByStatus[status];
	return failure(
		{provider, secret},
		`HTTP ${status}${statusText ? ` ${statusText}` : ''}${message ? `: ${message}` : ''}${asked}`,
		{
			status,
			requestId: redact(headers.get('x-request-id') ?? '', secret) || undefined,
			code,
			type,
			param,
			retryAfter: wait === undefined ? undefined : wait / 1000,
		} as ProviderErrorOptions, // `retryAfter` is read by RateLimitError only
		ErrorClass ?? ResponseStatusError,
	);
}
