import {errorResponse, HttpError, toHttpError} from './errors.js';
import {callHook, isReported} from './report-error.js';
import {type HandlerConfig, type HandlerOptions, resolveConfig} from './resolve-config.js';
import {chatCompletions, listModels, responses, retrieveModel} from './routes.js';

export type {HandlerOptions, UpstreamOptions} from './resolve-config.js';

/** A route: its path under `basePath`, the methods it answers, and what answers it. */
interface Route {
	path: string;
	methods: readonly string[];
	answer: (config: HandlerConfig, request: Request, id: string) => Promise<Response>;
}

const routes = {
	models: {path: '/models', methods: ['GET', 'HEAD'], answer: listModels},
	model: {path: '/models/{id}', methods: ['GET', 'HEAD'], answer: retrieveModel},
	chat: {path: '/chat/completions', methods: ['POST'], answer: chatCompletions},
	responses: {path: '/responses', methods: ['POST'], answer: responses},
} satisfies Record<string, Route>;

/** A path segment as text; kept as sent when its escapes are broken. */
function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** The route a path names, with the model id of `/models/{id}` (decoded; `''` for the others). */
function findRoute(basePath: string, pathname: string): [Route, string] | undefined {
	for (const route of [routes.models, routes.chat, routes.responses])
		if (pathname === basePath + route.path) return [route, ''];
	const modelPrefix = `${basePath}/models/`;
	// Model ids may hold slashes (`org/model`): everything after the prefix is the id.
	const modelId = pathname.startsWith(modelPrefix) ? pathname.slice(modelPrefix.length) : '';
	return modelId === '' ? undefined : [routes.model, safeDecode(modelId)];
}

/** Finds the route, answers a preflight, checks the method and access, then lets the route answer. */
async function route(config: HandlerConfig, request: Request): Promise<Response> {
	const found = findRoute(config.basePath, new URL(request.url).pathname);
	// The base path is not told: it may be the only secret between a caller and a public handler.
	if (found === undefined) throw new HttpError(404, 'No such route', {code: 'not_found'});
	const [{path, methods, answer}, id] = found;
	if (request.method === 'OPTIONS') return config.cors.preflight(request, methods);
	if (!methods.includes(request.method)) {
		throw new HttpError(405, `Use ${methods.join(' or ')} for ${config.basePath}${path}`, {
			code: 'method_not_allowed',
			headers: {Allow: [...methods, 'OPTIONS'].join(', ')},
		});
	}

	await config.checkAccess(request);
	return answer(config, request, id);
}

/**
An OpenAI-compatible endpoint in front of a provider, as one standard fetch handler: `Deno.serve(handler)`,
`Bun.serve({fetch: handler})`, `export default {fetch: handler}` (Cloudflare Workers), or Node through a fetch
adapter such as srvx. The key stays on the server; pages (or any OpenAI client) use the handler's URL as base URL.

Routes: `GET {basePath}/models`, `GET {basePath}/models/{id}`, `POST {basePath}/chat/completions`,
`POST {basePath}/responses` (the Responses API over the same upstream chat completions), and `OPTIONS` preflights.
Answers are the OpenAI wire format whatever the upstream sent; errors are OpenAI error bodies.
*/
export function createHandler(options: HandlerOptions): (request: Request) => Promise<Response> {
	const config = resolveConfig(options);
	return async function handler(request: Request): Promise<Response> {
		try {
			return await route(config, request);
		} catch (error) {
			const mapped = toHttpError(error, config.scrub);
			if (isReported(mapped, error)) callHook(config.onError, error, request);
			return errorResponse(mapped, config.cors.headersFor(request));
		}
	};
}
