import {describeErrorBody} from './describe-error-body.js';
import {failure} from './failure.js';
import {ProviderError, type ResponseError} from './provider-error.js';
import {removeSecrets, type Secrets} from '../utils/redact.js';
import {shorten} from '../utils/shorten.js';

/** Who answered, and the secrets no message may show. */
type Context = {provider: string; secret: Secrets};

/** Raises the error object a 2xx body or stream event carries. */
export function errorFromBody(body: unknown, context: Context, status?: number): ResponseError {
	const {message = 'the server reported an error', code, type, param} = describeErrorBody(body, context.secret);
	return failure(context, message, {status, code, type, param});
}

/** Data that cannot be read as what it should be (not JSON, not a chunk), quoted briefly. */
export function unreadable(context: Context, what: string, data: string): ResponseError {
	// Redacted before it is cut: a key straddling the cut would otherwise leave its first characters.
	const quoted = data && `: ${shorten(removeSecrets(data, context.secret))}`;
	return failure(context, `unreadable response data (${what})${quoted}`);
}

/**
Any other failure while interpreting server data (a `RangeError` from data nested deeper than the stack, say) as a
`ResponseError`: whatever a server sends, what comes out is a `ProviderError`, and a fallback moves on.
*/
export function asResponseError(error: unknown, context: Context): unknown {
	if (error instanceof ProviderError) return error;
	return failure(
		context,
		`unreadable response data (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`,
		{cause: error},
	);
}
