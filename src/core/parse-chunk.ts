import {errorFromBody, type ParseContext, unreadable} from '../errors/error-from-body.js';
import {ResponseError} from '../errors/provider-error.js';
import type {Chunk} from '../types/chunk.js';
import {isRecord, type UnknownRecord} from '../utils/is-record.js';
import {safeStringify} from '../utils/safe-json.js';
import {maxToolArgumentsLength} from './limits.js';
import {findUsage, mapUsage} from './map-usage.js';
import {ThinkTagSplitter} from './think-tag-splitter.js';
import {ToolCallAssembler} from './tool-call-assembler.js';


/**
Turns parsed `chat.completion(.chunk)` objects into the chunks the generator yields, keeping the state a stream
needs: the first model name, `<think>` splitting, tool-call fragments, the one finish reason, the last usage.
JSON bodies go through the same path, their `message` read as one big delta.
*/
export class ChunkParser {
	readonly #context: ParseContext;
	readonly #thinkSplitter = new ThinkTagSplitter();
	#toolCalls = new ToolCallAssembler();
	#out: Chunk[] = [];
	#providerSent = false;
	#usage: UnknownRecord | undefined;
	/** True once a finish reason arrived: the answer is complete. */
	finished = false;

	constructor(context: ParseContext) {
		this.#context = context;
	}

	readonly #text = (text: string): void => {
		this.#out.push(text);
	};

	readonly #reasoning = (text: string): void => {
		this.#out.push({type: 'reasoning', text});
	};

	/** Parses one chunk object, appending what it yields to `out`. */
	parse(chunk: unknown, out: Chunk[]): void {
		if (!isRecord(chunk)) throw unreadable(this.#context, 'not a JSON object', safeStringify(chunk));
		if (chunk.error != null) throw errorFromBody(chunk, this.#context);
		this.#out = out;
		if (!this.#providerSent && typeof chunk.model === 'string' && chunk.model !== '') {
			this.#providerSent = true;
			out.push({type: 'provider', name: this.#context.provider, model: chunk.model, url: this.#context.url});
		}

		const {choices} = chunk;
		if (Array.isArray(choices)) {
			// Only the first choice (n = 1); servers with n > 1 tag each with its index.
			const choice = choices.length === 1 ? choices[0] : choices.find(item => isRecord(item) && (item.index ?? 0) === 0);
			if (isRecord(choice)) this.#parseChoice(choice);
		} else if (choices != null) {
			throw unreadable(this.#context, '`choices` is not an array', safeStringify(choices));
		}

		const usage = findUsage(chunk);
		if (usage) this.#usage = usage;
	}

	/** Releases held-back text (end of body). `complete` adds tool calls and usage. */
	end(out: Chunk[], complete: boolean): void {
		this.#out = out;
		this.#thinkSplitter.flush(this.#text, this.#reasoning);
		if (!complete) return;
		this.#emitToolCalls();
		if (this.#usage) out.push(mapUsage(this.#usage));
	}

	#parseChoice(choice: UnknownRecord): void {
		// Azure's content-filter chunks have no delta; JSON bodies have `message` instead.
		const delta = choice.delta ?? choice.message;
		if (isRecord(delta)) this.#parseDelta(delta);
		const reason = choice.finish_reason;
		if (typeof reason === 'string' && reason !== '' && !this.finished) {
			this.finished = true;
			this.#thinkSplitter.flush(this.#text, this.#reasoning);
			this.#emitToolCalls();
			this.#out.push({type: 'finish', reason});
		}
	}

	#parseDelta(delta: UnknownRecord): void {
		const reasoning = delta.reasoning_content || delta.reasoning;
		if (typeof reasoning === 'string' && reasoning !== '') this.#reasoning(reasoning);
		else if (Array.isArray(delta.reasoning_details)) this.#parseReasoningDetails(delta.reasoning_details);

		const {content} = delta;
		if (typeof content === 'string') {
			if (content !== '') this.#thinkSplitter.push(content, this.#text, this.#reasoning);
		} else if (Array.isArray(content)) {
			this.#parseContentParts(content);
		}

		const {refusal} = delta;
		if (typeof refusal === 'string' && refusal !== '') this.#out.push({type: 'refusal', text: refusal});

		const toolCalls = delta.tool_calls;
		if (Array.isArray(toolCalls)) {
			for (const call of toolCalls) this.#toolCalls.add(call);
			// Arguments are the one thing a stream makes the library keep: they must not grow without bound.
			if (this.#toolCalls.argumentsLength > maxToolArgumentsLength) {
				throw new ResponseError(`${this.#context.provider}: tool-call arguments exceed the limit of ${maxToolArgumentsLength / 1024 / 1024} MiB`, {provider: this.#context.provider});
			}
		}
	}

	/** Mistral's content parts: `text` parts are answer, `thinking` parts hold reasoning; others are skipped. */
	#parseContentParts(parts: unknown[]): void {
		for (const part of parts) {
			if (!isRecord(part)) continue;
			if (part.type === 'text' && typeof part.text === 'string' && part.text !== '') {
				this.#thinkSplitter.push(part.text, this.#text, this.#reasoning);
			} else if (part.type === 'thinking') {
				const thinking = part.thinking;
				if (typeof thinking === 'string' && thinking !== '') this.#reasoning(thinking);
				else if (Array.isArray(thinking)) this.#parseReasoningDetails(thinking);
			}
		}
	}

	/** Text entries only: encrypted data and signatures are never reasoning text. */
	#parseReasoningDetails(details: unknown[]): void {
		for (const detail of details) {
			if (isRecord(detail) && typeof detail.text === 'string' && detail.text !== '' && detail.type !== 'reasoning.encrypted') {
				this.#reasoning(detail.text);
			}
		}
	}

	#emitToolCalls(): void {
		if (this.#toolCalls.size > 0) {
			this.#out.push({type: 'tool_calls', calls: this.#toolCalls.take()});
			this.#toolCalls = new ToolCallAssembler();
		}
	}
}
