// Type tests for issue 22, checked by `npm run typecheck`: each `@ts-expect-error` line must be an error.
import {
	collect,
	DeepSeek,
	type AssistantMessage,
	type ChatResult,
	type Chunk,
	type CreateOptions,
	type Message,
	OpenaiTemplate,
	type Usage,
} from '../../src/index.js';

declare const result: ChatResult;
declare const chunk: Chunk;

export async function accepted(): Promise<void> {
	// Reasoning goes back in the field it came in.
	const withContent: AssistantMessage = {role: 'assistant', content: 'a', reasoning_content: 'thought'};
	const withReasoning: AssistantMessage = {role: 'assistant', content: 'a', reasoning: 'thought'};
	const withDetails: AssistantMessage = {
		role: 'assistant',
		content: null,
		reasoning_details: [{type: 'reasoning.encrypted', data: 'opaque', format: 'google-gemini-v1', index: 0}],
		tool_calls: [{id: 'c', type: 'function', function: {name: 'f', arguments: '{}'}}],
	};
	const history: Message[] = [withContent, withReasoning, withDetails, result.message];
	const resultMessage: AssistantMessage = result.message;
	const details: readonly unknown[] | undefined = result.message.reasoning_details;
	const thought: string | undefined = result.message.reasoning_content ?? result.message.reasoning;

	// The provider rule.
	const rule: 'always' | 'tool-calls' | 'never' = DeepSeek.sendReasoningBack;
	class Mine extends OpenaiTemplate {
		static override sendReasoningBack = 'tool-calls' as const;
		static override defaultStream = false;
	}

	// New chunk kinds and result fields.
	if (typeof chunk === 'object') {
		switch (chunk.type) {
			case 'tool_call_delta': {
				const index: number = chunk.index;
				const id: string | undefined = chunk.id;
				const name: string | undefined = chunk.name;
				const piece: string = chunk.arguments;
				console.log(index, id, name, piece);
				break;
			}

			case 'sources': {
				for (const source of chunk.sources) console.log(source.url, source.title ?? '');
				break;
			}

			default:
		}
	}

	const usage: Usage | undefined = result.usage;
	const numbers: Array<number | undefined> = [usage?.cachedTokens, usage?.reasoningTokens, usage?.cost];
	const raw: unknown = usage?.raw;
	const sources: ReadonlyArray<{url: string; title?: string}> = result.sources;
	const error: unknown = result.error;

	// Partial answers and the new options.
	const options: CreateOptions = {toolCallDeltas: true};
	const partial: ChatResult = await collect(Mine.createAsyncGenerator('', history, options), {partial: true});
	console.log(history, resultMessage, details, thought, rule, numbers, raw, sources, error, partial);
}

export function refused(): void {
	// @ts-expect-error -- a rule value other than the three
	const rule: typeof OpenaiTemplate.sendReasoningBack = 'sometimes';
	// @ts-expect-error -- reasoning_content is text
	const message: AssistantMessage = {role: 'assistant', content: 'a', reasoning_content: 3};
	// @ts-expect-error -- the openai package's spelling is not an option here
	const options: CreateOptions = {baseURL: 'https://example.com'};
	console.log(rule, message, options);
}
