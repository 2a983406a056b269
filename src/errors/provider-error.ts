/** The `name` of each error class of the library; a subclass of your own may have another. */
export type ProviderErrorName =
	| 'ProviderError'
	| 'MissingAuthError'
	| 'AuthenticationError'
	| 'ModelNotSupportedError'
	| 'PaymentRequiredError'
	| 'RateLimitError'
	| 'ResponseStatusError'
	| 'ResponseError'
	| 'NetworkError'
	| 'TimeoutError'
	| 'RetryNoProviderError'
	| 'StructuredOutputError';

/** What a `ProviderError` carries besides its message (the fields the server said, where it said them). */
export interface ProviderErrorOptions {
	/** The underlying error (a `NetworkError`'s runtime error). */
	cause?: unknown;
	/** The HTTP status of the response that failed. */
	status?: number;
	/** The provider's name: its `label`, else its class name. */
	provider?: string;
	/** The server's `x-request-id` header. */
	requestId?: string;
	/** `code` of the server's error body. */
	code?: string;
	/** `type` of the server's error body. */
	type?: string;
	/** `param` of the server's error body. */
	param?: string;
}

/**
Marks the library's errors. `Symbol.for` returns the same symbol to every copy of the library (a CDN build beside a
bundled one) and in every realm, so `isProviderError` recognises them all; `instanceof` sees one copy only.
*/
const brand = Symbol.for('cablyai.ProviderError');

/**
Base of every error the library raises; `isProviderError(value)` tells one apart, from any copy of the library.
Messages are built redacted: they never hold the API key, so neither do `stack` nor `JSON.stringify(error)`.
A field the error does not know is `undefined`.
*/
export class ProviderError extends Error {
	/**
	The class's name, e.g. `'RateLimitError'`: set as a string, so minified builds keep it (they rename classes).
	Each subclass narrows it to its own literal.
	*/
	override readonly name: ProviderErrorName | (string & {}) = 'ProviderError';
	/** The HTTP status of the response that failed; absent when there was none (no response, checks before sending). */
	declare status?: number;
	/** The provider's name (its `label`, else its class name); absent on `RetryNoProviderError`. */
	declare provider?: string;
	/** The server's `x-request-id` header, for support tickets, when it sent one. */
	declare requestId?: string;
	/** `error.code` of the server's error body (e.g. `'rate_limit_exceeded'`), when it sent one; numbers become strings. */
	declare code?: string;
	/** `error.type` (else `error.status`) of the server's error body (e.g. `'invalid_request_error'`), when it sent one. */
	declare type?: string;
	/** `error.param` of the server's error body: the request field at fault (e.g. `'temperature'`), when it said. */
	declare param?: string;

	constructor(message: string, options: ProviderErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		// Only the fields it knows are set (the others are declared, not defined): `'status' in error` tells.
		for (const key of ['status', 'provider', 'requestId', 'code', 'type', 'param'] as const) {
			if (options[key] !== undefined) (this as ProviderErrorOptions)[key] = options[key] as never;
		}
	}
}

// On the prototype, so every instance and subclass carries it at no cost, and not in the types.
Object.defineProperty(ProviderError.prototype, brand, {value: true});

/**
True for an error of this library, from this copy or any other (a page that loads the CDN build and a bundled one,
another realm): it checks a `Symbol.for` brand, not `instanceof`. Objects that merely look alike are rejected.

@example
```
try {
	await collect(CablyAI.createAsyncGenerator('', messages, {apiKey}));
} catch (error) {
	if (isProviderError(error)) console.log(error.name, error.status, error.message);
	else throw error;
}
```
*/
export function isProviderError(value: unknown): value is ProviderError {
	return typeof value === 'object' && value !== null && (value as {[brand]?: unknown})[brand] === true;
}

/** No API key where the provider needs one (before sending), or HTTP 401 to a request sent without one. */
export class MissingAuthError extends ProviderError {
	override readonly name = 'MissingAuthError';
}

/** HTTP 401 or 403 to a request that carried a key: the key is wrong, revoked, or not allowed this model or route. */
export class AuthenticationError extends ProviderError {
	override readonly name = 'AuthenticationError';
}

/** The model is not in the provider's known model list (before sending), or no model was given and it has no default. */
export class ModelNotSupportedError extends ProviderError {
	override readonly name = 'ModelNotSupportedError';
}

/** HTTP 402: the account has no credit left. */
export class PaymentRequiredError extends ProviderError {
	override readonly name = 'PaymentRequiredError';
}

/** HTTP 429, after the library's own retries. */
export class RateLimitError extends ProviderError {
	override readonly name = 'RateLimitError';
	/**
	Seconds the server asked to wait (`retry-after-ms` / 1000, else `Retry-After` in seconds or as a date), as it said
	it, uncapped; absent when it did not say. May have a fraction.
	*/
	declare retryAfter?: number;

	constructor(message: string, options: ProviderErrorOptions & {retryAfter?: number | undefined} = {}) {
		super(message, options);
		if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
	}
}

/** Any other non-2xx status (HTML error pages are named, not dumped), or a redirect that is not followed. */
export class ResponseStatusError extends ProviderError {
	override readonly name = 'ResponseStatusError';
}

/**
An `error` object in a 2xx body or in the stream (`event: error` too), unreadable data, an unsupported content type,
a body over the size limits, or a stream that ended with neither `[DONE]` nor a finish reason.
*/
export class ResponseError extends ProviderError {
	override readonly name = 'ResponseError';
}

/** The connection failed, was reset or dropped, before or during the body. `cause` holds the runtime's error. */
export class NetworkError extends ProviderError {
	override readonly name = 'NetworkError';
}

/** `timeout` (response headers), `idleTimeout` (silence while reading the body) or `deadline` (the whole answer) was exceeded. */
export class TimeoutError extends ProviderError {
	override readonly name = 'TimeoutError';
}

/** Every provider of an `IterListProvider` / `RotatedProvider` failed; has neither `status` nor `provider`. */
export class RetryNoProviderError extends ProviderError {
	override readonly name = 'RetryNoProviderError';
	/** Each provider's error by provider name (`label`, else class name), in the order they were tried. */
	errors: Record<string, ProviderError>;

	constructor(message: string, errors: Record<string, ProviderError>) {
		super(message);
		this.errors = errors;
	}
}
