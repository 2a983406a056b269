import type {CreateOptions, GetModelsOptions} from '../../types/options.js';
import type {ProviderConfig} from '../../types/provider.js';
import {providerName, providerUrl} from './provider.js';
import type {RequestContext} from '../context.js';
import {apiKeyOf, headerEntries, type HeadersOption} from './validate-input.js';
import {isBrowser} from '../../utils/is-browser.js';

const apiEndpointOf = (options: GetModelsOptions): string | null | undefined =>
	(options as Pick<CreateOptions, 'apiEndpoint'>).apiEndpoint;

/** What `prepareRequest` plans from: the provider, the caller's options, and where and how the request goes. */
export interface RequestPlan {
	provider: ProviderConfig;
	options: GetModelsOptions;
	method: 'get' | 'post';
	/** The endpoint: its query values count as secrets. */
	url: string;
	/** Whether an event stream is asked for (the `Accept` header). */
	stream: boolean;
	signal: AbortSignal | undefined;
	timeout: number | false;
	idleTimeout: number | false;
}

/**
What a chat and a model-list request build alike from the caller's options: the headers, the secrets (the key as
sent, the values marked secret, secret header values, the URL's query values: none may show in an error), ky's
options and the limits of the reads.
*/
export function prepareRequest(plan: RequestPlan): RequestContext {
	const {provider, options, url} = plan;
	const apiKey = apiKeyOf(options);
	const headers = buildHeaders(
		plan.stream ? 'text/event-stream' : 'application/json',
		apiKey,
		provider.headers,
		options.headers,
		provider.apiKeyHeader,
	);
	// Copied now, as they are at the call.
	const marked = options.secrets ? [...options.secrets] : undefined;
	let secrets: string[] | undefined;
	return {
		provider: providerName(provider),
		// The caller's `baseUrl` / `apiEndpoint` decides where this goes: the chunk names that server.
		url: providerUrl(provider, options.baseUrl != null || apiEndpointOf(options) != null ? url : undefined),
		// Collected when an error is built, once: a request that succeeds never needs them.
		secret: () => (secrets ??= collectSecrets(apiKey, headers, url, marked)),
		signal: plan.signal,
		idleTimeout: plan.idleTimeout,
		reasoningField: provider.reasoningField,
		method: plan.method,
		headers,
		timeout: plan.timeout,
		retry: options.retry,
		fetch: options.fetch ?? undefined,
		corsHint: provider.corsHint,
		keySent: apiKey !== undefined,
	};
}

/**
Request headers, later entries winning (names compared case-insensitively): Accept and Content-Type, the key
(Authorization, or the provider's `apiKeyHeader`), the provider's own headers (not in browsers, where only CORS-safe
headers go out), then the caller's (any `HeadersInit` form), where `null`/`undefined` removes a header.
*/
export function buildHeaders(
	accept: string,
	apiKey: string | undefined,
	providerHeaders: Record<string, string>,
	callerHeaders: HeadersOption | null | undefined,
	apiKeyHeader = 'authorization',
): Record<string, string> {
	const headers: Record<string, string> = {accept, 'content-type': 'application/json'};
	// The provider's `apiKeyHeader`: a Bearer token in Authorization, else the key as is (Azure's `api-key`).
	const keyHeader = apiKeyHeader.toLowerCase();
	if (apiKey) headers[keyHeader] = keyHeader === 'authorization' ? `Bearer ${apiKey}` : apiKey;
	const caller = headerEntries(callerHeaders);
	const layers = isBrowser() ? [caller] : [Object.entries(providerHeaders), caller];
	for (const layer of layers) {
		for (const [name, value] of layer) {
			if (value == null) delete headers[name.toLowerCase()];
			else headers[name.toLowerCase()] = value;
		}
	}

	return headers;
}

/**
Header names that carry credentials or identify an account: Authorization, Azure's `api-key`, `x-api-key`, cookies,
tokens, `X-JWT`, `X-Bearer`, `X-Passphrase`, `X-Sig`, `X-Private…`, `OpenAI-Organization`, `OpenAI-Project`,
`CF-Access-Client-Id`. A value whose name says none of this is masked when the caller lists it in `secrets`.
*/
const secretHeaderName =
	/auth|key|token|secret|cookie|session|pass|jwt|bearer|sig|private|credential|project|organi[sz]ation|account|client-?id/i;

// Shorter values would mask ordinary text ("HTTP 401") wherever they occur (the messages' search skips values under
// 8 characters anyway: `minSecretLength`).
const minHeaderSecret = 4;
const minQuerySecret = 8;

function decoded(value: string): string {
	try {
		return decodeURIComponent(value.replaceAll('+', ' '));
	} catch {
		return value;
	}
}

/**
Everything of a request that must never show in an error: the API key as sent, the values the caller marked
secret, the values of secret-bearing headers as sent (fetch trims them; after an auth scheme, `Bearer sk-…`, the
credential), and the query values of the URL (keys are sometimes passed there), raw and decoded.
*/
function collectSecrets(
	apiKey: string | undefined,
	headers: Record<string, string>,
	url: string,
	marked: readonly string[] = [],
): string[] {
	// What the caller marked secret (`secrets`) is masked as the key is (from 8 characters: see `minSecretLength`).
	const secrets: string[] = [...marked, ...(apiKey ? [apiKey] : [])].filter(Boolean);
	const add = (value: string, min: number) => {
		const trimmed = value.trim();
		if (trimmed.length >= min) secrets.push(trimmed);
	};

	for (const [name, value] of Object.entries(headers)) {
		if (!secretHeaderName.test(name)) continue;
		// `Bearer sk-…`: the scheme is no secret, and the message stays readable ("Bearer [redacted]").
		add(value.trim().replace(/^[^ ]+ /, ''), minHeaderSecret);
	}

	const [, query] = /\?([^#]*)/.exec(url) ?? [];
	for (const pair of query?.split('&') ?? []) {
		const value = pair.slice(pair.indexOf('=') + 1);
		add(value, minQuerySecret);
		add(decoded(value), minQuerySecret);
	}

	return secrets;
}
