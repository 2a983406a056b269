const mask = '[redacted]';
// Shorter values are placeholders (Ollama's `'ollama'`), not keys: searched for, they would mask ordinary words.
const minLength = 8;

/** The parts of a URL that are credentials: user name, password and query values (keys in `?key=`), raw and decoded. */
export function urlSecrets(url: string | undefined): string[] {
	if (!url) return [];
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return [];
	}

	const raw = [parsed.username, parsed.password, ...parsed.searchParams.values()];
	return raw.flatMap(value => {
		try {
			return [value, decodeURIComponent(value), encodeURIComponent(value)];
		} catch {
			return [value];
		}
	});
}

/**
A function that removes every secret from a text. The library already removes the API key from its errors; the
handler also knows the access token, other providers' keys and credentials in upstream URLs, which runtimes
quote in their network errors.
*/
export function createScrubber(secrets: Iterable<string | undefined | null>): (text: string) => string {
	// Longest first, so a secret that contains another is masked whole.
	const list = [
		...new Set(
			[...secrets].filter((secret): secret is string => typeof secret === 'string' && secret.length >= minLength),
		),
	].sort((a, b) => b.length - a.length);
	return text => {
		let result = text;
		for (const secret of list) if (result.includes(secret)) result = result.split(secret).join(mask);
		return result;
	};
}
