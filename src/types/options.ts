import type {RetryOptions} from 'ky';
import type {PartialObjects, StructuredResponseFormat} from '../structured/response-format.js';
import type {SchemaLike} from '../structured/standard-schema.js';
import type {Message} from './message.js';

/** An image for a vision model: a data URL, an http(s) URL, or bytes (their type is read from their first bytes). */
export type MediaData = string | Blob | ArrayBuffer | Uint8Array;
/** An image, or a `[data, fileName]` pair (g4f's form; the name is not sent). */
export type MediaInput = MediaData | readonly [MediaData, string?];

/** A function the model may call (OpenAI's `tools` entry). */
export interface FunctionTool {
	/** Always `'function'` (the only kind of tool). */
	type: 'function';
	/** The function the model may call. */
	function: {
		/** The name the model calls it by (`ToolCall.function.name`). */
		name: string;
		/** What it does, for the model to decide when to call it. */
		description?: string;
		/** Its arguments, as a JSON Schema object. */
		parameters?: Record<string, unknown>;
		/** Ask the server to hold the arguments to `parameters` exactly (OpenAI structured outputs). */
		strict?: boolean;
	};
}

/**
Whether and which tool the model calls: `'auto'` (the API's default when tools are given) lets it choose, `'none'`
forbids calls, `'required'` forces one, `{type: 'function', function: {name}}` forces that one.
*/
export type ToolChoice = 'none' | 'auto' | 'required' | {type: 'function'; function: {name: string}};

/** `reasoning_effort` values OpenAI documents; any other string is sent as is. */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | (string & {});

/**
`response_format` as the API takes it: `{type: 'json_object'}` (JSON mode), `{type: 'json_schema', json_schema: {name,
schema, strict}}` (structured outputs), `{type: 'text'}`; other shapes are sent as is, except one with a `schema` key
(`StructuredResponseFormat`).
*/
export type ResponseFormat =
	| {type: 'text'}
	| {type: 'json_object'}
	| {
			type: 'json_schema';
			json_schema: {name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean};
	  }
	| (Record<string, unknown> & {schema?: never});

/**
ky's retry options with the library's defaults, plus `onlyRefused`. Retries cover connection failures and the
statuses below, POST included, and happen only before the first byte of a body, never after an abort.
*/
export interface RetryPolicy extends RetryOptions {
	/**
	Retries after the first try.
	@default 2
	*/
	limit?: Exclude<RetryOptions['limit'], undefined>;
	/**
	Methods that are retried.
	@default ['get', 'post']
	*/
	methods?: Exclude<RetryOptions['methods'], undefined>;
	/**
	Statuses that are retried.
	@default [408, 409, 429, 500, 501, …, 599]
	*/
	statusCodes?: Exclude<RetryOptions['statusCodes'], undefined>;
	/**
	Statuses whose `retry-after-ms` / `Retry-After` header sets the wait (capped at `maxRetryAfter`).
	@default [408, 409, 429, 500, 501, …, 599]
	*/
	afterStatusCodes?: Exclude<RetryOptions['afterStatusCodes'], undefined>;
	/**
	Longest wait, in milliseconds, that a server's `Retry-After` may ask for.
	@default 60000
	*/
	maxRetryAfter?: Exclude<RetryOptions['maxRetryAfter'], undefined>;
	/**
	Milliseconds before retry number `attemptCount` (1 for the first), before jitter; a server's wait replaces it.
	@default attemptCount => Math.min(500 * 2 ** (attemptCount - 1), 30_000)
	*/
	delay?: Exclude<RetryOptions['delay'], undefined>;
	/**
	Randomises each backoff; a server's wait is kept as is.
	@default delay => delay * (0.5 + Math.random() / 2)
	*/
	jitter?: Exclude<RetryOptions['jitter'], undefined>;
	/**
	Retry when no response headers arrived within `timeout`.
	@default false
	*/
	retryOnTimeout?: Exclude<RetryOptions['retryOnTimeout'], undefined>;
	/**
	Decides a failure before the library does: `true` retries, `false` does not, `undefined` leaves it to the library's
	policy (not to ky's).
	@default undefined
	*/
	shouldRetry?: Exclude<RetryOptions['shouldRetry'], undefined>;
	/**
	Retry a failed connection only when it was refused (nothing reached the server). Otherwise a connection reset or
	dropped before the response is retried too, POST included, though the server may have read and processed the
	request; set this when sending twice costs more than failing. Statuses (429, 5xx, …) are retried either way.
	@default false
	*/
	onlyRefused?: boolean;
}

/**
Options of `createAsyncGenerator`; camelCase here, snake_case on the wire. `null`/`undefined` mean "not set". Any
other key is a TypeError before sending (`baseURL` → `baseUrl`, `max_tokens` → `maxTokens`): send other body fields
with `extraBody`. `Schema` is the type of `responseFormat.schema`, which types `ChatResult.object`.
*/
export interface CreateOptions<Schema extends SchemaLike = SchemaLike> {
	/** Sent as `Authorization: Bearer <apiKey>` (trimmed); never appears in errors. Required when the provider's `needsAuth` is set. */
	apiKey?: string | null;
	/**
	Ask for a server-sent event stream: text is yielded delta by delta. Otherwise the whole answer comes at once, in
	the same chunks. Ignored for providers with `supportsStream: false` and for image models.
	@default the provider's `defaultStream`: true for `OpenaiTemplate` and every preset, false for `CablyAI` (as in g4f)
	*/
	stream?: boolean | null;
	/** Aborting it rejects with the signal's reason, as is, at any point, and closes the connection; nothing is retried. */
	signal?: AbortSignal | null;
	/**
	The API base URL, instead of the provider's `apiBase` (`{baseUrl}/chat/completions` is posted to). An absolute URL
	without credentials; a query is kept after the path.
	*/
	baseUrl?: string | null;
	/** The full chat-completions URL; overrides `baseUrl` for chat requests (not for image generation). */
	apiEndpoint?: string | null;
	/**
	Request headers, merged last over the library's and the provider's: a record, a `Headers`, or `[name, value]` pairs.
	A `null`/`undefined` value removes a header.
	*/
	headers?: HeadersInit | Record<string, string | null | undefined> | null;
	/** `temperature`: sampling temperature, ≥ 0. */
	temperature?: number | null;
	/** `max_tokens`: most tokens to generate, an integer ≥ 1. */
	maxTokens?: number | null;
	/** `top_p`: nucleus sampling, ≥ 0. */
	topP?: number | null;
	/** `stop`: text, or texts, that end the answer when generated. */
	stop?: string | readonly string[] | null;
	/** `tools`: functions the model may call; calls come as one `ToolCalls` chunk. */
	tools?: readonly FunctionTool[] | null;
	/** `tool_choice`: whether and which tool the model calls. */
	toolChoice?: ToolChoice | null;
	/** `parallel_tool_calls`: allow several calls in one answer. */
	parallelToolCalls?: boolean | null;
	/**
	`{schema, name?, description?, strict?}`: structured output. The answer is asked for as JSON following `schema`
	(`response_format: {type: 'json_schema', …}`; JSON mode with the schema in a first system message for providers
	whose `supportsJsonSchema` is `false`), then parsed into `ChatResult.object`, validated and typed when `schema` is a
	Standard Schema (zod, valibot, ArkType). An answer that is not JSON or fails is a `StructuredOutputError`, raised
	after all its chunks; an answer that calls tools or refuses has no `object`.
	Any other value is sent as `response_format` as it is (`ResponseFormat`).
	*/
	responseFormat?: StructuredResponseFormat<Schema> | ResponseFormat | null;
	/**
	`parsePartialJson` (import it), or another factory of `push(delta)` parsers: while the answer streams, each text
	chunk that changes the value parsed so far is followed by `{type: 'partial_object', object}`. With
	`parsePartialJson` the object is the parser's own, the same one each time, updated in place by later chunks (a copy
	per chunk would make a long answer quadratic): `structuredClone` it to keep a snapshot (or to give a UI framework a
	new reference). Not validated: the schema checks only the whole answer.
	*/
	partialObjects?: PartialObjects | null;
	/** `reasoning_effort`: how long reasoning models think. */
	reasoningEffort?: ReasoningEffort | null;
	/** `seed`: an integer, for repeatable sampling where the server supports it. */
	seed?: number | null;
	/** `user`: an id of your end user, for the provider's abuse monitoring. */
	user?: string | null;
	/**
	`logprobs`: ask for the log probabilities of the answer's tokens; they are yielded as `Logprobs` chunks and kept on
	`ChatResult.logprobs` (only when asked: otherwise none are yielded, whatever the server sends).
	*/
	logprobs?: boolean | null;
	/** `top_logprobs`: how many of the likeliest tokens to report at each position (with `logprobs: true`). */
	topLogprobs?: number | null;
	/**
	Fields merged verbatim into the JSON body, last: they win over the options above and can add any field
	(`modalities`, `frequency_penalty`, …). `n` above 1 is refused with a TypeError: a generator yields one answer, so
	send one request per answer instead.
	*/
	extraBody?: Record<string, unknown> | null;
	/**
	Yield a `ToolCallDelta` chunk for each piece of a tool call as it streams (the whole calls still come in one
	`ToolCalls` chunk).
	@default false
	*/
	toolCallDeltas?: boolean | null;
	/** Images for vision models, added as `image_url` parts to the last user message (the messages passed stay unchanged). */
	media?: readonly MediaInput[] | null;
	/**
	Image-generation prompt (models in `imageModels`).
	@default the last user message's text
	*/
	prompt?: string | null;
	/**
	Milliseconds to wait for response headers, per try; then `TimeoutError`, not retried. `false` disables.
	@default 600000
	*/
	timeout?: number | false | null;
	/**
	Milliseconds of silence allowed between two reads of the body; any bytes, keep-alive comments included, reset it.
	Then `TimeoutError`. `false` disables.
	@default 300000
	*/
	idleTimeout?: number | false | null;
	/**
	Milliseconds for the whole answer: request, retries, waits and every read; then `TimeoutError`. `false` disables.
	Inside a fallback, each provider gets its own.
	@default undefined (none)
	*/
	deadline?: number | false | null;
	/**
	Retries after the first try, or retry options merged over the library's (`RetryPolicy`). `0` disables. Each retry
	yields a `Retry` chunk before its wait.
	@default 2 (0 inside a fallback: moving on to the next provider is the retry)
	*/
	retry?: number | RetryPolicy | null;
	/** A fetch implementation to use instead of the global `fetch`. */
	fetch?: typeof fetch | null;
	/**
	`false` sends any model name, even when the provider's model list is known (static `models`, or a list
	`getModels()` fetched for this base URL). Otherwise a model not in a known list is refused before sending, with
	`ModelNotSupportedError`.
	@default true
	*/
	checkModel?: boolean | null;
	/**
	Most characters one answer may grow to: text, reasoning, refusal and tool-call arguments together, all of which
	the generator keeps for the `ChatResult` it returns. Past it, `ResponseError` (a fallback moves on when nothing
	was yielded yet); what was yielded before stays yielded. An integer between 1 and 536870888 (V8's longest string).
	@default 16777216 (16 Mi)
	*/
	maxAnswerLength?: number | null;
	/**
	Values that must never show in an error, besides the key: a credential in a header whose name does not say so
	(`X-Tenant: …`), in `apiEndpoint`'s path, in `extraBody`. Every occurrence in an error message is masked (values
	of 8 characters or more, as for the key: shorter ones are placeholders such as Ollama's `'ollama'`).
	@default undefined (the key, the values of headers named like credentials, and the URL's query values)
	*/
	secrets?: readonly string[] | null;
}

/** Options of `getModels`. */
export interface GetModelsOptions {
	/** Sent as `Authorization: Bearer <apiKey>`, when given (the model list is requested without one otherwise). */
	apiKey?: string | null;
	/** The API base URL, instead of the provider's `apiBase` (`GET {baseUrl}/models`). */
	baseUrl?: string | null;
	/** Aborting it rejects with the signal's reason, as is. */
	signal?: AbortSignal | null;
	/** A fetch implementation to use instead of the global `fetch`. */
	fetch?: typeof fetch | null;
	/** Request headers, merged last; a `null`/`undefined` value removes a header. */
	headers?: HeadersInit | Record<string, string | null | undefined> | null;
	/**
	Milliseconds to wait for response headers, per try, and again for the whole body; then `TimeoutError`. `false`
	disables.
	@default 60000
	*/
	timeout?: number | false | null;
	/**
	Retries after the first try, or retry options merged over the library's (`RetryPolicy`). `0` disables.
	@default 2
	*/
	retry?: number | RetryPolicy | null;
	/** Values that must never show in an error, besides the key (see `CreateOptions.secrets`). */
	secrets?: readonly string[] | null;
}

export type {Message};
