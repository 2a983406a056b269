import type {ProviderError} from '../errors/provider-error.js';

/**
Reasoning ("thinking") text, kept apart from the answer: `reasoning_content` / `reasoning` deltas, the text entries
of `reasoning_details`, Mistral `thinking` parts, or a leading `<think>…</think>` in the content. Yielded as it arrives.
*/
export interface Reasoning {
	type: 'reasoning';
	text: string;
}

/** One assembled function call, as the API would send it back next turn. */
export interface ToolCall {
	/** The call's id: the `tool_call_id` of the `tool` message that answers it. */
	id: string;
	type: 'function';
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
	type: 'tool_calls';
	calls: ToolCall[];
}

/**
Token usage as the API reported it: yielded once, when the answer ends, with the last report (reports may be
cumulative); not yielded when the API reported none.
*/
export interface Usage {
	type: 'usage';
	/** `prompt_tokens`; `0` when not reported. */
	promptTokens: number;
	/** `completion_tokens`; `0` when not reported. */
	completionTokens: number;
	/** `total_tokens` as sent (it may count more than the two above); their sum when not reported. */
	totalTokens: number;
}

/** One token's log probability, as the API reports it (its wire shape, as `ToolCall` keeps its own). */
export interface TokenLogprob {
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
	type: 'logprobs';
	content: TokenLogprob[];
	refusal: TokenLogprob[];
}

/** `finish_reason` values OpenAI documents; servers send others too (`'eos'`, `'error'`, …), passed through as is. */
export type FinishReasonValue = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | (string & {});

/** Why the choice finished: yielded at most once, when the API says; never invented. */
export interface FinishReason {
	type: 'finish';
	reason: FinishReasonValue;
}

/**
Which provider and model answer. A single provider yields it at most once, when the response first names a model:
usually before any text, after any `Retry` chunks; image requests always yield it. A fallback yields one as each
attempt starts, with the model asked for (aliases resolved) instead.
*/
export interface ProviderInfo {
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
	type: 'fallback';
	/** The provider left: its `label`, else its class name. */
	from: string;
	/** Why it was left. */
	error: ProviderError;
}

/** The answer of an image-generation request (models in `imageModels`): yielded once. */
export interface ImageResponse {
	type: 'images';
	/** The images, as http(s) URLs or, for `b64_json` answers, `data:image/png;base64,…` URLs. */
	urls: string[];
	/** The prompt sent. */
	prompt: string;
}

/** A safety refusal (OpenAI's `refusal`), never mixed into answer text; yielded only for non-empty text. */
export interface Refusal {
	type: 'refusal';
	text: string;
}

/** `runTools`: a tool call has run (or failed, `error` set); its result went back to the model. */
export interface ToolResult {
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
	type: 'step';
	step: number;
}

/**
With `partialObjects`: the value of the answer text so far, after each text chunk that changed it. Not validated;
with `parsePartialJson`, the same object each time, updated in place.
*/
export interface PartialObject {
	type: 'partial_object';
	object: unknown;
}

/**
What the generator yields: a string is answer text (each delta when streaming, the whole text otherwise), objects
are everything else, told apart by `type`.
*/
export type Chunk =
	| string
	| Reasoning
	| ToolCalls
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
