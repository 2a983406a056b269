import type {Chunk, ProviderInfo, Usage} from '../../types/chunk.js';
import {isRecord, type UnknownRecord} from '../../utils/is-record.js';
import {safeStringify} from '../../utils/safe-json.js';
import {type ReadContext, defaultMaxAnswerLength} from '../context.js';
import {asResponseError, errorFromBody, failure, unreadable} from '../read/response-errors.js';
import {reasoning, ThinkTagSplitter} from './think-tag-splitter.js';
import {ToolCallAssembler} from './tool-call-assembler.js';

/**
Where the answer stands: `open` until a finish reason arrives (`finished`: the answer is complete, usage may
follow) or the data ends for sure (`done`: `[DONE]`, or a JSON body read whole).
*/
export type AnswerState = 'open' | 'finished' | 'done';

/**
Turns parsed `chat.completion(.chunk)` objects into the chunks the generator yields, keeping the state a stream
needs: the first model name, `<think>` splitting, tool-call fragments, the one finish reason, the last usage.
JSON bodies go through the same path, their `message` read as one big delta.
*/
export class ChunkParser {
	readonly #context: ReadContext;
	readonly #thinkSplitter = new ThinkTagSplitter();
	#toolCalls = new ToolCallAssembler();
	#providerSent = false;
	#usage: UnknownRecord | undefined;
	readonly #maxLength: number;
	readonly #keepsResult: boolean;
	/** Characters of text, reasoning, refusal and handed-out tool-call arguments so far: what the result keeps. */
	#kept = 0;
	#state: AnswerState = 'open';

	/**
	`maxLength`: what the answer may grow to (`maxAnswerLength`); `keepsResult: false` when the generator keeps no result,
	so that only the tool-call arguments being assembled, which this parser holds, count against it.
	*/
	constructor(context: ReadContext, maxLength = defaultMaxAnswerLength, keepsResult = true) {
		this.#context = context;
		this.#maxLength = maxLength;
		this.#keepsResult = keepsResult;
	}

	/** Where the answer stands; only the parser moves it on (a finish reason, `endOfData()`). */
	get state(): AnswerState {
		return this.#state;
	}

	/** The data has ended for sure: `[DONE]` arrived, or a JSON body was read whole. */
	endOfData(): void {
		this.#state = 'done';
	}

	/** The chunks one parsed chunk object yields. */
	parse(chunk: unknown): Chunk[] {
		try {
			return this.#parse(chunk);
		} catch (error) {
			throw asResponseError(error, this.#context);
		}
	}

	#parse(chunk: unknown): Chunk[] {
		const context = this.#context;
		if (!isRecord(chunk)) throw unreadable(context, 'not a JSON object', safeStringify(chunk));
		if (chunk.error != null) throw errorFromBody(chunk, context);
		const out: Chunk[] = [];
		if (!this.#providerSent && typeof chunk.model === 'string' && chunk.model !== '') {
			this.#providerSent = true;
			const info: ProviderInfo = {type: 'provider', name: context.provider, model: chunk.model, url: context.url};
			if (context.omitted?.length) info.omitted = [...context.omitted];
			out.push(info);
		}

		const {choices} = chunk;
		if (Array.isArray(choices)) {
			// Only the first choice (n = 1); servers with n > 1 tag each with its index.
			const choice =
				choices.length === 1 ? choices[0] : choices.find(item => isRecord(item) && (item.index ?? 0) === 0);
			if (isRecord(choice)) this.#parseChoice(choice, out);
		} else if (choices != null) {
			throw unreadable(context, '`choices` is not an array', safeStringify(choices));
		}

		const usage = findUsage(chunk);
		if (usage) this.#usage = usage;
		// Once per event: whatever a server sends, the answer kept stays below the limit (a V8 string ends at 512 MiB).
		if ((this.#keepsResult ? this.#kept : 0) + this.#toolCalls.argumentsLength > this.#maxLength)
			throw failure(
				context,
				`the answer exceeds \`maxAnswerLength\` (${this.#maxLength} characters of text, reasoning and tool calls)`,
			);
		return out;
	}

	/** Text held back to look for a `<think>` tag, released as is: the answer failed before it could tell. */
	held(): Chunk[] {
		return this.#thinkSplitter.flush();
	}

	/** The data has ended: held-back text, then, when the answer is complete (not `open`), tool calls and usage. */
	end(): Chunk[] {
		const out: Chunk[] = this.#thinkSplitter.flush();
		if (this.#state === 'open') return out;
		this.#takeToolCalls(out);
		if (this.#usage) out.push(mapUsage(this.#usage));
		return out;
	}

	// `out` is the array `parse()` returns: the helpers below add to it in order.
	#parseChoice(choice: UnknownRecord, out: Chunk[]): void {
		// Azure's content-filter chunks have no delta; JSON bodies have `message` instead.
		const delta = choice.delta ?? choice.message;
		if (isRecord(delta)) this.#parseDelta(delta, out);
		const reason = choice.finish_reason;
		if (typeof reason === 'string' && reason !== '' && this.#state === 'open') {
			this.#state = 'finished';
			for (const piece of this.#thinkSplitter.flush()) out.push(piece);
			this.#takeToolCalls(out);
			out.push({type: 'finish', reason});
		}
	}

	#parseDelta(delta: UnknownRecord, out: Chunk[]): void {
		const field = this.#context.reasoningField;
		const thought = (field && delta[field]) || delta.reasoning_content || delta.reasoning;
		if (typeof thought === 'string' && thought !== '') this.#reasoning(thought, out);
		else if (Array.isArray(delta.reasoning_details)) this.#reasoningDetails(delta.reasoning_details, out);

		const {content} = delta;
		if (typeof content === 'string') {
			if (content !== '') this.#text(content, out);
		} else if (Array.isArray(content)) {
			// Mistral's content parts: `text` parts are answer, `thinking` parts hold reasoning; others are skipped.
			for (const part of content) {
				if (!isRecord(part)) continue;
				if (part.type === 'text' && typeof part.text === 'string' && part.text !== '') {
					this.#text(part.text, out);
				} else if (part.type === 'thinking') {
					const {thinking} = part;
					if (typeof thinking === 'string' && thinking !== '') this.#reasoning(thinking, out);
					else if (Array.isArray(thinking)) this.#reasoningDetails(thinking, out);
				}
			}
		}

		const {refusal} = delta;
		if (typeof refusal === 'string' && refusal !== '') {
			this.#kept += refusal.length;
			out.push({type: 'refusal', text: refusal});
		}

		const toolCalls = delta.tool_calls;
		if (Array.isArray(toolCalls)) for (const call of toolCalls) this.#toolCalls.add(call);
	}

	#reasoning(text: string, out: Chunk[]): void {
		this.#kept += text.length;
		out.push(reasoning(text));
	}

	/** Text entries only: encrypted data and signatures are never reasoning text. */
	#reasoningDetails(details: unknown[], out: Chunk[]): void {
		for (const detail of details) {
			if (
				isRecord(detail) &&
				typeof detail.text === 'string' &&
				detail.text !== '' &&
				detail.type !== 'reasoning.encrypted'
			) {
				this.#reasoning(detail.text, out);
			}
		}
	}

	#text(text: string, out: Chunk[]): void {
		this.#kept += text.length;
		// Most of an answer comes after any `<think>` block: no array per delta for that.
		if (this.#thinkSplitter.passing) out.push(text);
		else for (const piece of this.#thinkSplitter.push(text)) out.push(piece);
	}

	#takeToolCalls(out: Chunk[]): void {
		if (this.#toolCalls.size > 0) {
			this.#kept += this.#toolCalls.argumentsLength;
			out.push({type: 'tool_calls', calls: this.#toolCalls.take()});
			this.#toolCalls = new ToolCallAssembler();
		}
	}
}

// `Number.isFinite` is false for anything but a finite number (it does not convert).
function count(value: unknown): number {
	return Number.isFinite(value) ? (value as number) : 0;
}

/** The usage object of a chunk: `usage`, or Groq's `x_groq.usage`; `undefined` when the chunk has none. */
export function findUsage(chunk: UnknownRecord): UnknownRecord | undefined {
	if (isRecord(chunk.usage)) return chunk.usage;
	const groq = chunk.x_groq;
	return isRecord(groq) && isRecord(groq.usage) ? groq.usage : undefined;
}

/** OpenAI usage to the library's `Usage`; `total_tokens` is passed through as sent. */
export function mapUsage(usage: UnknownRecord): Usage {
	const promptTokens = count(usage.prompt_tokens);
	const completionTokens = count(usage.completion_tokens);
	const total = usage.total_tokens;
	return {
		type: 'usage',
		promptTokens,
		completionTokens,
		totalTokens: typeof total === 'number' ? total : promptTokens + completionTokens,
	};
}
