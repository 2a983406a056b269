import {HttpError} from './errors.js';

/**
Who may call the handler: a token clients send as `Authorization: Bearer <token>`, a list of tokens (any of them
opens, for rotation), or a function that decides from the request (your own auth).
*/
export type AccessToken = string | readonly string[] | ((request: Request) => boolean | Promise<boolean>);

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
Compares the digests of both strings, every byte of them: the time taken says nothing about where the strings
differ, nor (digests having one length) how long the token is.
*/
async function sameSecret(given: Uint8Array, expected: Promise<Uint8Array>): Promise<boolean> {
	const b = await expected;
	let difference = 0;
	for (let index = 0; index < b.length; index++) difference |= (given[index] ?? 0) ^ (b[index] ?? 0);
	return difference === 0;
}

function bearerToken(request: Request): string | undefined {
	const header = request.headers.get('authorization');
	const match = header === null ? null : /^bearer\s+(.+)$/i.exec(header.trim());
	return match?.[1]?.trim();
}

const isToken = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
The access rule of `createHandler`, checked when it is created: a handler is closed unless told otherwise. An
`accessToken` read from an unset environment variable (`undefined`, `''`) is the same mistake as none at all, so it
throws rather than opening the handler to anyone.
*/
export function checkAccessRule(options: {accessToken?: unknown; public?: unknown}): void {
	const given = Object.hasOwn(options, 'accessToken');
	const {accessToken} = options;
	if (options.public !== undefined && typeof options.public !== 'boolean')
		throw new TypeError('cablyai/server: `public` must be true or false');
	if (given) {
		const valid =
			isToken(accessToken) ||
			typeof accessToken === 'function' ||
			(Array.isArray(accessToken) && accessToken.length > 0 && accessToken.every(isToken));
		if (!valid) {
			throw new TypeError(
				'cablyai/server: `accessToken` must be a non-empty string, a non-empty list of non-empty strings, or a function (request) => boolean; it is empty or unset (is the environment variable set?)',
			);
		}

		if (options.public === true)
			throw new TypeError('cablyai/server: give either `accessToken` or `public: true`, not both');
		return;
	}

	if (options.public !== true) {
		throw new TypeError(
			'cablyai/server: createHandler() needs an access rule: `accessToken` (clients send `Authorization: Bearer <token>`) or `public: true` (anyone may call it, e.g. behind your own gateway)',
		);
	}
}

/** A check that throws a 401 error unless the request carries an access token (or passes the function); none for a public handler. */
export function createAccessCheck(accessToken: AccessToken | undefined): (request: Request) => Promise<void> {
	if (accessToken === undefined) return async () => undefined;
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

	const expected = (typeof accessToken === 'string' ? [accessToken] : [...accessToken]).map(digest);
	return async request => {
		const token = bearerToken(request);
		if (token === undefined) throw refuse('Missing access token: send `Authorization: Bearer <token>`');
		const given = await digest(token);
		// Every token is compared, so the time taken does not say which one matched.
		const matches = await Promise.all(expected.map(async item => sameSecret(given, item)));
		if (!matches.includes(true)) throw refuse('Wrong access token');
	};
}
