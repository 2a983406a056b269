import {ChatResultBuilder} from '../internal.js';
import type {ChatResult, Chunk, Logprobs, Source, TokenLogprob, ToolCall, Usage} from '../index.js';

/** A new completion id, as OpenAI spells them. */
export function completionId(): string {
	return `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`;
}

/** Usage on the OpenAI wire: the three counts, and the details the upstream gave in OpenAI's (and OpenRouter's) names. */
function wireUsage(usage: Usage): Record<string, unknown> {
	const wire: Record<string, unknown> = {
		prompt_tokens: usage.promptTokens,
		completion_tokens: usage.completionTokens,
		total_tokens: usage.totalTokens,
	};
	if (usage.cachedTokens !== undefined) wire.prompt_tokens_details = {cached_tokens: usage.cachedTokens};
	if (usage.reasoningTokens !== undefined) wire.completion_tokens_details = {reasoning_tokens: usage.reasoningTokens};
	if (usage.cost !== undefined) wire.cost = usage.cost;
	return wire;
}

/** Sources as OpenAI's `url_citation` annotations. */
function wireAnnotations(sources: readonly Source[]): unknown[] {
	return sources.map(({url, title}) => ({
		type: 'url_citation',
		url_citation: title === undefined ? {url} : {url, title},
	}));
}

function wireToolCalls(calls: readonly ToolCall[]): unknown[] {
	// Each call whole, with the index a streamed delta carries; unknown per-call fields stay.
	return calls.map((call, index) => ({index, ...call}));
}

/** A choice's `logprobs` as OpenAI sends it: `refusal` is `null` when it has none. */
function wireLogprobs(logprobs: {content: readonly TokenLogprob[]; refusal: readonly TokenLogprob[]}): unknown {
	return {content: logprobs.content, refusal: logprobs.refusal.length > 0 ? logprobs.refusal : null};
}

function markdownImages(urls: readonly string[], prompt: string): string {
	const alt = prompt.replaceAll(/[[\]\n]/g, ' ');
	return urls.map(url => `![${alt}](${url})`).join('\n');
}

/**
The library's chunks as OpenAI `chat.completion.chunk` server-sent events, whatever the upstream sent. Events are
built as strings around `JSON.stringify` of the varying part only: this runs once per streamed token.
*/
export class EventEncoder {
	readonly #id = completionId();
	readonly #created = Math.floor(Date.now() / 1000);
	readonly #includeUsage: boolean;
	#model = '';
	#head = '';
	#started = false;
	#usage: Usage | undefined;
	/** Log probabilities waiting for the text they score: the library yields them just before it. */
	#logprobs: Logprobs | undefined;

	constructor(model: string, includeUsage: boolean) {
		this.#includeUsage = includeUsage;
		this.#setModel(model);
	}

	#setModel(model: string): void {
		this.#model = model;
		this.#head = `data: {"id":"${this.#id}","object":"chat.completion.chunk","created":${this.#created},"model":${JSON.stringify(model)},"choices":[`;
	}

	/** The first event carries only the role, as OpenAI's does; some clients look for it. */
	#role(): string {
		if (this.#started) return '';
		this.#started = true;
		return `${this.#head}{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`;
	}

	#delta(delta: string, finishReason = 'null', logprobs = ''): string {
		return `${this.#role()}${this.#head}{"index":0,"delta":${delta}${logprobs},"finish_reason":${finishReason}}]}\n\n`;
	}

	/** The waiting log probabilities as the `logprobs` member of a choice (`''` when none), taken. */
	#takeLogprobs(): string {
		const logprobs = this.#logprobs;
		if (!logprobs) return '';
		this.#logprobs = undefined;
		return `,"logprobs":${JSON.stringify(wireLogprobs(logprobs))}`;
	}

	/** Log probabilities no text came for (text held back, say) go out in an event of their own, before `next`. */
	#flushLogprobs(): string {
		const logprobs = this.#takeLogprobs();
		return logprobs === '' ? '' : this.#delta('{}', 'null', logprobs);
	}

	/** The events for one chunk; `''` for chunks that have no place on the wire (they are never sent). */
	encode(chunk: Chunk): string {
		if (typeof chunk === 'string')
			return chunk === '' ? '' : this.#delta(`{"content":${JSON.stringify(chunk)}}`, 'null', this.#takeLogprobs());
		if (typeof chunk !== 'object' || chunk === null) return '';
		if (chunk.type === 'logprobs') {
			// Two in a row (no text between): the first goes alone.
			const earlier = this.#flushLogprobs();
			this.#logprobs = chunk;
			return earlier;
		}

		return this.#flushLogprobs() + this.#encodeOther(chunk);
	}

	#encodeOther(chunk: Exclude<Chunk, string>): string {
		switch (chunk.type) {
			case 'reasoning': {
				// OpenRouter's entries go on as they came (a client joins their pieces), beside the text.
				const details = chunk.details ? `"reasoning_details":${JSON.stringify(chunk.details)}` : '';
				if (chunk.text === '') return details ? this.#delta(`{${details}}`) : '';
				return this.#delta(`{"reasoning_content":${JSON.stringify(chunk.text)}${details ? `,${details}` : ''}}`);
			}

			case 'sources': {
				return this.#delta(`{"annotations":${JSON.stringify(wireAnnotations(chunk.sources))}}`);
			}

			case 'refusal': {
				return this.#delta(`{"refusal":${JSON.stringify(chunk.text)}}`, 'null', this.#takeLogprobs());
			}

			case 'tool_calls': {
				return this.#delta(`{"tool_calls":${JSON.stringify(wireToolCalls(chunk.calls))}}`);
			}

			case 'finish': {
				return this.#delta('{}', JSON.stringify(chunk.reason));
			}

			case 'images': {
				return this.#delta(`{"content":${JSON.stringify(markdownImages(chunk.urls, chunk.prompt))}}`);
			}

			case 'usage': {
				// Sent last, after the finish reason, as OpenAI does.
				this.#usage = chunk;
				return '';
			}

			case 'provider': {
				if (chunk.model && chunk.model !== this.#model) this.#setModel(chunk.model);
				return '';
			}

			default: {
				return '';
			}
		}
	}

	/** The end of a complete answer: the usage chunk when asked for, then `[DONE]`. */
	done(): string {
		const logprobs = this.#flushLogprobs();
		const usage =
			this.#includeUsage && this.#usage
				? `data: {"id":"${this.#id}","object":"chat.completion.chunk","created":${this.#created},"model":${JSON.stringify(this.#model)},"choices":[],"usage":${JSON.stringify(wireUsage(this.#usage))}}\n\n`
				: '';
		return `${this.#role()}${logprobs}${usage}data: [DONE]\n\n`;
	}

	/** The last event of a stream that failed after it started: the error, and no `[DONE]`. */
	error(error: {toWire(): unknown}): string {
		return `data: ${JSON.stringify({error: error.toWire()})}\n\n`;
	}
}

/**
Collects a non-streamed answer with the core's `ChatResultBuilder`, then writes it as one `chat.completion` object.
Images go into the text as markdown where they came (as the stream's events put them), so they reach the builder as
text. Built here from the chunks, not taken from the generator's return value: that result has the images apart from
the text, and a provider's own generator need not return one.
*/
export async function collectCompletion(chunks: AsyncIterable<Chunk>, model: string): Promise<Record<string, unknown>> {
	const builder = new ChatResultBuilder();
	let hasText = false;
	for await (const chunk of chunks) {
		if (typeof chunk === 'string') {
			hasText ||= chunk !== '';
			builder.add(chunk);
		} else if (typeof chunk === 'object' && chunk !== null) {
			if (chunk.type !== 'images') builder.add(chunk);
			else {
				const images = markdownImages(chunk.urls, chunk.prompt);
				builder.add((hasText ? '\n' : '') + images);
				hasText ||= images !== '';
			}
		}
	}

	return completionOf(builder.result(), model);
}

/** A `ChatResult` as OpenAI's `chat.completion` object; `model` when no provider chunk named the one that answered. */
function completionOf(result: ChatResult, model: string): Record<string, unknown> {
	const {reasoning, refusal, sources, toolCalls, usage, logprobs} = result;
	const message: Record<string, unknown> = {
		role: 'assistant',
		content: result.message.content,
		refusal: refusal || null,
	};
	if (reasoning) message.reasoning_content = reasoning;
	if (result.message.reasoning_details) message.reasoning_details = result.message.reasoning_details;
	if (sources.length > 0) message.annotations = wireAnnotations(sources);
	if (toolCalls.length > 0) message.tool_calls = toolCalls;
	return {
		id: completionId(),
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: result.provider?.model || model,
		choices: [
			{
				index: 0,
				message,
				finish_reason: result.finishReason ?? null,
				logprobs: logprobs ? wireLogprobs(logprobs) : null,
			},
		],
		...(usage ? {usage: wireUsage(usage)} : {}),
	};
}
