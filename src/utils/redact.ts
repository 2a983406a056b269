const mask = '[redacted]';

/** Removes every occurrence of `secret` (an API key) from `text`, so server echoes never leak it. */
export function redact(text: string, secret: string | undefined): string {
	return secret && text.includes(secret) ? text.split(secret).join(mask) : text;
}
