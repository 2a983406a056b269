// Digits with an optional fraction; not "", "0x10", "1e3" or "Infinity", which Number() would accept.
const decimal = /^\d{1,15}(?:\.\d{1,15})?$/;

function parseDecimal(value: string | null): number | undefined {
	if (value === null) return undefined;
	const text = value.trim();
	return decimal.test(text) ? Number(text) : undefined;
}

/**
The wait a server asked for before a retry, in milliseconds: the one rule for both the retry delay and
`RateLimitError.retryAfter`. `retry-after-ms` (OpenAI, fractions allowed) wins; else `Retry-After`, as seconds
(fractions allowed: some servers send `1.5`) or as an HTTP date. `RateLimit-Reset` and `X-RateLimit-Reset` are
ignored on purpose: services send them as seconds or as a Unix time, and they tell when a quota window resets,
not when this request may come back.
*/
export function serverWait(headers: Headers): number | undefined {
	const milliseconds = parseDecimal(headers.get('retry-after-ms'));
	if (milliseconds !== undefined) return milliseconds;
	const value = headers.get('retry-after');
	if (value === null) return undefined;
	const seconds = parseDecimal(value);
	if (seconds !== undefined) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
