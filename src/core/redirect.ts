const redirectStatuses = [301, 302, 303, 307, 308];

/** How many same-origin redirects one request may follow. */
export const maxRedirects = 5;

/**
Decides on a redirect the runtime handed back (requests go out with `redirect: 'manual'`): the `URL` to follow, why
not (a string), or `undefined` when the response is no redirect. Followed only on the same origin (or an upgrade
from http to https on the same host): on a cross-origin redirect runtimes drop `Authorization` but send every other
header (`x-api-key`, Azure's `api-key`) to the new origin, and on 307/308 the whole conversation too. The message
names the target's origin only, never its path or query.
*/
export function redirectDecision(response: Response, from: string): URL | string | undefined {
	// Browsers hide a manual redirect's target: nothing to check it against, so nothing is followed.
	if (response.type === 'opaqueredirect') return 'redirect not followed: the browser hides its target';
	const location = response.headers.get('location');
	if (!redirectStatuses.includes(response.status) || location === null) return undefined;
	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		return 'redirect to an invalid URL, not followed';
	}

	const source = new URL(from);
	const httpsUpgrade =
		source.protocol === 'http:' &&
		target.protocol === 'https:' &&
		source.hostname === target.hostname &&
		target.port === '';
	if (target.origin === source.origin || httpsUpgrade) return target;
	return `redirect to another origin (${target.origin}) not followed: it would receive the credentials`;
}
