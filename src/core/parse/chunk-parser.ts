import type {
	Chunk,
	ProviderInfo,
	ReasoningDetail,
	ReasoningField,
	Source,
	TokenLogprob,
	Usage,
} from '../../types/chunk.js';
import {isRecord, type UnknownRecord} from '../../utils/is-record.js';
import {safeStringify} from '../../utils/safe-json.js';
import {type ReadContext, defaultMaxAnswerLength} from '../context.js';
import {failure} from '../../errors/failure.js';
import {asResponseError, errorFromBody, unreadable} from '../../errors/response-errors.js';
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
	/** The cited pages by URL, in the order first named; yielded once (before the finish reason, else at the end). */
	readonly #sources = new Map<string, Source>();
	#sourcesSent = false;
	/** The index of the choice read (the first one seen): a server's other choices are never mixed in. */
	#choice: unknown;
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

		// Perplexity's citations, repeated on every chunk: read before the choice, whose finish reason yields them.
		if (chunk.citations || chunk.search_results) {
			this.#cite(chunk.citations);
			this.#cite(chunk.search_results);
		}

		const {choices} = chunk;
		if (Array.isArray(choices)) {
			// One answer (n = 1 is all the library asks for): choice 0, or a lone choice's own index, kept from then on,
			// so that a server's other choices are never mixed in.
			const first: unknown = choices[0];
			if (first !== undefined) this.#choice ??= choices.length === 1 && isRecord(first) ? (first.index ?? 0) : 0;
			const choice =
				choices.length === 1 ? first : choices.find(item => isRecord(item) && (item.index ?? 0) === this.#choice);
			if (isRecord(choice) && (choice.index ?? 0) === this.#choice) this.#parseChoice(choice, out);
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
		// Citations that came only after the finish reason (or a stream without one).
		this.#takeSources(out);
		if (this.#usage) out.push(mapUsage(this.#usage));
		return out;
	}

	// `out` is the array `parse()` returns: the helpers below add to it in order.
	#parseChoice(choice: UnknownRecord, out: Chunk[]): void {
		if (this.#context.logprobs) this.#logprobs(choice.logprobs, out);
		// Azure's content-filter chunks have no delta; JSON bodies have `message` instead.
		const delta = choice.delta ?? choice.message;
		if (isRecord(delta)) this.#parseDelta(delta, out);
		const reason = choice.finish_reason;
		if (typeof reason === 'string' && reason !== '' && this.#state === 'open') {
			this.#state = 'finished';
			for (const piece of this.#thinkSplitter.flush()) out.push(piece);
			this.#takeToolCalls(out);
			this.#takeSources(out);
			out.push({type: 'finish', reason});
		}
	}

	/** A choice's `logprobs` (asked for with the `logprobs` option): yielded before the text they score. */
	#logprobs(logprobs: unknown, out: Chunk[]): void {
		if (!isRecord(logprobs)) return;
		const tokens = (list: unknown) => (Array.isArray(list) ? (list.filter(isRecord) as TokenLogprob[]) : []);
		const content = tokens(logprobs.content);
		const refusal = tokens(logprobs.refusal);
		if (content.length > 0 || refusal.length > 0) out.push({type: 'logprobs', content, refusal});
	}

	#parseDelta(delta: UnknownRecord, out: Chunk[]): void {
		const name = this.#reasoningName(delta);
		// Objects only: a stray null or string is no entry a provider could check.
		const details = Array.isArray(delta.reasoning_details)
			? (delta.reasoning_details.filter(isRecord) as ReasoningDetail[])
			: undefined;
		// OpenRouter sends the text in `reasoning` and again in `reasoning_details`: the text once, the entries whole.
		// A provider's own field (`reasoningField`) is read, but has no place in `AssistantMessage` to go back in.
		if (name)
			this.#reasoning(
				delta[name] as string,
				out,
				name === 'reasoning_content' || name === 'reasoning' ? name : undefined,
				details,
			);
		// Else the text entries are the text (encrypted data and signatures never are).
		else if (details?.length)
			this.#reasoning(
				details.map(detail => (isText(detail) ? detail.text : '')).join(''),
				out,
				'reasoning_details',
				details,
			);

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
					else if (Array.isArray(thinking))
						for (const entry of thinking) if (isText(entry)) this.#reasoning(entry.text, out);
				}
			}
		}

		const {refusal, images, annotations} = delta;
		if (typeof refusal === 'string' && refusal !== '') {
			this.#kept += refusal.length;
			out.push({type: 'refusal', text: refusal});
		}

		// Images in a chat answer (OpenRouter, with `modalities: ['image', 'text']`): `{type: 'image_url', image_url: {url}}`.
		if (Array.isArray(images)) {
			const urls = images.map(image => (image as {image_url?: {url?: unknown}})?.image_url?.url ?? image);
			if (urls.length > 0 && urls.every(url => typeof url === 'string'))
				out.push({type: 'images', urls, prompt: this.#context.prompt ?? ''});
		}

		if (annotations) this.#cite(annotations);
		const toolCalls = delta.tool_calls;
		if (Array.isArray(toolCalls)) {
			for (const call of toolCalls) {
				const piece = this.#toolCalls.add(call);
				if (piece && this.#context.toolCallDeltas) out.push(piece);
			}
		}
	}

	/** The field that carries this delta's reasoning text: the provider's own first, then the two common ones. */
	#reasoningName(delta: UnknownRecord): string | undefined {
		// Three reads, no array: this runs for every delta.
		const own = this.#context.reasoningField;
		if (own && isNonEmpty(delta[own])) return own;
		if (isNonEmpty(delta.reasoning_content)) return 'reasoning_content';
		return isNonEmpty(delta.reasoning) ? 'reasoning' : undefined;
	}

	/** `field` says where the text came from; `details`, the delta's `reasoning_details` entries, go along whole. */
	#reasoning(text: string, out: Chunk[], field?: ReasoningField, details?: ReasoningDetail[]): void {
		this.#kept += text.length;
		const chunk = reasoning(text);
		if (field) chunk.field = field;
		if (details?.length) {
			chunk.details = details;
			this.#kept += JSON.stringify(details).length;
		}

		out.push(chunk);
	}

	/**
	Pages an answer cites, each URL once: `url_citation` annotations (OpenAI, OpenRouter `:online`), Perplexity's
	`citations` (URLs, in the answer's [1], [2] order) and `search_results` (`{url, title}`). A title that comes later
	fills in a missing one.
	*/
	#cite(items: unknown): void {
		if (!Array.isArray(items) || this.#sourcesSent) return;
		for (const item of items) {
			const {url, title}: {url?: unknown; title?: unknown} = isRecord(item)
				? isRecord(item.url_citation)
					? item.url_citation
					: item
				: {url: item};
			if (typeof url !== 'string' || url === '') continue;
			const source = this.#sources.get(url) ?? {url};
			this.#sources.set(url, source);
			if (!source.title && typeof title === 'string' && title !== '') source.title = title;
		}
	}

	#text(text: string, out: Chunk[]): void {
		this.#kept += text.length;
		// Most of an answer comes after any `<think>` block: no array per delta for that.
		if (this.#thinkSplitter.passing) out.push(text);
		else for (const piece of this.#thinkSplitter.push(text)) out.push(piece);
	}

	#takeSources(out: Chunk[]): void {
		if (this.#sources.size > 0 && !this.#sourcesSent) {
			this.#sourcesSent = true;
			out.push({type: 'sources', sources: [...this.#sources.values()]});
		}
	}

	#takeToolCalls(out: Chunk[]): void {
		if (this.#toolCalls.size > 0) {
			this.#kept += this.#toolCalls.argumentsLength;
			out.push({type: 'tool_calls', calls: this.#toolCalls.take()});
			this.#toolCalls = new ToolCallAssembler();
		}
	}
}

function isNonEmpty(value: unknown): value is string {
	return typeof value === 'string' && value !== '';
}

/** A reasoning entry whose `text` is reasoning text: not encrypted, not empty. */
function isText(entry: unknown): entry is {text: string} {
	return isRecord(entry) && typeof entry.text === 'string' && entry.text !== '' && entry.type !== 'reasoning.encrypted';
}

// `Number.isFinite` is false for anything but a finite number (it does not convert).
function count(value: unknown): number {
	return Number.isFinite(value) ? (value as number) : 0;
}

/** The usage object of a chunk: `usage`, or Groq's `x_groq.usage`; `undefined` when the chunk has none. */
function findUsage(chunk: UnknownRecord): UnknownRecord | undefined {
	if (isRecord(chunk.usage)) return chunk.usage;
	const groq = chunk.x_groq;
	return isRecord(groq) && isRecord(groq.usage) ? groq.usage : undefined;
}

/**
OpenAI usage to the library's `Usage`; `total_tokens` is passed through as sent, the details the API gave are added
(DeepSeek's `prompt_cache_hit_tokens`, OpenRouter's `cost`, Perplexity's `cost.total_cost`), `raw` is the object itself.
*/
function mapUsage(usage: UnknownRecord): Usage {
	const promptTokens = count(usage.prompt_tokens);
	const completionTokens = count(usage.completion_tokens);
	const total = usage.total_tokens;
	// Read without checks: a detail that is no object gives `undefined`, and only finite numbers are kept.
	const {
		prompt_tokens_details: prompt,
		completion_tokens_details: completion,
		cost,
	} = usage as {
		prompt_tokens_details?: {cached_tokens?: unknown};
		completion_tokens_details?: {reasoning_tokens?: unknown};
		cost?: {total_cost?: unknown};
	};
	const details = {
		cachedTokens: prompt?.cached_tokens ?? usage.prompt_cache_hit_tokens,
		reasoningTokens: completion?.reasoning_tokens,
		cost: cost?.total_cost ?? cost,
	};
	const result: Usage = {
		type: 'usage',
		promptTokens,
		completionTokens,
		totalTokens: typeof total === 'number' ? total : promptTokens + completionTokens,
	};
	// Only what the API said, as numbers.
	for (const [key, value] of Object.entries(details))
		if (Number.isFinite(value)) result[key as 'cost'] = value as number;
	result.raw = usage;
	return result;
}
