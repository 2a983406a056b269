import {
	MissingAuthError,
	ModelNotSupportedError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseStatusError,
	RetryNoProviderError,
	TimeoutError,
} from '../index.js';

/** The `error` object of an OpenAI error body. */
export interface WireError {
	/** What went wrong, for people; never holds a key or the access token. */
	message: string;
	/** OpenAI's error type: `'invalid_request_error'`, `'authentication_error'`, `'server_error'`, … */
	type: string;
	/** A short machine-readable code (`'model_not_found'`, `'upstream_timeout'`, …), or `null`. */
	code: string | null;
	/** The request field at fault (`'model'`, `'max_tokens'`, …), or `null`. */
	param: string | null;
}

/** A failure the handler answers with an OpenAI error body and the status that tells the client what to do. */
export class HttpError extends Error {
	override name = 'HttpError';
	/** The response status. */
	readonly status: number;
	/** `WireError.type`; by default `'server_error'` for 5xx statuses, else `'invalid_request_error'`. */
	readonly type: string;
	/** `WireError.code`. */
	readonly code: string | null;
	/** `WireError.param`. */
	readonly param: string | null;
	/** Extra response headers: `Allow`, `Retry-After`, `WWW-Authenticate`. */
	readonly headers: Record<string, string>;

	constructor(
		status: number,
		message: string,
		{
			type,
			code = null,
			param = null,
			headers = {},
		}: {type?: string; code?: string | null; param?: string | null; headers?: Record<string, string>} = {},
	) {
		super(message);
		this.status = status;
		this.type = type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
		this.code = code;
		this.param = param;
		this.headers = headers;
	}

	/** The body's `error` object. */
	toWire(): WireError {
		return {message: this.message, type: this.type, code: this.code, param: this.param};
	}
}

/** `{error: {message, type, code, param}}` with the error's status and headers (plus `headers`, e.g. CORS). */
export function errorResponse(error: HttpError, headers: Record<string, string> = {}): Response {
	return Response.json({error: error.toWire()}, {status: error.status, headers: {...headers, ...error.headers}});
}

// Upstream statuses that mean the client's request was wrong; passed on as they are. Others are the server's problem.
const clientStatuses = new Set([400, 404, 413, 422]);

function fromRetryNoProvider(error: RetryNoProviderError, message: string): HttpError {
	const errors = Object.values(error.errors);
	if (errors.length > 0 && errors.every(item => item instanceof RateLimitError)) {
		const waits = errors
			.map(item => (item as RateLimitError).retryAfter)
			.filter((wait): wait is number => wait !== undefined);
		return rateLimited(message, waits.length > 0 ? Math.min(...waits) : undefined);
	}

	if (errors.length > 0 && errors.every(item => item instanceof ModelNotSupportedError))
		return new HttpError(404, message, {code: 'model_not_found', param: 'model'});
	if (errors.length > 0 && errors.every(item => item instanceof TimeoutError))
		return new HttpError(504, message, {code: 'upstream_timeout'});
	return new HttpError(502, message, {code: 'upstream_error'});
}

function rateLimited(message: string, retryAfter: number | undefined): HttpError {
	// Retry-After takes whole seconds.
	const headers: Record<string, string> =
		retryAfter === undefined ? {} : {'Retry-After': String(Math.ceil(retryAfter))};
	return new HttpError(429, message, {type: 'rate_limit_error', code: 'rate_limit_exceeded', headers});
}

// The library's options that come from the client's request, by their wire names.
const clientOptions: Record<string, string> = {
	model: 'model',
	messages: 'messages',
	temperature: 'temperature',
	topP: 'top_p',
	maxTokens: 'max_tokens',
	seed: 'seed',
	stop: 'stop',
	tools: 'tools',
	toolChoice: 'tool_choice',
	responseFormat: 'response_format',
	reasoningEffort: 'reasoning_effort',
	parallelToolCalls: 'parallel_tool_calls',
	user: 'user',
};

/**
The library's argument checks ("`messages` is empty…", "`temperature` must be…") name what failed: the client's
request (400, with the wire name), or the server's own settings (key, base URL, timeouts: 500).
*/
function fromArgumentCheck(message: string): HttpError {
	const name = /^`(\w+)`|^(messages)\[/.exec(message);
	const option = name?.[1] ?? name?.[2];
	const wire = option === undefined ? undefined : clientOptions[option];
	if (wire === undefined)
		return new HttpError(500, `The server's configuration is invalid: ${message}`, {code: 'server_misconfigured'});
	return new HttpError(400, message.replace(`\`${option}\``, `\`${wire}\``), {code: 'invalid_value', param: wire});
}

/**
Maps anything the library (or the handler) threw to the answer the client gets. Messages pass through `scrub`,
which removes the server's secrets; upstream authentication failures keep their text to themselves, since
servers echo parts of the key they refused.
*/
export function toHttpError(error: unknown, scrub: (text: string) => string): HttpError {
	if (error instanceof HttpError) return error;
	if (error instanceof TypeError && error.message.startsWith('cablyai: '))
		return fromArgumentCheck(scrub(error.message.slice('cablyai: '.length)));

	if (!(error instanceof ProviderError)) {
		if (error instanceof Error && error.name === 'AbortError')
			return new HttpError(499, 'The client closed the request', {code: 'client_closed_request'});
		return new HttpError(500, 'The server failed to handle the request', {code: 'internal_error'});
	}

	const message = scrub(error.message);
	if (error instanceof RetryNoProviderError) return fromRetryNoProvider(error, message);
	if (error instanceof ModelNotSupportedError)
		return new HttpError(404, message, {code: 'model_not_found', param: 'model'});
	if (error instanceof RateLimitError) return rateLimited(message, error.retryAfter);
	if (error instanceof TimeoutError) return new HttpError(504, message, {code: 'upstream_timeout'});
	// Raised before sending: the server was given no key for this provider. Its configuration, not the client's request.
	if (error instanceof MissingAuthError && error.status === undefined) {
		return new HttpError(500, `The server has no API key for ${error.provider ?? 'the upstream provider'}`, {
			code: 'upstream_key_missing',
		});
	}

	if (error instanceof MissingAuthError || error instanceof PaymentRequiredError || error.status === 403) {
		return new HttpError(
			502,
			`${error.provider ?? 'The upstream provider'} refused the server's credentials (HTTP ${error.status ?? 'without a status'})`,
			{code: 'upstream_auth_failed'},
		);
	}

	if (error instanceof ResponseStatusError && error.status !== undefined) {
		if (clientStatuses.has(error.status))
			return new HttpError(error.status === 422 ? 400 : error.status, message, {
				code: error.code === undefined ? 'upstream_rejected' : scrub(error.code),
			});
		if (error.status === 408 || error.status === 504) return new HttpError(504, message, {code: 'upstream_timeout'});
	}

	return new HttpError(502, message, {code: 'upstream_error'});
}
