const mask = '[redacted]';

/** Removes every occurrence of `secret` (an API key) from `text`, so server echoes never leak it. */
export function redact(text: string, secret: string | undefined): string {
	return secret && text.includes(secret) ? text.split(secret).join(mask) : text;
}

/**
Removes `secret` from the string properties (message, stack, and fields such as undici's parser `data`, which holds
raw response bytes) of `error` and its `cause` chain, in place. Kept as `cause`, the runtime's error is printed
by `console.error` and loggers with all its own properties.
*/
export function redactErrorChain(error: unknown, secret: string | undefined): void {
	if (!secret) return;
	const seen = new Set<unknown>();
	for (let current = error; typeof current === 'object' && current !== null && !seen.has(current); current = (current as {cause?: unknown}).cause) {
		seen.add(current);
		for (const name of Object.getOwnPropertyNames(current)) {
			const record = current as Record<string, unknown>;
			const value = record[name];
			if (typeof value === 'string' && value.includes(secret)) {
				try {
					record[name] = redact(value, secret);
				} catch {}
			}
		}
	}
}
