import {HttpError} from './errors.js';

/** Origins allowed to call the handler from a page: a list, or `'*'` for any. Default: none (same origin only). */
export type AllowOrigins = string | readonly string[];

// A requested header list is echoed back only when it is a plain list of header names.
const headerList = /^[\w-]+(?:\s*,\s*[\w-]+)*$/;

/** CORS for the handler: preflight answers and the headers of actual responses. */
export class Cors {
	readonly #any: boolean;
	readonly #origins: ReadonlySet<string>;

	constructor(allowOrigins: AllowOrigins | undefined) {
		const list =
			allowOrigins === undefined || allowOrigins === null
				? []
				: typeof allowOrigins === 'string'
					? [allowOrigins]
					: allowOrigins;
		if (!Array.isArray(list) || list.some(origin => typeof origin !== 'string'))
			throw new TypeError("cablyai/server: `allowOrigins` must be an origin, a list of origins, or '*'");
		this.#any = list.includes('*');
		// Origins as browsers send them: scheme, host and port, no trailing slash.
		this.#origins = new Set(list.map(origin => origin.replace(/\/+$/, '')));
	}

	#allowed(origin: string | null): origin is string {
		return origin !== null && (this.#any || this.#origins.has(origin));
	}

	/** Headers for an actual (non-preflight) response: empty when the request's origin is not allowed. */
	headersFor(request: Request): Record<string, string> {
		const origin = request.headers.get('origin');
		// Answers differ by Origin unless every origin is allowed: caches must keep them apart.
		const vary: Record<string, string> = this.#any || this.#origins.size === 0 ? {} : {Vary: 'Origin'};
		if (!this.#allowed(origin)) return vary;
		return {
			...vary,
			'Access-Control-Allow-Origin': this.#any ? '*' : origin,
			'Access-Control-Expose-Headers': 'Retry-After',
		};
	}

	/** The answer to `OPTIONS` on a route: a preflight for an allowed origin, 403 for another, 204 without CORS. */
	preflight(request: Request, methods: readonly string[]): Response {
		const allow = [...methods, 'OPTIONS'].join(', ');
		const origin = request.headers.get('origin');
		if (origin === null) return new Response(null, {status: 204, headers: {Allow: allow}});
		if (!this.#allowed(origin)) {
			throw new HttpError(403, 'This origin may not call the API', {
				type: 'permission_error',
				code: 'origin_not_allowed',
				headers: {Vary: 'Origin'},
			});
		}

		const requested = request.headers.get('access-control-request-headers')?.trim() ?? '';
		return new Response(null, {
			status: 204,
			headers: {
				...this.headersFor(request),
				Allow: allow,
				'Access-Control-Allow-Methods': allow,
				// Whatever the client wants to send is fine: no client header ever reaches the upstream.
				'Access-Control-Allow-Headers': headerList.test(requested) ? requested : 'Authorization, Content-Type',
				'Access-Control-Max-Age': '600',
			},
		});
	}
}
