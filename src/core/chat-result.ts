import type {ChatResult} from '../types/chat-result.js';
import type {Chunk, ProviderInfo, ToolCall, Usage} from '../types/chunk.js';

/**
Text put together from many small pieces, kept at about its own size: pieces are joined in groups, so a long
stream holds one string per group instead of one per chunk.
*/
class TextBuffer {
	#text = '';
	readonly #pieces: string[] = [];

	push(piece: string): void {
		if (this.#pieces.push(piece) === 256) this.#flush();
	}

	toString(): string {
		this.#flush();
		return this.#text;
	}

	#flush(): void {
		this.#text += this.#pieces.join('');
		this.#pieces.length = 0;
	}
}

/**
Puts an answer together from its chunks, as they pass: the generators feed every chunk they yield and return
`result()`; `collect()` does the same for any generator it consumes.
*/
export class ChatResultBuilder {
	readonly #text = new TextBuffer();
	readonly #reasoning = new TextBuffer();
	readonly #refusal = new TextBuffer();
	#toolCalls: ToolCall[] = [];
	#usage: Usage | undefined;
	#finishReason: string | undefined;
	#provider: ProviderInfo | undefined;
	#images: string[] = [];
	#logprobs: ChatResult['logprobs'];

	add(chunk: Chunk): void {
		if (typeof chunk === 'string') {
			this.#text.push(chunk);
			return;
		}

		switch (chunk.type) {
			case 'reasoning': {
				this.#reasoning.push(chunk.text);
				break;
			}

			case 'refusal': {
				this.#refusal.push(chunk.text);
				break;
			}

			case 'tool_calls': {
				this.#toolCalls = [...this.#toolCalls, ...chunk.calls];
				break;
			}

			case 'usage': {
				this.#usage = chunk;
				break;
			}

			case 'finish': {
				this.#finishReason = chunk.reason;
				break;
			}

			case 'provider': {
				this.#provider = chunk;
				break;
			}

			case 'images': {
				this.#images = [...this.#images, ...chunk.urls];
				break;
			}

			case 'logprobs': {
				this.#logprobs ??= {content: [], refusal: []};
				this.#logprobs.content.push(...chunk.content);
				this.#logprobs.refusal.push(...chunk.refusal);
				break;
			}

			// Retries and fallbacks say how the answer came about, not what it is.
			default:
		}
	}

	result(): ChatResult {
		const text = this.#text.toString();
		const toolCalls = this.#toolCalls;
		return {
			text,
			reasoning: this.#reasoning.toString(),
			toolCalls,
			usage: this.#usage,
			finishReason: this.#finishReason,
			provider: this.#provider,
			refusal: this.#refusal.toString(),
			images: this.#images,
			...(this.#logprobs ? {logprobs: this.#logprobs} : {}),
			// What the API itself would send: `content: null` beside tool calls when there was no text.
			message:
				toolCalls.length > 0
					? {role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls}
					: {role: 'assistant', content: text},
		};
	}
}

/**
Consumes a generator from `createAsyncGenerator` (or any iterable of chunks) and resolves to the whole answer:
text, reasoning, tool calls, usage, finish reason, provider, refusal, images and the assistant `message` to append
to the history, and the `object` of a structured answer (from the generator's return value, typed from the schema).
Errors reject the promise, as they would end a `for await`.
*/
export function collect<Output>(
	generator: AsyncIterable<Chunk, ChatResult<Output>, undefined>,
): Promise<ChatResult<Output>>;
export function collect(generator: AsyncIterable<Chunk> | Iterable<Chunk>): Promise<ChatResult>;
export async function collect(generator: AsyncIterable<Chunk> | Iterable<Chunk>): Promise<ChatResult> {
	const builder = new ChatResultBuilder();
	const iterator = Symbol.asyncIterator in generator ? generator[Symbol.asyncIterator]() : generator[Symbol.iterator]();
	for (let step = await iterator.next(); ; step = await iterator.next()) {
		if (!step.done) {
			builder.add(step.value);
			continue;
		}
		const result = builder.result();
		// Only the generator knows the object: it is parsed and validated when the answer ends.
		const object = (step.value as ChatResult | undefined)?.object;
		return object === undefined ? result : {...result, object};
	}
}
