import {HttpError} from './errors.js';

/** A token clients send as `Authorization: Bearer <token>`, or a function that decides from the request. */
export type AccessToken = string | ((request: Request) => boolean | Promise<boolean>);

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
Compares the digests of both strings, every byte of them: the time taken says nothing about where the strings
differ, nor (digests having one length) how long the token is.
*/
async function sameSecret(given: string, expected: Promise<Uint8Array>): Promise<boolean> {
	const [a, b] = await Promise.all([digest(given), expected]);
	let difference = 0;
	for (let index = 0; index < b.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
	return difference === 0;
}

function bearerToken(request: Request): string | undefined {
	const header = request.headers.get('authorization');
	const match = header === null ? null : /^bearer\s+(.+)$/i.exec(header.trim());
	return match?.[1]?.trim();
}

/** A check that throws a 401 error unless the request carries the access token (or passes the function). */
export function createAccessCheck(accessToken: AccessToken | undefined): (request: Request) => Promise<void> {
	if (accessToken === undefined || accessToken === null) return async () => undefined;
	const refuse = (message: string) =>
		new HttpError(401, message, {
			type: 'authentication_error',
			code: 'invalid_api_key',
			headers: {'WWW-Authenticate': 'Bearer'},
		});
	if (typeof accessToken === 'function') {
		return async request => {
			if ((await accessToken(request)) !== true) throw refuse('Access denied: missing or wrong access token');
		};
	}

	if (typeof accessToken !== 'string' || accessToken === '')
		throw new TypeError('cablyai/server: `accessToken` must be a non-empty string or a function');
	const expected = digest(accessToken);
	return async request => {
		const token = bearerToken(request);
		if (token === undefined) throw refuse('Missing access token: send `Authorization: Bearer <token>`');
		if (!(await sameSecret(token, expected))) throw refuse('Wrong access token');
	};
}
