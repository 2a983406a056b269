export interface ProviderErrorOptions {
	cause?: unknown;
	status?: number;
	provider?: string;
	requestId?: string;
	code?: string;
	type?: string;
}

/**
Base of every error the library raises. Messages are built redacted (see `utils/redact.ts`):
they never hold the API key, so neither do `stack` nor `JSON.stringify(error)`.
*/
export class ProviderError extends Error {
	override name = 'ProviderError';
	status?: number;
	provider?: string;
	/** The server's `x-request-id`, for support tickets. */
	requestId?: string;
	/** `error.code` / `error.type` of the server's error body. */
	code?: string;
	type?: string;

	constructor(message: string, options: ProviderErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		// Only defined fields become own properties, so JSON output stays small.
		if (options.status !== undefined) this.status = options.status;
		if (options.provider !== undefined) this.provider = options.provider;
		if (options.requestId !== undefined) this.requestId = options.requestId;
		if (options.code !== undefined) this.code = options.code;
		if (options.type !== undefined) this.type = options.type;
	}
}

/** No API key where the provider needs one, or HTTP 401. */
export class MissingAuthError extends ProviderError {
	override name = 'MissingAuthError';
}

/** The model is not offered by the provider. */
export class ModelNotSupportedError extends ProviderError {
	override name = 'ModelNotSupportedError';
}

/** HTTP 402: the account has no credit left. */
export class PaymentRequiredError extends ProviderError {
	override name = 'PaymentRequiredError';
}

/** HTTP 429, after the library's own retries. */
export class RateLimitError extends ProviderError {
	override name = 'RateLimitError';
	/** Seconds the server asked to wait (`Retry-After` / `retry-after-ms`), when it said. */
	retryAfter?: number;

	constructor(message: string, options: ProviderErrorOptions & {retryAfter?: number} = {}) {
		super(message, options);
		if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
	}
}

/** Any other non-2xx status. */
export class ResponseStatusError extends ProviderError {
	override name = 'ResponseStatusError';
}

/** An error inside a 2xx body or stream, unreadable data, an unsupported content type, or a truncated stream. */
export class ResponseError extends ProviderError {
	override name = 'ResponseError';
}

/** The connection failed, was reset or dropped, before or during the body. `cause` holds the runtime's error. */
export class NetworkError extends ProviderError {
	override name = 'NetworkError';
}

/** `timeout` (response headers) or `idleTimeout` (silence while reading the body) was exceeded. */
export class TimeoutError extends ProviderError {
	override name = 'TimeoutError';
}

/** Every provider of a fallback list failed; `errors` maps each provider's name to its error. */
export class RetryNoProviderError extends ProviderError {
	override name = 'RetryNoProviderError';
	errors: Record<string, Error>;

	constructor(message: string, errors: Record<string, Error>) {
		super(message);
		this.errors = errors;
	}
}
