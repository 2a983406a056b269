import {isBrowser} from '../../utils/is-browser.js';
import {fail} from '../../utils/fail.js';

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

/** The `headers` option: a record (where `null`/`undefined` removes a header), a `Headers`, or `[name, value]` pairs. */
export type HeadersOption = HeadersInit | Record<string, string | null | undefined>;

export type HeaderEntry = [name: string, value: string | null | undefined];

// RFC 9110 token characters: anything else (a space, a colon, CR or LF) is no header name.
const headerName = /^[!#$%&'*+.^_`|~\w-]+$/;
// What fetch accepts in a value: tab, visible ASCII, Latin-1; never CR, LF or NUL (header injection).
const headerValue = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;

/**
The caller's headers as `[name, value]` pairs, whatever `HeadersInit` form they came in, checked: an invalid name
or value is a `TypeError` here, before any request (fetch would reject it inside the request, where it looks like
a network failure). Messages name the header, never its value, which may be a key.
*/
export function headerEntries(headers: HeadersOption | null | undefined): HeaderEntry[] {
	if (headers == null) return [];
	let entries: HeaderEntry[];
	if (Array.isArray(headers)) {
		entries = headers as HeaderEntry[];
	} else if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
		// By shape, not `instanceof`: a `Headers` from another realm or fetch implementation has no own enumerable entries.
		entries = [];
		(headers as Headers).forEach((value, name) => {
			entries.push([name, value]);
		});
	} else {
		entries = Object.entries(headers);
	}

	for (const entry of entries) {
		if (!Array.isArray(entry) || entry.length !== 2) fail('`headers` pairs must be [name, value]', {option: 'headers'});
		const [name, value] = entry;
		if (typeof name !== 'string' || !headerName.test(name))
			fail(`\`headers\`: ${JSON.stringify(String(name).slice(0, 40))} is not a valid header name`, {option: 'headers'});
		if (value != null && (typeof value !== 'string' || !headerValue.test(value)))
			fail(
				`\`headers\`: the value of ${name} must be a string without line breaks, control or non-Latin-1 characters`,
				{
					option: 'headers',
				},
			);
	}

	return entries;
}
