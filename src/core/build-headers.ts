import {isBrowser} from '../utils/is-browser.js';
import {type HeaderEntry, headerEntries, type HeadersOption} from './header-entries.js';

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
	const layers: HeaderEntry[][] = isBrowser() ? [caller] : [Object.entries(providerHeaders), caller];
	for (const layer of layers) {
		for (const [name, value] of layer) {
			if (value == null) delete headers[name.toLowerCase()];
			else headers[name.toLowerCase()] = value;
		}
	}

	return headers;
}
