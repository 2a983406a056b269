import {
	AuthenticationError,
	MissingAuthError,
	ModelNotSupportedError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseStatusError,
	RetryNoProviderError,
	TimeoutError,
} from '../index.js';
import {wireNameOf} from './option-names.js';

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
	/** Always `'HttpError'`. */
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

/** A 400 for a request field the client got wrong (`param`: the field, or `null` for the whole body). */
export function invalidValue(param: string | null, message: string): HttpError {
	return new HttpError(400, message, {code: 'invalid_value', param});
}

/** A 400 for a field (or a value of it) that is valid elsewhere but not served here. */
export function unsupportedParameter(param: string, message: string): HttpError {
	return new HttpError(400, message, {code: 'unsupported_parameter', param});
}

/** The 404 for a model not served here: named when the client's request gave it, else "the requested model". */
export function modelNotFound(model?: string): HttpError {
	const which = model === undefined ? 'The requested model' : `The model \`${model.slice(0, 200)}\``;
	return new HttpError(404, `${which} does not exist or is not served here`, {code: 'model_not_found', param: 'model'});
}

// Upstream statuses that mean the client's request was wrong: their (scrubbed) message is the client's to read.
const clientStatuses = new Set([400, 404, 413, 422]);

/** An upstream `code` / `type` the client may see: a short identifier, never free text that could carry data. */
const identifier = /^[A-Za-z0-9_.-]{1,64}$/;
const asIdentifier = (value: unknown): string | undefined =>
	typeof value === 'string' && identifier.test(value) ? value : undefined;
/** An upstream `param`: a field path (`temperature`, `messages[0].content`), never free text. */
const fieldPath = /^[A-Za-z0-9_.[\]-]{1,128}$/;
const asParam = (value: unknown): string | null => (typeof value === 'string' && fieldPath.test(value) ? value : null);

/** The upstream's text without the "<provider>: " prefix the library puts in front (a provider label is the server's). */
// The library ends a 404's message with the request it sent (`(POST https://host/path?…)`), for the caller's eyes: the
// upstream's URL is the server's own business (hosts, account ids, gateway names), never a client's.
const requestLine = / \((?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+\)$/;

function upstreamText(error: ProviderError, scrub: (text: string) => string): string {
	const prefix = error.provider === undefined ? '' : `${error.provider}: `;
	const text = prefix !== '' && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
	return scrub(text.replace(requestLine, '')).slice(0, 1000);
}

function rateLimited(retryAfter: number | undefined, code?: string): HttpError {
	// Retry-After takes whole seconds.
	const headers: Record<string, string> =
		retryAfter === undefined ? {} : {'Retry-After': String(Math.ceil(retryAfter))};
	return new HttpError(429, 'The upstream provider is rate-limiting this server: retry later', {
		type: 'rate_limit_error',
		code: code ?? 'rate_limit_exceeded',
		headers,
	});
}

const upstreamTimeout = () =>
	new HttpError(504, 'The upstream provider did not answer in time', {code: 'upstream_timeout'});
/** The handler's own words; the upstream's `code` and `type` when they are short identifiers (`model_crashed`). */
const upstreamFailed = (error?: ProviderError) =>
	new HttpError(502, 'The upstream provider failed to answer', {
		type: asIdentifier(error?.type) ?? 'server_error',
		code: asIdentifier(error?.code) ?? 'upstream_error',
	});

/** A fallback's failure: its kind only; never the providers' labels, URLs or messages (they go to `onError`). */
function fromRetryNoProvider(error: RetryNoProviderError): HttpError {
	const errors = Object.values(error.errors);
	if (errors.length > 0 && errors.every(item => item instanceof RateLimitError)) {
		const waits = errors
			.map(item => (item as RateLimitError).retryAfter)
			.filter((wait): wait is number => wait !== undefined);
		return rateLimited(waits.length > 0 ? Math.min(...waits) : undefined);
	}

	if (errors.length > 0 && errors.every(item => item instanceof ModelNotSupportedError)) return modelNotFound();
	if (errors.length > 0 && errors.every(item => item instanceof TimeoutError)) return upstreamTimeout();
	return new HttpError(502, 'No upstream provider answered', {code: 'upstream_error'});
}

/**
The library's argument checks ("`messages` is empty…", "`temperature` must be…") carry the option that failed as
data (`error.option`, never parsed from the message): the client's request (400, with the wire name), or the server's
own settings (key, base URL, timeouts: 500, told to `onError` only).
*/
function fromArgumentCheck(error: TypeError & {option?: string}, scrub: (text: string) => string): HttpError {
	const {option} = error;
	const wire = wireNameOf(option);
	if (wire === undefined)
		return new HttpError(500, "The server's configuration is invalid", {code: 'server_misconfigured'});
	const message = scrub(error.message.slice('cablyai: '.length));
	return new HttpError(400, message.replace(`\`${option}\``, `\`${wire}\``), {code: 'invalid_value', param: wire});
}

/**
Maps anything the library (or the handler) threw to the answer the client gets. Only what the client needs goes
out: a request the upstream refused as malformed (400, 404, 422) keeps the upstream's scrubbed message and `param`;
every other upstream failure (401, 403, 429, 5xx, a broken stream, a fallback with none left) gets the handler's own
message. The upstream's `code` and `type` go along when they are short identifiers, except for a refused key (401,
403: the handler's `upstream_auth_failed`, the server's credentials, not the client's). The whole error goes to the
`onError` hook.
*/
export function toHttpError(error: unknown, scrub: (text: string) => string): HttpError {
	if (error instanceof HttpError) return error;
	if (error instanceof TypeError && error.message.startsWith('cablyai: ')) return fromArgumentCheck(error, scrub);

	if (!(error instanceof ProviderError)) {
		if (error instanceof Error && error.name === 'AbortError')
			return new HttpError(499, 'The client closed the request', {code: 'client_closed_request'});
		return new HttpError(500, 'The server failed to handle the request', {code: 'internal_error'});
	}

	if (error instanceof RetryNoProviderError) return fromRetryNoProvider(error);
	if (error instanceof ModelNotSupportedError) return modelNotFound();
	if (error instanceof RateLimitError) return rateLimited(error.retryAfter, asIdentifier(error.code));
	if (error instanceof TimeoutError) return upstreamTimeout();
	// Raised before sending: the server was given no key for this provider. Its configuration, not the client's request.
	if (error instanceof MissingAuthError && error.status === undefined)
		return new HttpError(500, 'The server has no API key for the upstream provider', {code: 'upstream_key_missing'});

	if (
		error instanceof MissingAuthError ||
		error instanceof AuthenticationError ||
		error instanceof PaymentRequiredError ||
		error.status === 403
	) {
		return new HttpError(502, "The upstream provider refused the server's credentials", {
			code: 'upstream_auth_failed',
		});
	}

	if (error instanceof ResponseStatusError && error.status !== undefined) {
		if (clientStatuses.has(error.status)) {
			return new HttpError(error.status === 422 ? 400 : error.status, upstreamText(error, scrub), {
				type: asIdentifier(error.type) ?? 'invalid_request_error',
				code: asIdentifier(error.code) ?? 'upstream_rejected',
				param: asParam(error.param),
			});
		}

		if (error.status === 408 || error.status === 504) return upstreamTimeout();
	}

	return upstreamFailed(error);
}
