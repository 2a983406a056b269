import type {ProviderError} from '../errors/provider-error.js';

/**
Reasoning ("thinking") text, kept apart from the answer: `reasoning_content` / `reasoning` deltas, the text entries
of `reasoning_details`, Mistral `thinking` parts, or a leading `<think>…</think>` in the content. Yielded as it arrives.
*/
export interface Reasoning {
	/** The kind of chunk: `'reasoning'`. */
	type: 'reasoning';
	/** The text; `''` in a chunk that only carries `details` (encrypted reasoning, a signature). */
	text: string;
	/**
	The wire field it came in, when it came in one (not for `<think>` tags and Mistral's `thinking` parts):
	`ChatResult.message` carries the reasoning back in the same field.
	*/
	field?: ReasoningField;
	/** This delta's `reasoning_details` entries, whole and as received: signatures and encrypted entries included. */
	details?: ReasoningDetail[];
}

/** The wire fields reasoning comes in, and goes back in (`AssistantMessage`). */
export type ReasoningField = 'reasoning_content' | 'reasoning' | 'reasoning_details';

/**
One `reasoning_details` entry (OpenRouter): `{type: 'reasoning.text', text, signature?}`, `{type: 'reasoning.summary',
summary}` or `{type: 'reasoning.encrypted', data}`, with `id`, `format` and `index`. Kept whole: providers check what
comes back.
*/
export type ReasoningDetail = {type?: string; [key: string]: unknown};

/**
A piece of a tool call as it streams (with `toolCallDeltas: true`): show "calling get_weather({"city": "Par…" while
the arguments arrive. The whole call still comes in the `ToolCalls` chunk.
*/
export interface ToolCallDelta {
	/** The kind of chunk: `'tool_call_delta'`. */
	type: 'tool_call_delta';
	/** Which call (the wire's `index`; calls sent without one are numbered in order from 0). */
	index: number;
	/** The call's id, in the piece that carried it. */
	id?: string;
	/** The function's name, in the piece that carried it. */
	name?: string;
	/** The new piece of the argument text (`''` when the piece brought none). */
	arguments: string;
}

/** A web page the answer cites. */
export interface Source {
	/** The page's URL. */
	url: string;
	/** Its title, when the API gave a non-empty one. */
	title?: string;
}

/**
The pages the answer cites, from `url_citation` annotations (OpenAI search models, OpenRouter `:online`) or top-level
`citations` / `search_results` (Perplexity): yielded once, before `FinishReason`, each URL once.
*/
export interface Sources {
	/** The kind of chunk: `'sources'`. */
	type: 'sources';
	/** The cited pages, each URL once, in the order first cited. */
	sources: Source[];
}

/** One assembled function call, as the API would send it back next turn. */
export interface ToolCall {
	/** The call's id: the `tool_call_id` of the `tool` message that answers it. */
	id: string;
	/** Always `'function'` (the only kind of tool call). */
	type: 'function';
	/** The function called, and its arguments. */
	function: {
		/** The name of the `FunctionTool` called. */
		name: string;
		/** Its arguments as the model wrote them: JSON text, not checked (parse it, and expect it to be invalid at times). */
		arguments: string;
	};
	/** Unknown per-call fields (e.g. Gemini's `extra_content`) are kept as sent, to go back with the call. */
	[extra: string]: unknown;
}

/**
All tool calls of the answer, assembled from their deltas and ordered by index: yielded once, before `FinishReason`
(or at the end of a stream that has no finish reason).
*/
export interface ToolCalls {
	/** The kind of chunk: `'tool_calls'`. */
	type: 'tool_calls';
	/** The calls, in index order. */
	calls: ToolCall[];
}

/**
Token usage as the API reported it: yielded once, when the answer ends, with the last report (reports may be
cumulative); not yielded when the API reported none.
*/
export interface Usage {
	/** The kind of chunk: `'usage'`. */
	type: 'usage';
	/** `prompt_tokens`; `0` when not reported. */
	promptTokens: number;
	/** `completion_tokens`; `0` when not reported. */
	completionTokens: number;
	/** `total_tokens` as sent (it may count more than the two above); their sum when not reported. */
	totalTokens: number;
	/** Prompt tokens read from the provider's cache: `prompt_tokens_details.cached_tokens`, DeepSeek's `prompt_cache_hit_tokens`. */
	cachedTokens?: number;
	/** Tokens spent reasoning (part of `completionTokens`): `completion_tokens_details.reasoning_tokens`. */
	reasoningTokens?: number;
	/** What the request cost, as the API says it (OpenRouter's `cost` in credits, Perplexity's `cost.total_cost` in USD). */
	cost?: number;
	/**
	The API's own usage object, unchanged (every field it sent: Perplexity's `citation_tokens`, OpenRouter's
	`cost_details`, Groq's timings). Always set on the chunks the library yields.
	*/
	raw?: Record<string, unknown>;
}

/** One token's log probability, as the API reports it (its wire shape, as `ToolCall` keeps its own). */
export interface TokenLogprob {
	/** The token's text. */
	token: string;
	/** The natural log of the token's probability. */
	logprob: number;
	/** The token's UTF-8 bytes (tokens may split a character); `null` when the API has none. */
	bytes: number[] | null;
	/** The most likely tokens at this position, with theirs (`topLogprobs` of them); empty unless asked for. */
	top_logprobs: Array<{token: string; logprob: number; bytes: number[] | null}>;
	/** Fields other APIs add are kept as sent. */
	[extra: string]: unknown;
}

/**
Log probabilities of the answer's tokens (`choice.logprobs`), yielded only with the `logprobs` option, before the
text (or refusal) they score: `content` for answer tokens, `refusal` for refusal tokens; one of them may be empty.
*/
export interface Logprobs {
	/** The kind of chunk: `'logprobs'`. */
	type: 'logprobs';
	/** Log probabilities of answer tokens. */
	content: TokenLogprob[];
	/** Log probabilities of refusal tokens. */
	refusal: TokenLogprob[];
}

/** `finish_reason` values OpenAI documents; servers send others too (`'eos'`, `'error'`, …), passed through as is. */
export type FinishReasonValue = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | (string & {});

/** Why the choice finished: yielded at most once, when the API says; never invented. */
export interface FinishReason {
	/** The kind of chunk: `'finish'`. */
	type: 'finish';
	/** The API's `finish_reason`, as sent. */
	reason: FinishReasonValue;
}

/**
Which provider and model answer. A single provider yields it at most once, when the response first names a model:
usually before any text, after any `Retry` chunks; image requests always yield it. A fallback yields one as each
attempt starts, with the model asked for (aliases resolved) instead.
*/
export interface ProviderInfo {
	/** The kind of chunk: `'provider'`. */
	type: 'provider';
	/** The provider's `label`, else its class name. */
	name: string;
	/** The model id: as the response named it; in a fallback's and an image request's, the one sent. */
	model: string;
	/**
	The origin of the caller's `baseUrl` / `apiEndpoint` when given (the server actually asked), else the provider's
	static `url`, else the origin of its `apiBase`; `''` when there is none.
	*/
	url: string;
	/** Body fields left out of the request because the provider refuses them (its `refusedParameters`); absent when none. */
	omitted?: string[];
}

/** A failed try is about to be repeated: yielded before the wait, so a page can say "retrying in 2 s". */
export interface Retry {
	/** The kind of chunk: `'retry'`. */
	type: 'retry';
	/** Which retry this is: `1` for the first. */
	attempt: number;
	/** Milliseconds the library waits before it. */
	delay: number;
	/** The failure being retried: the error that would have been raised without the retry. */
	error: ProviderError;
}

/**
A fallback leaves a provider: it failed before any content, or was skipped (a missing key, an unsupported model).
The next provider's `ProviderInfo` follows, if there is one; else the fallback throws `RetryNoProviderError`.
*/
export interface Fallback {
	/** The kind of chunk: `'fallback'`. */
	type: 'fallback';
	/** The provider left: its `label`, else its class name. */
	from: string;
	/** Why it was left. */
	error: ProviderError;
}

/**
Images: the answer of an image-generation request (models in `imageModels`), yielded once; or images in a chat
answer (`message.images` / `delta.images`, e.g. OpenRouter with `modalities: ['image', 'text']`), as they come.
*/
export interface ImageResponse {
	/** The kind of chunk: `'images'`. */
	type: 'images';
	/** The images, as http(s) URLs or `data:image/…;base64,…` URLs. */
	urls: string[];
	/** The prompt sent: in a chat answer, the last user message's text. */
	prompt: string;
}

/** A safety refusal (OpenAI's `refusal`), never mixed into answer text; yielded only for non-empty text. */
export interface Refusal {
	/** The kind of chunk: `'refusal'`. */
	type: 'refusal';
	/** The text. */
	text: string;
}

/** `runTools`: a tool call has run (or failed, `error` set); its result went back to the model. */
export interface ToolResult {
	/** The kind of chunk: `'tool_result'`. */
	type: 'tool_result';
	/** The `ToolCall.id` answered. */
	toolCallId: string;
	/** The tool's name, as the model called it. */
	name: string;
	/** What `execute` returned; on failure, the text sent to the model instead. */
	result: unknown;
	/** Set when the call failed: what `execute` threw, or a `TypeError` for arguments that are not JSON or not valid, or an unknown tool. */
	error?: unknown;
}

/** `runTools`: model turn number `step` (1 for the first) starts. */
export interface Step {
	/** The kind of chunk: `'step'`. */
	type: 'step';
	/** The model turn starting: `1` for the first. */
	step: number;
}

/**
With `partialObjects`: the value of the answer text so far, after each text chunk that changed it. Not validated;
with `parsePartialJson`, the same object each time, updated in place.
*/
export interface PartialObject {
	/** The kind of chunk: `'partial_object'`. */
	type: 'partial_object';
	/** The object parsed from the answer's text so far (live: updated in place as more arrives). */
	object: unknown;
}

/**
What the generator yields: a string is answer text (each delta when streaming, the whole text otherwise), objects
are everything else, told apart by `type`.
*/
export type Chunk =
	| string
	| Reasoning
	| ToolCallDelta
	| ToolCalls
	| Sources
	| Usage
	| FinishReason
	| ProviderInfo
	| Retry
	| Fallback
	| ImageResponse
	| Refusal
	| PartialObject
	| Logprobs;

/** What `runTools` yields: every chunk of every model turn, and its own. */
export type RunToolsChunk = Chunk | ToolResult | Step;
