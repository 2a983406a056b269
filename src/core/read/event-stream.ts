import {createParser, type EventSourceMessage, type EventSourceParser} from 'eventsource-parser';
import {tryParseJson} from '../../utils/safe-json.js';
import {type BodyReader, streamDecoding} from './body-reader.js';
import type {ReadContext} from '../context.js';
import {maxEventLength} from '../context.js';
import {errorFromBody, unreadable} from '../../errors/response-errors.js';

/** What `eventData` returns for `[DONE]`, the server's end of the stream. */
export const endOfStream = Symbol('[DONE]');

/** Response body → server-sent events: each `read()` returns the events one network read completed. */
export class EventStream {
	readonly #reader: BodyReader;
	readonly #decoder = new TextDecoder();
	readonly #parser: EventSourceParser;
	#events: EventSourceMessage[] = [];
	#ended = false;

	constructor(reader: BodyReader, context: ReadContext) {
		this.#reader = reader;
		this.#parser = createParser({
			onEvent: event => {
				this.#events.push(event);
			},
			onError(error) {
				if (error.type === 'max-buffer-size-exceeded')
					throw unreadable(context, `an event longer than ${maxEventLength} characters`, '');
			},
			maxBufferSize: maxEventLength,
		});
	}

	/** The events completed by the next bytes, in a new array; `undefined` once the body has ended. */
	async read(): Promise<EventSourceMessage[] | undefined> {
		if (this.#ended) return undefined;
		const bytes = await this.#reader.read();
		this.#ended = bytes === undefined;
		// At the end of the body, a last event without its closing blank line is still an event: terminate it.
		this.#parser.feed(bytes ? this.#decoder.decode(bytes, streamDecoding) : `${this.#decoder.decode()}\n\n`);
		const events = this.#events;
		this.#events = [];
		return events;
	}
}

/**
Server-sent event → JSON: the value an event carries, `endOfStream` at `[DONE]`, `undefined` for events that are
no part of the answer (empty data; named events such as pings that are not JSON objects). An error event throws.
*/
export function eventData(event: EventSourceMessage, context: ReadContext): unknown {
	const {data} = event;
	if (event.event === 'error') throw errorFromBody(tryParseJson(data) ?? data, context);
	if (data === '[DONE]') return endOfStream;
	if (data === '') return undefined;
	const value = tryParseJson(data);
	if (event.event === undefined || event.event === 'message') {
		if (value === undefined) throw unreadable(context, 'not JSON', data);
		return value;
	}

	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
