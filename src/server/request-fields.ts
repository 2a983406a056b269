import {HttpError} from './errors.js';

/**
Top-level request fields the handler does not know, passed to the upstream as sent: the names listed, or any with
`true` (the handler's `passThrough` option).
*/
export type PassThrough = readonly string[] | boolean;

/**
The fields of `body` outside `known`: those `passThrough` lets through (returned, to go upstream as sent), else a 400
`unknown_parameter` naming them all. Silently dropping them would change the answer without telling (a search that
never ran, say); `never` names fields no option may let through.
*/
export function unknownFields(
	body: Record<string, unknown>,
	known: ReadonlySet<string>,
	passThrough: PassThrough = false,
	never: ReadonlySet<string> = new Set(),
): string[] {
	const extra = Object.keys(body).filter(name => !known.has(name));
	const passes = (name: string) =>
		!never.has(name) && (passThrough === true || (Array.isArray(passThrough) && passThrough.includes(name)));
	const refused = extra.filter(name => !passes(name));
	if (refused.length > 0) {
		const names = refused.map(name => `'${name.slice(0, 100)}'`).join(', ');
		throw new HttpError(400, `Unknown parameter${refused.length > 1 ? 's' : ''}: ${names}`, {
			code: 'unknown_parameter',
			param: refused[0]?.slice(0, 100) ?? null,
		});
	}

	return extra;
}
