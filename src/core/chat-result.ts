import {isProviderError} from '../errors/provider-error.js';
import type {ChatResult, ResultMessage} from '../types/chat-result.js';
import type {Chunk, ProviderInfo, ReasoningDetail, Source, ToolCall, Usage} from '../types/chunk.js';

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
	#sources: Source[] = [];
	/** The field reasoning text came in (the last one named), to go back in the same one. */
	#reasoningField: 'reasoning_content' | 'reasoning' | undefined;
	readonly #details: ReasoningDetail[] = [];

	add(chunk: Chunk): void {
		if (typeof chunk === 'string') {
			this.#text.push(chunk);
			return;
		}

		switch (chunk.type) {
			case 'reasoning': {
				this.#reasoning.push(chunk.text);
				const {field, details} = chunk;
				if (field && field !== 'reasoning_details') this.#reasoningField = field;
				if (details) mergeReasoningDetails(this.#details, details);
				break;
			}

			case 'sources': {
				this.#sources = [...this.#sources, ...chunk.sources];
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
		const reasoning = this.#reasoning.toString();
		const toolCalls = this.#toolCalls;
		// What the API itself would send: `content: null` beside tool calls when there was no text.
		const message: ResultMessage = {role: 'assistant', content: toolCalls.length > 0 && text === '' ? null : text};
		if (this.#reasoningField) message[this.#reasoningField] = reasoning;
		if (this.#details.length > 0) message.reasoning_details = this.#details;
		if (toolCalls.length > 0) message.tool_calls = toolCalls;
		return {
			text,
			reasoning,
			toolCalls,
			usage: this.#usage,
			finishReason: this.#finishReason,
			provider: this.#provider,
			refusal: this.#refusal.toString(),
			images: this.#images,
			...(this.#logprobs ? {logprobs: this.#logprobs} : {}),
			sources: this.#sources,
			message,
		};
	}
}

/** Options of `collect`. */
export interface CollectOptions {
	/**
	Keep what arrived when the answer ends early (an abort, a failure mid-stream, a mistake found before sending): the
	promise never rejects, and resolves to the result so far with `error` set and `finishReason` `'abort'` or
	`'error'` (unless the API had said why it finished).
	@default false
	*/
	partial?: boolean;
}

/**
Consumes a generator from `createAsyncGenerator` (or any iterable of chunks) and resolves to the whole answer:
text, reasoning, tool calls, usage, finish reason, provider, refusal, images, sources, the assistant `message` to
append to the history, and the `object` of a structured answer (from the generator's return value, typed from the
schema). Errors reject the promise, as they would end a `for await`; with `{partial: true}` they do not (see
`CollectOptions`).
*/
export function collect<Output>(
	generator: AsyncIterable<Chunk, ChatResult<Output>, undefined>,
	options?: CollectOptions,
): Promise<ChatResult<Output>>;
export function collect(
	generator: AsyncIterable<Chunk> | Iterable<Chunk>,
	options?: CollectOptions,
): Promise<ChatResult>;
export async function collect(
	generator: AsyncIterable<Chunk> | Iterable<Chunk>,
	options?: CollectOptions,
): Promise<ChatResult> {
	const builder = new ChatResultBuilder();
	const iterator = Symbol.asyncIterator in generator ? generator[Symbol.asyncIterator]() : generator[Symbol.iterator]();
	try {
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
	} catch (error) {
		if (!options?.partial) throw error;
		const result = builder.result();
		result.error = error;
		// An abort, as far as an error can tell: not the library's, and an AbortError (or the TimeoutError of
		// `AbortSignal.timeout`), or a reason that is no Error at all (`controller.abort('stop')`).
		result.finishReason ??=
			isProviderError(error) || (error instanceof Error && !/^(Abort|Timeout)Error$/.test(error.name))
				? 'error'
				: 'abort';
		return result;
	}
}

/**
Adds one delta's `reasoning_details` entries to those of the answer so far, so that each entry goes back whole:
a stream sends one entry in pieces (OpenRouter: the text in several deltas, the signature in a later one), all with
the entry's `index` and `type`. The first entry of a delta that continues the last one (same `index` and `type`) is
joined to it: its text, summary or data added, its other fields filled in. Entries of one delta, and of a JSON
answer, are kept as they came.
*/
export function mergeReasoningDetails(list: ReasoningDetail[], entries: readonly ReasoningDetail[]): void {
	let last = list.at(-1);
	for (const entry of entries) {
		if (last && entry.index !== undefined && last.index === entry.index && last.type === entry.type) {
			for (const key in entry) {
				const had = last[key];
				const value = entry[key];
				last[key] =
					typeof had === 'string' && typeof value === 'string' && /^(text|summary|data)$/.test(key)
						? had + value
						: (had ?? value);
			}
		} else {
			list.push({...entry});
		}

		last = undefined;
	}
}
