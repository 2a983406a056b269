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

/**
Maps a non-2xx response (status, headers, body) to the contract's error class; `secret` (the key and other
secrets of the request) is removed from anything the server echoes.
*/
export function errorFromStatus(response: Response, body: unknown, provider: string, secret: Secrets): ProviderError {
	const {status} = response;
	const details = describeErrorBody(body, secret);
	const statusText = response.statusText ? ` ${response.statusText}` : '';
	const said = details.message ? `: ${details.message}` : '';
	const message = redact(`${provider}: HTTP ${status}${statusText}${said}`, secret);
	const options = {
		status,
		provider,
		requestId: redact(response.headers.get('x-request-id') ?? '', secret) || undefined,
		code: details.code && redact(details.code, secret),
		type: details.type && redact(details.type, secret),
	};
	switch (status) {
		case 401: {
			return new MissingAuthError(message, options);
		}

		case 402: {
			return new PaymentRequiredError(message, options);
		}

		case 429: {
			// Seconds, by the same rule the retries follow (see `utils/server-wait.ts`).
			const wait = serverWait(response.headers);
			return new RateLimitError(message, {...options, retryAfter: wait === undefined ? undefined : wait / 1000});
		}

		default: {
			return new ResponseStatusError(message, options);
		}
	}
}
