/** Reasoning ("thinking") text, kept apart from the answer. */
export interface Reasoning {
	type: 'reasoning';
	text: string;
}

/** One assembled function call, as the API would send it back next turn. */
export interface ToolCall {
	id: string;
	type: 'function';
	function: {name: string; arguments: string};
	/** Unknown per-call fields (e.g. Gemini's `extra_content`) are kept as sent. */
	[extra: string]: unknown;
}

/** All tool calls of the answer, assembled from their deltas; yielded once, before `FinishReason`. */
export interface ToolCalls {
	type: 'tool_calls';
	calls: ToolCall[];
}

/** Token usage as the API reported it (the last report of the stream). */
export interface Usage {
	type: 'usage';
	promptTokens: number;
	completionTokens: number;
	totalTokens: number;
}

/** Why the choice finished (`stop`, `length`, `tool_calls`, `content_filter`, …); yielded at most once. */
export interface FinishReason {
	type: 'finish';
	reason: string;
}

/**
Which provider and model answer: yielded once, first, when the response names its model; a fallback yields one at the
start of each attempt. `name` is the provider's `label` (else its class name); `url` its static `url`, or the origin
of its API base when it has none.
*/
export interface ProviderInfo {
	type: 'provider';
	name: string;
	model: string;
	url: string;
}

/**
A failed try is about to be repeated: yielded before the wait. `attempt` counts retries (1 for the first),
`delay` is the wait in milliseconds, `error` the library's error for the failure being retried.
*/
export interface Retry {
	type: 'retry';
	attempt: number;
	delay: number;
	error: Error;
}

/**
A fallback leaves a provider (it failed before any content, or was skipped for a missing key or an unsupported
model): `from` is that provider's name, `error` why. The next provider's `ProviderInfo` follows, if there is one.
*/
export interface Fallback {
	type: 'fallback';
	from: string;
	error: Error;
}

/** Result of an image-generation request. */
export interface ImageResponse {
	type: 'images';
	urls: string[];
	prompt: string;
}

/** A safety refusal (OpenAI `refusal`), never mixed into answer text. */
export interface Refusal {
	type: 'refusal';
	text: string;
}

/** What the generator yields: a string is answer text, objects are everything else. */
export type Chunk = string | Reasoning | ToolCalls | Usage | FinishReason | ProviderInfo | Retry | Fallback | ImageResponse | Refusal;
