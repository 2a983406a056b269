import type {FinishReasonValue, ProviderInfo, ReasoningDetail, Source, TokenLogprob, ToolCall, Usage} from './chunk.js';
import type {AssistantMessage} from './message.js';

/** The assistant message of a finished answer, to append to the history as is. */
export interface ResultMessage extends AssistantMessage {
	/** Always `'assistant'`. */
	role: 'assistant';
	/** The answer text; `null` when the answer is only tool calls. */
	content: string | null;
	/** The tool calls, when there were any (the key is absent otherwise). */
	tool_calls?: ToolCall[];
	/** The reasoning, when it came in this field (the key is absent otherwise). */
	reasoning_content?: string;
	/** The reasoning, when it came in this field (the key is absent otherwise). */
	reasoning?: string;
	/** The `reasoning_details` entries, when there were any: stream pieces of one entry joined, each entry whole. */
	reasoning_details?: ReasoningDetail[];
}

/**
Everything one answer yielded, put together: what `collect(generator)` resolves to and what the generators
`return`. Text, reasoning and refusal are `''` when there was none. `Output` is the type of `object`.
*/
export interface ChatResult<Output = unknown> {
	/** The answer text: every string chunk, joined. */
	text: string;
	/** Reasoning ("thinking") text, kept apart from the answer. */
	reasoning: string;
	/** The tool calls the model made (empty when none): run them, then send one `{role: 'tool', tool_call_id, content}` per call. */
	toolCalls: ToolCall[];
	/** Token usage (the `Usage` chunk); `undefined` when the API reported none. */
	usage: Usage | undefined;
	/**
	Why the answer ended (`'stop'`, `'length'`, `'tool_calls'`, …); `undefined` when the API did not say. A partial
	result (`collect(generator, {partial: true})`) that ended early says `'abort'` or `'error'` instead.
	*/
	finishReason: FinishReasonValue | undefined;
	/**
	The provider and model that answered (the last `ProviderInfo` chunk); `undefined` when the response named no model.
	A fallback's result always has it: the provider that answered.
	*/
	provider: ProviderInfo | undefined;
	/** A safety refusal's text. */
	refusal: string;
	/** Image URLs of an image-generation answer or of images in a chat answer (`ImageResponse.urls`); empty otherwise. */
	images: string[];
	/** The pages the answer cites (the `Sources` chunk); empty when none. */
	sources: Source[];
	/**
	The assistant message to append to the history: `{role: 'assistant', content, tool_calls?}`, with the reasoning in
	the field it came in (`reasoning_content`, `reasoning`, `reasoning_details`), to go back where the provider needs it.
	*/
	message: ResultMessage;
	/**
	With `responseFormat: {schema}`: the answer parsed, and validated by the schema when it is a Standard Schema.
	`undefined` otherwise, and when the answer called tools or refused instead.
	*/
	object?: Output | undefined;
	/**
	Log probabilities of the answer's tokens (every `Logprobs` chunk, joined): only with the `logprobs` option (the key
	is absent otherwise).
	*/
	logprobs?: {content: TokenLogprob[]; refusal: TokenLogprob[]};
	/**
	Only from `collect(generator, {partial: true})`, when the answer ended early: the abort reason, or the error
	(`finishReason` is then `'abort'` or `'error'`, unless the API had already said why it finished).
	*/
	error?: unknown;
}
