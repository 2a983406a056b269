import type {CreateOptions, ProviderClass} from '../index.js';
import {type AccessToken, createAccessCheck} from './access.js';
import {type ChatRequest, parseChatRequest} from './chat-request.js';
import {type AllowOrigins, Cors} from './cors.js';
import {errorResponse, HttpError, toHttpError} from './errors.js';
import {isAllowedModel, modelList, providerName, providersOf, type ServedProvider} from './models.js';
import {CompletionBuilder, EventEncoder} from './openai-wire.js';
import {defaultMaxBodySize, readJsonBody} from './read-body.js';
import {createScrubber, urlSecrets} from './secrets.js';
import {defaultKeepAlive, EventPump, eventStreamHeaders} from './to-server-sent-events.js';

/**
Settings for every upstream request (the `CreateOptions` of the same names); the server's alone, never the client's:
a request body cannot choose the upstream URL, headers, timeouts, retries or fetch.
*/
export type UpstreamOptions = Pick<
	CreateOptions,
	'baseUrl' | 'headers' | 'timeout' | 'idleTimeout' | 'retry' | 'fetch'
>;

/** Options of `createHandler`. */
export interface HandlerOptions {
	/** A provider class (`CablyAI`, `Groq`, a subclass of `OpenaiTemplate`…) or an `IterListProvider` / `RotatedProvider`. */
	provider: ServedProvider;
	/**
	The upstream key: one string, or a map by provider name (`label`, else class name). Never sent to clients, and
	removed from any error text they get.
	*/
	apiKey?: string | Readonly<Record<string, string>> | null;
	/**
	Models clients may use, as sent upstream (after aliases and defaults); others get 404 `model_not_found`.
	`GET {basePath}/models` lists exactly these.
	@default undefined (any model; the model list is the provider's)
	*/
	models?: readonly string[] | null;
	/**
	Clients must send `Authorization: Bearer <accessToken>` (compared in constant time); or a function that decides
	from the request (`true` lets it in). Others get 401.
	@default undefined (no check)
	*/
	accessToken?: AccessToken | null;
	/**
	Origins whose pages may call the API (CORS), as `scheme://host[:port]`; `'*'` for any.
	@default undefined (none: same-origin pages only)
	*/
	allowOrigins?: AllowOrigins | null;
	/**
	Where the routes live: `{basePath}/models`, `{basePath}/chat/completions`. Starts with `/`.
	@default '/v1'
	*/
	basePath?: string;
	/**
	Largest request body in bytes; larger ones get 413.
	@default 1048576 (1 MiB)
	*/
	maxBodySize?: number;
	/**
	Milliseconds of silence in a stream after which a `: keep-alive` comment is written (clients ignore it; proxies
	then keep the connection, and runtimes that notice a gone client only when writing, such as workerd, notice it).
	`false`: never.
	@default 15000
	*/
	keepAlive?: number | false;
	/**
	Settings for every upstream request: `baseUrl`, `headers`, `timeout`, `idleTimeout`, `retry`, `fetch`. By default a
	single provider is not retried on 429 (the client gets the 429 and its Retry-After at once); a fallback's providers
	are not retried (the next provider is the retry).
	@default undefined (the library's defaults)
	*/
	upstream?: UpstreamOptions | null;
}

const upstreamKeys = ['baseUrl', 'headers', 'timeout', 'idleTimeout', 'retry', 'fetch'] as const;
// The library's retry policy without 429: waiting out a rate limit is the client's call, and it is told how long.
const retryWithout429 = {statusCodes: [408, 409, ...Array.from({length: 100}, (_, index) => 500 + index)]};

/** The values of the server's upstream headers in any `HeadersInit` form (records, `Headers`, pairs), to scrub them. */
const headerValues = (headers: UpstreamOptions['headers']): Array<string | null | undefined> => {
	if (headers == null) return [];
	if (Array.isArray(headers)) return headers.map(pair => (Array.isArray(pair) ? String(pair[1]) : undefined));
	if (headers instanceof Headers) return [...headers.values()];
	return Object.values(headers).map(value => (value == null ? undefined : String(value)));
};

const methodsOf = {models: ['GET', 'HEAD'], chat: ['POST']} as const;
// The core's internal option (`keepNothing`, src/core/limits.ts): a stream is passed on without keeping the answer.
const keepNothing: symbol = Symbol.for('cablyai.internal.keepNothing');

function checkOptions(options: HandlerOptions): void {
	if (typeof options !== 'object' || options === null)
		throw new TypeError('cablyai/server: createHandler() needs an options object');
	const {apiKey, models, basePath, maxBodySize} = options;
	if (
		apiKey != null &&
		typeof apiKey !== 'string' &&
		(typeof apiKey !== 'object' || Array.isArray(apiKey) || apiKey instanceof Map)
	) {
		throw new TypeError('cablyai/server: `apiKey` must be a string or an object mapping provider names to keys');
	}

	if (models != null && (!Array.isArray(models) || models.some(model => typeof model !== 'string')))
		throw new TypeError('cablyai/server: `models` must be an array of model ids');
	if (basePath !== undefined && (typeof basePath !== 'string' || !basePath.startsWith('/')))
		throw new TypeError('cablyai/server: `basePath` must start with /');
	if (maxBodySize !== undefined && !(Number.isInteger(maxBodySize) && maxBodySize > 0))
		throw new TypeError('cablyai/server: `maxBodySize` must be a positive number of bytes');
	const {keepAlive} = options;
	if (
		keepAlive !== undefined &&
		keepAlive !== false &&
		!(typeof keepAlive === 'number' && keepAlive > 0 && keepAlive <= 2_147_483_647)
	)
		throw new TypeError('cablyai/server: `keepAlive` must be a number of milliseconds or false');
}

/**
An OpenAI-compatible endpoint in front of a provider, as one standard fetch handler: `Deno.serve(handler)`,
`Bun.serve({fetch: handler})`, `export default {fetch: handler}` (Cloudflare Workers), or Node through a fetch
adapter such as srvx. The key stays on the server; pages (or any OpenAI client) use the handler's URL as base URL.

Routes: `GET {basePath}/models`, `POST {basePath}/chat/completions`, and `OPTIONS` preflights. Answers are the
OpenAI wire format whatever the upstream sent; errors are OpenAI error bodies.
*/
export function createHandler(options: HandlerOptions): (request: Request) => Promise<Response> {
	checkOptions(options);
	const {provider, apiKey} = options;
	const providers = providersOf(provider);
	const isFallback = typeof provider !== 'function';
	const basePath = (options.basePath ?? '/v1').replace(/\/+$/, '');
	const allowed = options.models ? new Set(options.models) : undefined;
	const maxBodySize = options.maxBodySize ?? defaultMaxBodySize;
	const keepAlive = options.keepAlive ?? defaultKeepAlive;
	const cors = new Cors(options.allowOrigins ?? undefined);
	const checkAccess = createAccessCheck(options.accessToken ?? undefined);
	const upstream: UpstreamOptions = {};
	for (const key of upstreamKeys)
		if (options.upstream?.[key] != null) Object.assign(upstream, {[key]: options.upstream[key]});
	// A fallback keeps its own per-provider default (failing over beats waiting); a single provider keeps the library's
	// retries, except on 429.
	if (!isFallback && upstream.retry === undefined) upstream.retry = retryWithout429;

	const keyOf = (item: ProviderClass): string | undefined =>
		typeof apiKey === 'string' ? apiKey : (apiKey?.[providerName(item)] ?? apiKey?.[item.name]);
	const keys = typeof apiKey === 'string' ? [apiKey] : Object.values(apiKey ?? {});
	const scrub = createScrubber([
		...keys,
		typeof options.accessToken === 'string' ? options.accessToken : undefined,
		...urlSecrets(upstream.baseUrl ?? undefined),
		...providers.flatMap(item => urlSecrets(item.apiBase)),
		...headerValues(upstream.headers),
	]);

	async function listModels(request: Request): Promise<Response> {
		let entries: Array<[string, string]>;
		if (allowed) {
			const owner = providerName(providers[0] as ProviderClass);
			entries = [...allowed].map(id => [id, owner]);
		} else {
			const lists = await Promise.allSettled(
				providers.map(async item => {
					const ids =
						item.models.length > 0
							? item.models
							: await item.getModels({...upstream, apiKey: keyOf(item), signal: request.signal});
					return ids.map((id): [string, string] => [id, providerName(item)]);
				}),
			);
			const failed = lists.find(list => list.status === 'rejected');
			// A fallback lists what its working providers offer; only when none answers is it an error.
			if (failed && lists.every(list => list.status === 'rejected')) {
				// The library's argument errors here are the server's configuration (no base URL, say), not the client's.
				if (failed.reason instanceof TypeError)
					throw new HttpError(500, 'The server cannot list its models (configuration)', {code: 'internal_error'});
				throw failed.reason;
			}
			entries = lists.flatMap(list => (list.status === 'fulfilled' ? list.value : []));
		}

		return Response.json(modelList(entries), {headers: cors.headersFor(request)});
	}

	async function chat(request: Request, chatRequest: ChatRequest): Promise<Response> {
		const {model, messages, stream, includeUsage} = chatRequest;
		if (allowed && !isAllowedModel(model, providers, allowed)) {
			throw new HttpError(404, `The model \`${model}\` does not exist or is not served here`, {
				code: 'model_not_found',
				param: 'model',
			});
		}

		// The client's disconnect aborts the upstream request at once, even mid-read.
		const controller = new AbortController();
		const abort = () => controller.abort(request.signal.reason);
		if (request.signal.aborted) abort();
		else request.signal.addEventListener('abort', abort, {once: true});
		const settings: CreateOptions = {
			...upstream,
			...chatRequest.options,
			stream,
			signal: controller.signal,
			[keepNothing]: stream,
		};
		const generator = isFallback
			? provider.createAsyncGenerator(model, messages, {...settings, apiKey: apiKey ?? undefined})
			: (provider as ProviderClass).createAsyncGenerator(model, messages, {
					...settings,
					apiKey: keyOf(provider as ProviderClass),
				});
		const cleanup = () => request.signal.removeEventListener('abort', abort);
		const headers = cors.headersFor(request);
		try {
			if (!stream) {
				const builder = new CompletionBuilder(model);
				for await (const chunk of generator) builder.add(chunk);
				cleanup();
				return Response.json(builder.build(), {headers});
			}

			const pump = new EventPump(generator, new EventEncoder(model, includeUsage), {scrub, keepAlive, onCancel: abort});
			await pump.prime();
			return new Response(pump.stream(), {headers: {...headers, ...eventStreamHeaders}});
		} catch (error) {
			cleanup();
			controller.abort();
			throw error;
		}
	}

	async function route(request: Request): Promise<Response> {
		const {pathname} = new URL(request.url);
		const name =
			pathname === `${basePath}/models` ? 'models' : pathname === `${basePath}/chat/completions` ? 'chat' : undefined;
		if (name === undefined)
			throw new HttpError(
				404,
				`No route ${request.method} ${pathname.slice(0, 200)}: use ${basePath}/chat/completions or ${basePath}/models`,
				{code: 'not_found'},
			);
		const methods = methodsOf[name];
		if (request.method === 'OPTIONS') return cors.preflight(request, methods);
		if (!(methods as readonly string[]).includes(request.method)) {
			throw new HttpError(
				405,
				`Use ${methods.join(' or ')} for ${basePath}/${name === 'chat' ? 'chat/completions' : 'models'}`,
				{code: 'method_not_allowed', headers: {Allow: [...methods, 'OPTIONS'].join(', ')}},
			);
		}

		await checkAccess(request);
		if (name === 'models') return listModels(request);
		return chat(request, parseChatRequest(await readJsonBody(request, maxBodySize)));
	}

	return async function handler(request: Request): Promise<Response> {
		try {
			return await route(request);
		} catch (error) {
			return errorResponse(toHttpError(error, scrub), cors.headersFor(request));
		}
	};
}
