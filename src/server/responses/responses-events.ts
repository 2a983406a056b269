import type {Chunk, FinishReasonValue, TokenLogprob, ToolCall, Usage} from '../../index.js';
import type {ResponsesEcho} from './parse-responses-request.js';
import {
	endOf,
	functionCallItem,
	imagesText,
	messageItem,
	outputText,
	reasoningItem,
	refusalPart,
	responseHead,
	responsesId,
	responsesUsage,
} from './responses-object.js';

type Json = Record<string, unknown>;

/** The output item being streamed: a reasoning summary, or a message whose last content part is still open. */
type OpenItem =
	| {kind: 'reasoning'; id: string; index: number; text: string}
	| {
			kind: 'message';
			id: string;
			index: number;
			parts: Json[];
			part: 'text' | 'refusal';
			text: string;
			/** The log probabilities of the open text part's tokens. */
			logprobs: TokenLogprob[];
	  };

/**
The library's chunks as Responses API server-sent events (`event: <type>` and `data: <json>`, each with its
`sequence_number`). An answer streams as output items in the order they come: a `reasoning` item (its text as
summary text), a `message` item (`output_text`, or `refusal`, content parts), then one `function_call` item per
call, whole, since the library yields calls assembled. `response.created` and `response.in_progress` go out with the
first content, so that failures before it are still answered with an HTTP status.
*/
export class ResponsesEventEncoder {
	readonly #id = responsesId('resp');
	readonly #createdAt = Math.floor(Date.now() / 1000);
	readonly #echo: ResponsesEcho;
	#model: string;
	#sequence = 0;
	#started = false;
	/** Finished output items, by output index. */
	readonly #output: Json[] = [];
	#open: OpenItem | undefined;
	#usage: Usage | undefined;
	#finishReason: FinishReasonValue | undefined;
	/** Log probabilities of text still to come: the library yields them before the text they score. */
	#logprobs: TokenLogprob[] = [];

	constructor(model: string, echo: ResponsesEcho) {
		this.#model = model;
		this.#echo = echo;
	}

	/** One event; `data` gets the type and the next sequence number first. */
	#event(type: string, data: Json): string {
		return `event: ${type}\ndata: ${JSON.stringify({type, sequence_number: this.#sequence++, ...data})}\n\n`;
	}

	#response(fields: Json = {}): Json {
		return {...responseHead(this.#id, this.#createdAt, this.#model, this.#echo), ...fields};
	}

	#start(): string {
		if (this.#started) return '';
		this.#started = true;
		const response = this.#response();
		return this.#event('response.created', {response}) + this.#event('response.in_progress', {response});
	}

	/** The events that close the open item (its part and the item), if there is one. */
	#close(): string {
		const open = this.#open;
		if (!open) return '';
		this.#open = undefined;
		const at = {item_id: open.id, output_index: open.index};
		let events = '';
		let item: Json;
		if (open.kind === 'reasoning') {
			const part = {type: 'summary_text', text: open.text};
			events +=
				this.#event('response.reasoning_summary_text.done', {...at, summary_index: 0, text: open.text}) +
				this.#event('response.reasoning_summary_part.done', {...at, summary_index: 0, part});
			item = reasoningItem(open.id, open.text);
		} else {
			events += this.#closePart(open);
			item = messageItem(open.id, open.parts, endOf(this.#finishReason).status);
		}

		this.#output[open.index] = item;
		return events + this.#event('response.output_item.done', {output_index: open.index, item});
	}

	/** Closes the message's open content part, recording it in `parts`. */
	#closePart(open: OpenItem & {kind: 'message'}): string {
		const at = {item_id: open.id, output_index: open.index, content_index: open.parts.length};
		if (open.part === 'text') open.logprobs.push(...this.#takeLogprobs());
		const part = open.part === 'text' ? outputText(open.text, open.logprobs) : refusalPart(open.text);
		const done =
			open.part === 'text'
				? this.#event('response.output_text.done', {...at, text: open.text, logprobs: open.logprobs})
				: this.#event('response.refusal.done', {...at, refusal: open.text});
		open.parts.push(part);
		open.text = '';
		open.logprobs = [];
		return done + this.#event('response.content_part.done', {...at, part});
	}

	/** Opens a new output item at the next index. */
	#added(item: Json): string {
		return this.#event('response.output_item.added', {output_index: this.#output.length, item});
	}

	/** Text or refusal text: a message item (opened or reused) with a content part of that kind at its end. */
	#messageDelta(kind: 'text' | 'refusal', delta: string): string {
		let events = this.#start();
		let open = this.#open;
		if (open?.kind !== 'message') {
			events += this.#close();
			const id = responsesId('msg');
			events += this.#added(messageItem(id, [], 'in_progress'));
			open = {kind: 'message', id, index: this.#output.length, parts: [], part: kind, text: '', logprobs: []};
			this.#output.push({});
			this.#open = open;
			events += this.#partAdded(open);
		} else if (open.part !== kind) {
			events += this.#closePart(open);
			open.part = kind;
			events += this.#partAdded(open);
		}

		open.text += delta;
		const at = {item_id: open.id, output_index: open.index, content_index: open.parts.length};
		if (kind === 'refusal') return events + this.#event('response.refusal.delta', {...at, delta});
		const logprobs = this.#takeLogprobs();
		open.logprobs.push(...logprobs);
		return events + this.#event('response.output_text.delta', {...at, delta, logprobs});
	}

	#takeLogprobs(): TokenLogprob[] {
		const logprobs = this.#logprobs;
		this.#logprobs = [];
		return logprobs;
	}

	#partAdded(open: OpenItem & {kind: 'message'}): string {
		const part = open.part === 'text' ? outputText('') : refusalPart('');
		return this.#event('response.content_part.added', {
			item_id: open.id,
			output_index: open.index,
			content_index: open.parts.length,
			part,
		});
	}

	#reasoningDelta(delta: string): string {
		let events = this.#start();
		let open = this.#open;
		if (open?.kind !== 'reasoning') {
			events += this.#close();
			const id = responsesId('rs');
			events += this.#added(reasoningItem(id, ''));
			open = {kind: 'reasoning', id, index: this.#output.length, text: ''};
			this.#output.push({});
			this.#open = open;
			events += this.#event('response.reasoning_summary_part.added', {
				item_id: id,
				output_index: open.index,
				summary_index: 0,
				part: {type: 'summary_text', text: ''},
			});
		}

		open.text += delta;
		return (
			events +
			this.#event('response.reasoning_summary_text.delta', {
				item_id: open.id,
				output_index: open.index,
				summary_index: 0,
				delta,
			})
		);
	}

	/** Calls come whole: each is added, its arguments sent as one delta, and done. */
	#functionCalls(calls: readonly ToolCall[]): string {
		let events = this.#start() + this.#close();
		for (const call of calls) {
			const id = responsesId('fc');
			const index = this.#output.length;
			const at = {item_id: id, output_index: index};
			const {arguments: args, name} = call.function;
			events += this.#added(functionCallItem(id, call, 'in_progress', ''));
			if (args !== '') events += this.#event('response.function_call_arguments.delta', {...at, delta: args});
			const item = functionCallItem(id, call, 'completed');
			this.#output.push(item);
			events +=
				this.#event('response.function_call_arguments.done', {...at, name, arguments: args}) +
				this.#event('response.output_item.done', {output_index: index, item});
		}

		return events;
	}

	/** The events for one chunk; `''` for chunks that have no place in a response (retries, fallbacks). */
	encode(chunk: Chunk): string {
		if (typeof chunk === 'string') return chunk === '' ? '' : this.#messageDelta('text', chunk);
		if (typeof chunk !== 'object' || chunk === null) return '';
		switch (chunk.type) {
			case 'reasoning': {
				return chunk.text === '' ? '' : this.#reasoningDelta(chunk.text);
			}

			case 'refusal': {
				return chunk.text === '' ? '' : this.#messageDelta('refusal', chunk.text);
			}

			case 'tool_calls': {
				return chunk.calls.length === 0 ? '' : this.#functionCalls(chunk.calls);
			}

			case 'images': {
				return this.#messageDelta('text', imagesText(chunk.urls, chunk.prompt));
			}

			case 'logprobs': {
				// Sent with the text delta that follows (refusal log probabilities have no place in a response).
				this.#logprobs.push(...chunk.content);
				return '';
			}

			case 'finish': {
				this.#finishReason = chunk.reason;
				return '';
			}

			case 'usage': {
				this.#usage = chunk;
				return '';
			}

			case 'provider': {
				// The model the response names, until the first event fixes it.
				if (chunk.model && !this.#started) this.#model = chunk.model;
				return '';
			}

			default: {
				return '';
			}
		}
	}

	/** The end of a complete answer: the open item closed, then `response.completed` (or `.incomplete`). */
	done(): string {
		const events = this.#start() + this.#close();
		const end = endOf(this.#finishReason);
		const response = this.#response({
			...end,
			output: this.#output,
			usage: this.#usage ? responsesUsage(this.#usage) : null,
		});
		return `${events}${this.#event(end.status === 'completed' ? 'response.completed' : 'response.incomplete', {response})}`;
	}

	/**
	The last events of a stream that failed after it started: an `error` event, then `response.failed` with what
	was finished so far.
	*/
	error(error: {toWire(): {message: string; code: string | null; param?: string | null}}): string {
		const {message, code, param = null} = error.toWire();
		const events = this.#start() + this.#event('error', {code, message, param});
		const response = this.#response({
			status: 'failed',
			error: {code: code ?? 'server_error', message},
			output: this.#output.filter(item => Object.keys(item).length > 0),
			usage: this.#usage ? responsesUsage(this.#usage) : null,
		});
		return events + this.#event('response.failed', {response});
	}
}
