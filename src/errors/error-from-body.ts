import {redact, removeSecrets, type Secrets} from '../utils/redact.js';
import {describeErrorBody} from './describe-error-body.js';
import {ProviderError, ResponseError} from './provider-error.js';

/** What errors raised while reading a response need: the provider, its URL and the key to keep out. */
export interface ParseContext {
	provider: string;
	url: string;
	secret?: Secrets;
}

/** Raises the error object a 2xx body or stream event carries. */
export function errorFromBody(body: unknown, context: ParseContext, status?: number): ResponseError {
	const details = describeErrorBody(body, context.secret);
	const said = details.message ?? 'the server reported an error';
	return new ResponseError(redact(`${context.provider}: ${said}`, context.secret), {
		status,
		provider: context.provider,
		code: details.code && redact(details.code, context.secret),
		type: details.type && redact(details.type, context.secret),
	});
}

/** Data that cannot be read as what it should be (not JSON, not a chunk), quoted briefly. */
export function unreadable(context: ParseContext, what: string, data: string): ResponseError {
	// Redacted before it is cut: a key straddling the cut would otherwise leave its first characters.
	const clean = removeSecrets(data, context.secret);
	const snippet = clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
	return new ResponseError(redact(`${context.provider}: unreadable response data (${what}): ${snippet}`, context.secret), {
		provider: context.provider,
	});
}

/**
Any other failure while interpreting server data (a `RangeError` from data nested deeper than the stack, say) as a
`ResponseError`: whatever a server sends, what comes out is a `ProviderError`, and a fallback moves on.
*/
export function asResponseError(error: unknown, context: ParseContext): unknown {
	if (error instanceof ProviderError) return error;
	const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return new ResponseError(redact(`${context.provider}: unreadable response data (${what})`, context.secret), {provider: context.provider, cause: error});
}
