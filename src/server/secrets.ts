import {removeSecrets} from '../internal.js';

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
	// The core's rule (longest first, nothing shorter than a key searched for), on a list made once: `removeSecrets`
	// sorts a list the first time it sees it, not on every call.
	const list = [...new Set([...secrets].filter((secret): secret is string => typeof secret === 'string'))];
	return text => removeSecrets(text, list);
}
