import type {RetryOptions} from 'ky';
import type {Message} from './message.js';

/** An image for a vision model: a data URL, an http(s) URL, or bytes. A `[data, fileName]` pair is accepted too. */
export type MediaData = string | Blob | ArrayBuffer | Uint8Array;
export type MediaInput = MediaData | readonly [MediaData, string?];

export interface FunctionTool {
	type: 'function';
	function: {name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean};
}

export type ToolChoice = 'none' | 'auto' | 'required' | {type: 'function'; function: {name: string}};

/** Options of `createAsyncGenerator`; camelCase here, snake_case on the wire. `null`/`undefined` mean "not set". */
/** ky's retry options, plus the library's own. */
export interface RetryPolicy extends RetryOptions {
	/**
	Retry a failed connection only when it was refused (nothing reached the server). By default a connection reset or
	dropped before the response is retried too, POST included, though the server may have read and processed the
	request; set this when sending twice costs more than failing. Statuses (429, 5xx, …) are retried either way.
	*/
	onlyRefused?: boolean;
}

export interface CreateOptions {
	apiKey?: string | null;
	/** Ask for a server-sent event stream. Default `false`, as in g4f. */
	stream?: boolean | null;
	signal?: AbortSignal | null;
	/** Overrides the provider's `apiBase`. */
	baseUrl?: string | null;
	/** Full chat-completions URL; overrides `baseUrl`. */
	apiEndpoint?: string | null;
	/** Merged last over the library's headers: a record (a `null`/`undefined` value removes a header), a `Headers`, or `[name, value]` pairs. */
	headers?: HeadersInit | Record<string, string | null | undefined> | null;
	temperature?: number | null;
	maxTokens?: number | null;
	topP?: number | null;
	stop?: string | string[] | null;
	tools?: FunctionTool[] | null;
	toolChoice?: ToolChoice | null;
	parallelToolCalls?: boolean | null;
	responseFormat?: Record<string, unknown> | null;
	reasoningEffort?: string | null;
	seed?: number | null;
	user?: string | null;
	/** Merged verbatim into the JSON body, last. */
	extraBody?: Record<string, unknown> | null;
	/** Images for vision models, added as `image_url` parts of the last user message. */
	media?: readonly MediaInput[] | null;
	/** Image-generation prompt; defaults to the last user message's text. */
	prompt?: string | null;
	/** Milliseconds to wait for response headers, per attempt. `false` disables. Default 600000 (10 min). */
	timeout?: number | false | null;
	/** Milliseconds of silence allowed between two reads of the body. `false` disables. Default 300000 (5 min). */
	idleTimeout?: number | false | null;
	/** Milliseconds for the whole answer: request, retries and every read; then `TimeoutError`. Default none. */
	deadline?: number | false | null;
	/**
	Retry count, or ky retry options merged over the library's defaults. `0` disables. Each retry yields a `Retry`
	chunk before its wait. Inside a fallback the default is `0`: moving on to the next provider is the retry.
	*/
	retry?: number | RetryPolicy | null;
	/** A custom fetch implementation. */
	fetch?: typeof fetch | null;
	/**
	`false` sends any model name, even when the provider's model list is known (static `models`, or a list
	`getModels()` fetched for this base URL). Default `true`: a model not in a known list is refused before sending.
	*/
	checkModel?: boolean | null;
}

export interface GetModelsOptions {
	apiKey?: string | null;
	baseUrl?: string | null;
	signal?: AbortSignal | null;
	fetch?: typeof fetch | null;
	headers?: HeadersInit | Record<string, string | null | undefined> | null;
	timeout?: number | false | null;
	retry?: number | RetryPolicy | null;
}

export type {Message};
