const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** How many same-origin redirects one request may follow. */
export const maxRedirects = 5;

/** Where to go next (`follow`), why not (`refuse`), or `undefined` when the response is no redirect. */
export type RedirectDecision = {follow: string} | {refuse: string} | undefined;

function isHttpsUpgrade(from: URL, to: URL): boolean {
	return from.protocol === 'http:' && to.protocol === 'https:' && from.hostname === to.hostname && to.port === '';
}

/**
Decides on a redirect the runtime handed back (requests go out with `redirect: 'manual'`). Followed only on the same
origin (or an upgrade from http to https on the same host): on a cross-origin redirect runtimes drop
`Authorization` but send every other header (`x-api-key`, Azure's `api-key`) to the new origin, and on 307/308 the
whole conversation too. The message names the target's origin only, never its path or query.
*/
export function redirectDecision(response: Response, from: string): RedirectDecision {
	// Browsers hide a manual redirect's target: nothing to check it against, so nothing is followed.
	if (response.type === 'opaqueredirect') return {refuse: 'redirect not followed: the browser hides its target'};
	if (!redirectStatuses.has(response.status)) return undefined;
	const location = response.headers.get('location');
	if (location === null) return undefined;
	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		return {refuse: 'redirect to an invalid URL, not followed'};
	}

	const source = new URL(from);
	if (target.origin === source.origin || isHttpsUpgrade(source, target)) return {follow: target.href};
	return {refuse: `redirect to another origin (${target.origin}) not followed: it would receive the credentials`};
}
