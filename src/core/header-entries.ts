/** The `headers` option: a record (where `null`/`undefined` removes a header), a `Headers`, or `[name, value]` pairs. */
export type HeadersOption = HeadersInit | Record<string, string | null | undefined>;

export type HeaderEntry = [name: string, value: string | null | undefined];

// RFC 9110 token characters: anything else (a space, a colon, CR or LF) is no header name.
const headerName = /^[!#$%&'*+.^_`|~\w-]+$/;
// What fetch accepts in a value: tab, visible ASCII, Latin-1; never CR, LF or NUL (header injection).
const headerValue = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;

// By shape, not `instanceof`: a `Headers` from another realm or fetch implementation has no own enumerable entries.
function isHeadersLike(value: object): value is Pick<Headers, 'forEach'> {
	const candidate = value as Partial<Headers>;
	return typeof candidate.forEach === 'function' && typeof candidate.get === 'function';
}

function fail(message: string): never {
	throw new TypeError(`cablyai: ${message}`);
}

/**
The caller's headers as `[name, value]` pairs, whatever `HeadersInit` form they came in, checked: an invalid name
or value is a `TypeError` here, before any request (fetch would reject it inside the request, where it looks like
a network failure). Messages name the header, never its value, which may be a key.
*/
export function headerEntries(headers: HeadersOption | null | undefined): HeaderEntry[] {
	if (headers == null) return [];
	if (typeof headers !== 'object') fail('`headers` must be an object of header names to values, a Headers, or [name, value] pairs');
	let entries: HeaderEntry[];
	if (Array.isArray(headers)) {
		entries = headers.map((pair: unknown, index) => {
			if (!Array.isArray(pair) || pair.length !== 2) fail(`\`headers[${index}]\` must be a [name, value] pair`);
			return [pair[0], pair[1]] as HeaderEntry;
		});
	} else if (isHeadersLike(headers)) {
		entries = [];
		headers.forEach((value, name) => {
			entries.push([name, value]);
		});
	} else {
		entries = Object.entries(headers);
	}

	for (const [name, value] of entries) {
		if (typeof name !== 'string' || !headerName.test(name)) fail(`\`headers\`: ${JSON.stringify(String(name).slice(0, 40))} is not a valid header name`);
		if (value == null) continue;
		if (typeof value !== 'string') fail(`\`headers\`: the value of ${name} must be a string (or null to remove the header)`);
		if (!headerValue.test(value)) fail(`\`headers\`: the value of ${name} contains a line break, control or non-Latin-1 character`);
	}

	return entries;
}
