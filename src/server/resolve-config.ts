import type {CreateOptions, ProviderClass} from '../index.js';
import {keyFor} from '../internal.js';
import {type AccessToken, checkAccessRule, createAccessCheck} from './access.js';
import {type AllowOrigins, Cors} from './cors.js';
import {CachedValue, defaultModelsTtl} from './model-cache.js';
import {modelListOf, providersOf, type ServedProvider, type ModelEntries, upstreamModels} from './models.js';
import {defaultBodyTimeout, defaultMaxBodySize} from './read-body.js';
import {type ErrorHook, logErrorLine} from './report-error.js';
import {createScrubber, urlSecrets} from './secrets.js';
import {defaultKeepAlive} from './to-server-sent-events.js';

/**
Settings for every upstream request (the `CreateOptions` of the same names); the server's alone, never the client's:
a request body cannot choose the upstream URL, headers, timeouts, retries or fetch.
*/
export type UpstreamOptions = Pick<
	CreateOptions,
	'baseUrl' | 'headers' | 'timeout' | 'idleTimeout' | 'deadline' | 'retry' | 'fetch'
>;

/** Options of `createHandler`. */
export interface HandlerOptions {
	/**
	A provider class (`CablyAI`, `Groq`, a subclass of `OpenaiTemplate`…) or an `IterListProvider` / `RotatedProvider`.
	Required: no default.
	*/
	provider: ServedProvider;
	/**
	The upstream key: one string, or a map by provider name (`label`, then class name). Never sent to clients, and
	removed from any error text they get.
	@default undefined (no key: for providers that need none, such as Ollama)
	*/
	apiKey?: string | Readonly<Record<string, string>> | null;
	/**
	Models clients may use, as sent upstream (after aliases and defaults); others get 404 `model_not_found`.
	`GET {basePath}/models` lists exactly these.
	@default undefined (any model; the model list is the provider's)
	*/
	models?: readonly string[] | null;
	/**
	Milliseconds a model list fetched from the upstream (for `GET {basePath}/models`, without `models`) is served
	before it is fetched again: one upstream request per period, however many clients ask. The list never limits the
	chat route.
	@default 300000 (5 minutes)
	*/
	modelsTtl?: number;
	/**
	Who may call the handler: clients send `Authorization: Bearer <accessToken>` (compared in constant time); a list
	accepts any of its tokens (rotation); a function decides from the request (`true` lets it in). Others get 401.
	Required unless `public: true`: `createHandler` throws a `TypeError` without either, and for an empty or unset
	token (`''`, `undefined`, `[]`), so that a missing environment variable never opens the handler.
	@default undefined (then `public: true` is required)
	*/
	accessToken?: AccessToken;
	/**
	`true`: anyone may call the handler, without a token (behind a gateway of your own, or rate-limited by one).
	Exclusive with `accessToken`.
	@default false
	*/
	public?: boolean;
	/**
	Told of every failure that gets a 5xx, and of every upstream failure, with the error as thrown (the upstream's
	text, which the client does not get) and the request. What it throws or rejects with is ignored.
	@default a function writing one line to `console.error`, with the server's secrets removed
	*/
	onError?: ErrorHook | null;
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
	Milliseconds a client has to send the whole request body; a slower one gets 408 (a body trickling in cannot hold
	the request open).
	@default 30000
	*/
	bodyTimeout?: number;
	/**
	Milliseconds of silence in a stream after which a `: keep-alive` comment is written (clients ignore it; proxies
	then keep the connection, and runtimes that notice a gone client only when writing, such as workerd, notice it).
	Keep it under the idle timeout of your runtime and proxies (Bun's default is 10 s). The status waits at most 5 s
	for the answer's first event (then the stream starts with a comment); with `false`, no comments, and the status
	waits for the first event however long it takes.
	@default 5000
	*/
	keepAlive?: number | false;
	/**
	Settings for every upstream request: `baseUrl`, `headers`, `timeout`, `idleTimeout`, `deadline` (the whole
	answer), `retry`, `fetch`; other keys are a `TypeError`. By default a single provider is not retried on 429 (the
	client gets the 429 and its Retry-After at once); a fallback's providers are not retried (the next provider is
	the retry).
	@default undefined (the library's defaults)
	*/
	upstream?: UpstreamOptions | null;
	/**
	Top-level request fields the handler does not know (a provider's own, such as `web_search_options` or `top_k`
	beyond those it relays), passed to the upstream as sent: a list of names, or `true` for any. Without it they are a
	400 naming them, on both routes: dropped, they would change the answer unseen. Never `messages` or `n`.
	@default false
	*/
	passThrough?: readonly string[] | boolean;
}

const upstreamKeys = ['baseUrl', 'headers', 'timeout', 'idleTimeout', 'deadline', 'retry', 'fetch'] as const;
// The library's retry policy without 429: waiting out a rate limit is the client's call, and it is told how long.
const retryWithout429 = {statusCodes: [408, 409, ...Array.from({length: 100}, (_, index) => 500 + index)]};

/** The values of the server's upstream headers in any `HeadersInit` form (records, `Headers`, pairs), to scrub them. */
const headerValues = (headers: UpstreamOptions['headers']): Array<string | null | undefined> => {
	if (headers == null) return [];
	if (Array.isArray(headers)) return headers.map(pair => (Array.isArray(pair) ? String(pair[1]) : undefined));
	if (headers instanceof Headers) return [...headers.values()];
	return Object.values(headers).map(value => (value == null ? undefined : String(value)));
};

/** The handler's options checked once and turned into what every request uses. */
export interface HandlerConfig {
	provider: ServedProvider;
	/** Every provider the handler may send to (one, or a fallback's list). */
	providers: readonly ProviderClass[];
	apiKey: HandlerOptions['apiKey'];
	/** `basePath` without trailing slashes. */
	basePath: string;
	/** The `models` allowlist, if any. */
	allowed: Set<string> | undefined;
	maxBodySize: number;
	keepAlive: number | false;
	bodyTimeout: number;
	cors: Cors;
	/** Rejects a request the access rule does not let in (401). */
	checkAccess: (request: Request) => Promise<void>;
	/** The upstream settings every chat request gets. */
	upstream: UpstreamOptions;
	/** Removes every secret the server knows from a text. */
	scrub: (text: string) => string;
	onError: ErrorHook;
	/** The upstream model list, fetched when asked for and kept for `modelsTtl`. */
	fetchedModels: CachedValue<ModelEntries>;
	/** Unknown request fields let through (`passThrough`). */
	passThrough: readonly string[] | boolean;
}

/** Checks the options (a `TypeError` at start-up, not on each request) and resolves them once. */
export function resolveConfig(options: HandlerOptions): HandlerConfig {
	checkOptions(options);
	const {provider, apiKey, accessToken} = options;
	const providers = providersOf(provider);
	const isFallback = typeof provider !== 'function';
	const upstream: UpstreamOptions = {};
	for (const key of upstreamKeys)
		if (options.upstream?.[key] != null) Object.assign(upstream, {[key]: options.upstream[key]});
	// A fallback keeps its own per-provider default (failing over beats waiting); a single provider keeps the library's
	// retries, except on 429.
	if (!isFallback && upstream.retry === undefined) upstream.retry = retryWithout429;

	const keys = typeof apiKey === 'string' ? [apiKey] : Object.values(apiKey ?? {});
	const scrub = createScrubber([
		...keys,
		...(typeof accessToken === 'string' ? [accessToken] : Array.isArray(accessToken) ? accessToken : []),
		...urlSecrets(upstream.baseUrl ?? undefined),
		...providers.flatMap(item => urlSecrets(item.apiBase)),
		...headerValues(upstream.headers),
	]);
	// Fetched without the client's signal (one client leaving must not fail the others waiting for the same list), and
	// through modelListOf(), which the core does not remember: the chat's model check never sees this list.
	const fetchedModels = new CachedValue(
		async () => {
			// Only the settings a model-list request takes (no idleTimeout or deadline: those are the chat's).
			const {baseUrl, headers, timeout, retry, fetch} = upstream;
			const settings = {baseUrl, headers, timeout, retry, fetch};
			return upstreamModels(providers, async item =>
				modelListOf(item, {...settings, apiKey: keyFor(apiKey, item) ?? undefined}),
			);
		},
		options.modelsTtl ?? defaultModelsTtl,
		// A list missing a provider that failed this time is served, not kept.
		list => list.complete,
	);
	return {
		provider,
		providers,
		apiKey,
		basePath: (options.basePath ?? '/v1').replace(/\/+$/, ''),
		allowed: options.models ? new Set(options.models) : undefined,
		maxBodySize: options.maxBodySize ?? defaultMaxBodySize,
		keepAlive: options.keepAlive ?? defaultKeepAlive,
		bodyTimeout: options.bodyTimeout ?? defaultBodyTimeout,
		cors: new Cors(options.allowOrigins ?? undefined),
		checkAccess: createAccessCheck(accessToken),
		upstream,
		scrub,
		onError: options.onError ?? logErrorLine(scrub),
		fetchedModels,
		passThrough: options.passThrough ?? false,
	};
}

function checkOptions(options: HandlerOptions): void {
	if (typeof options !== 'object' || options === null)
		throw new TypeError('cablyai/server: createHandler() needs an options object');
	const {apiKey, models, basePath, maxBodySize, passThrough} = options;
	if (
		passThrough != null &&
		typeof passThrough !== 'boolean' &&
		!(Array.isArray(passThrough) && passThrough.every(name => typeof name === 'string'))
	)
		throw new TypeError('cablyai/server: `passThrough` must be an array of field names, or a boolean');
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
	for (const name of ['modelsTtl', 'bodyTimeout'] as const) {
		const value = options[name];
		if (value !== undefined && !(typeof value === 'number' && value > 0 && value <= 2_147_483_647))
			throw new TypeError(`cablyai/server: \`${name}\` must be a number of milliseconds`);
	}

	if (options.onError != null && typeof options.onError !== 'function')
		throw new TypeError('cablyai/server: `onError` must be a function (error, request) => void');
	const {upstream} = options;
	if (upstream != null) {
		if (typeof upstream !== 'object') throw new TypeError('cablyai/server: `upstream` must be an object');
		// A setting the handler would drop must not look accepted (a `deadline` that never fires, say).
		const unknown = Object.keys(upstream).filter(key => !(upstreamKeys as readonly string[]).includes(key));
		if (unknown.length > 0) {
			throw new TypeError(
				`cablyai/server: \`upstream\` takes ${upstreamKeys.join(', ')}; not ${unknown.map(key => `\`${key}\``).join(', ')}`,
			);
		}

		// Checked here rather than on the first request, where the library would report it as each client's 500.
		for (const name of ['timeout', 'idleTimeout', 'deadline'] as const) {
			const value = upstream[name];
			if (value != null && value !== false && !(typeof value === 'number' && value > 0 && value <= 2_147_483_647))
				throw new TypeError(`cablyai/server: \`upstream.${name}\` must be a number of milliseconds or false`);
		}
	}

	checkAccessRule(options);
	const {keepAlive} = options;
	if (
		keepAlive !== undefined &&
		keepAlive !== false &&
		!(typeof keepAlive === 'number' && keepAlive > 0 && keepAlive <= 2_147_483_647)
	)
		throw new TypeError('cablyai/server: `keepAlive` must be a number of milliseconds or false');
}
