import {redact, type Secrets} from '../utils/redact.js';
import {type ProviderError, type ProviderErrorOptions, ResponseError} from './provider-error.js';

/**
The one way a request's error is built: "<provider>: <message>", redacted, with the provider named; a
`ResponseError` unless `Class` says otherwise.
*/
export function failure<T extends ProviderError = ResponseError>(
	context: {provider: string; secret?: Secrets},
	message: string,
	options?: ProviderErrorOptions,
	Class: new (message: string, options: ProviderErrorOptions) => T = ResponseError as never,
): T {
	return new Class(redact(`${context.provider}: ${message}`, context.secret), {...options, provider: context.provider});
}
