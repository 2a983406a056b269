import type {ChatResult, FinishReasonValue, TokenLogprob, ToolCall, Usage} from '../../index.js';
import type {ResponsesEcho} from './parse-responses-request.js';

/** A new id with OpenAI's prefix for its kind: `resp`, `msg`, `fc`, `rs`. */
export function responsesId(prefix: 'resp' | 'msg' | 'fc' | 'rs'): string {
	return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** Usage counts some APIs report beside the three every API has (the `Usage` chunk may carry them). */
type DetailedUsage = Usage & {cachedTokens?: number; reasoningTokens?: number};

/** The Responses `usage` object. */
export function responsesUsage(usage: Usage): Record<string, unknown> {
	const {cachedTokens, reasoningTokens} = usage as DetailedUsage;
	return {
		input_tokens: usage.promptTokens,
		input_tokens_details: {cached_tokens: cachedTokens ?? 0},
		output_tokens: usage.completionTokens,
		output_tokens_details: {reasoning_tokens: reasoningTokens ?? 0},
		total_tokens: usage.totalTokens,
	};
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** How a finished answer ends as a response: cut short by the token limit or a filter is `incomplete`. */
export function endOf(finishReason: FinishReasonValue | undefined): {
	status: 'completed' | 'incomplete';
	incomplete_details: {reason: string} | null;
} {
	if (finishReason === 'length') return {status: 'incomplete', incomplete_details: {reason: 'max_output_tokens'}};
	if (finishReason === 'content_filter') return {status: 'incomplete', incomplete_details: {reason: 'content_filter'}};
	return {status: 'completed', incomplete_details: null};
}

/** The fields of a response object other than its output, usage and outcome. */
export function responseHead(
	id: string,
	createdAt: number,
	model: string,
	echo: ResponsesEcho,
): Record<string, unknown> {
	return {
		id,
		object: 'response',
		created_at: createdAt,
		status: 'in_progress',
		background: false,
		error: null,
		incomplete_details: null,
		instructions: echo.instructions,
		max_output_tokens: echo.max_output_tokens,
		model,
		output: [],
		parallel_tool_calls: echo.parallel_tool_calls,
		previous_response_id: null,
		reasoning: echo.reasoning,
		store: false,
		temperature: echo.temperature,
		text: echo.text,
		tool_choice: echo.tool_choice,
		tools: echo.tools,
		top_p: echo.top_p,
		truncation: 'disabled',
		usage: null,
		user: echo.user,
		metadata: echo.metadata,
	};
}

/** A `reasoning` output item; its text is the summary (chat upstreams send reasoning text, not encrypted state). */
export function reasoningItem(id: string, text: string): Record<string, unknown> {
	return {id, type: 'reasoning', summary: text === '' ? [] : [{type: 'summary_text', text}]};
}

/** An `output_text` content part, with the log probabilities of its tokens when they were asked for. */
export function outputText(text: string, logprobs: readonly TokenLogprob[] = []): Record<string, unknown> {
	return {type: 'output_text', text, annotations: [], logprobs};
}

/** A `refusal` content part. */
export function refusalPart(refusal: string): Record<string, unknown> {
	return {type: 'refusal', refusal};
}

/** An assistant `message` output item. */
export function messageItem(
	id: string,
	content: Array<Record<string, unknown>>,
	status: ResponseStatus,
): Record<string, unknown> {
	return {id, type: 'message', status, role: 'assistant', content};
}

/** A `function_call` output item: `call_id` is what the client's `function_call_output` answers. */
export function functionCallItem(
	id: string,
	call: ToolCall,
	status: ResponseStatus,
	args = call.function.arguments,
): Record<string, unknown> {
	return {id, type: 'function_call', status, arguments: args, call_id: call.id, name: call.function.name};
}

/** Image answers become markdown text, as in the chat route. */
export function imagesText(urls: readonly string[], prompt: string): string {
	const alt = prompt.replaceAll(/[[\]\n]/g, ' ');
	return urls.map(url => `![${alt}](${url})`).join('\n');
}

/**
The non-streamed `response` object of a finished answer: reasoning, then the message, then function calls, in
the order a Responses model produces them.
*/
export function buildResponse(result: ChatResult, model: string, echo: ResponsesEcho): Record<string, unknown> {
	const end = endOf(result.finishReason);
	const output: Array<Record<string, unknown>> = [];
	if (result.reasoning !== '') output.push(reasoningItem(responsesId('rs'), result.reasoning));
	const text = [result.text, imagesText(result.images, '')].filter(Boolean).join('\n');
	const content: Array<Record<string, unknown>> = [];
	if (text !== '' || (result.refusal === '' && result.toolCalls.length === 0))
		content.push(outputText(text, result.logprobs?.content));
	if (result.refusal !== '') content.push(refusalPart(result.refusal));
	if (content.length > 0) output.push(messageItem(responsesId('msg'), content, end.status));
	for (const call of result.toolCalls) output.push(functionCallItem(responsesId('fc'), call, 'completed'));
	return {
		...responseHead(responsesId('resp'), Math.floor(Date.now() / 1000), result.provider?.model || model, echo),
		...end,
		output,
		usage: result.usage ? responsesUsage(result.usage) : null,
	};
}
