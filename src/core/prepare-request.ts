import type {GetModelsOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {buildHeaders} from './build-headers.js';
import {providerName} from './provider-identity.js';
import {collectSecrets} from './secrets.js';
import type {SendOptions} from './send-request.js';
import {apiKeyOf} from './validate-input.js';

/**
What a chat and a model-list request build alike from the caller's options: the headers, the secrets (the key as
sent, the values marked secret, secret header values, the URL's query values: none may show in an error), and ky's options.
*/
export function prepareRequest(
	provider: ProviderConfig,
	options: GetModelsOptions,
	method: 'get' | 'post',
	url: string,
	stream: boolean,
	signal: AbortSignal | undefined,
	timeout: number | false,
): SendOptions {
	const apiKey = apiKeyOf(options);
	const headers = buildHeaders(
		stream ? 'text/event-stream' : 'application/json',
		apiKey,
		provider.headers,
		options.headers,
		provider.apiKeyHeader,
	);
	return {
		provider: providerName(provider),
		secret: collectSecrets(apiKey, headers, url, options.secrets ?? undefined),
		method,
		headers,
		signal,
		timeout,
		retry: options.retry,
		fetch: options.fetch ?? undefined,
		corsHint: provider.corsHint,
	};
}
