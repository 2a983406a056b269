import {createParser, type EventSourceMessage} from 'eventsource-parser';
import {ResponseError} from '../errors/provider-error.js';
import {looksLikeHtml} from '../errors/describe-error-body.js';
import type {Chunk} from '../types/chunk.js';
import {redact} from '../utils/redact.js';
import {BodyReader} from './body-reader.js';
import {ChunkParser, errorFromBody, type ParseContext, unreadable} from './parse-chunk.js';

export interface ReadOptions extends ParseContext {
	idleTimeout: number | false;
	signal?: AbortSignal;
	/** What was asked for; decides how a body without a content type is read. */
	stream: boolean;
}

/** One event may not grow past this: a hostile or broken server cannot take all memory. */
const maxEventLength = 64 * 1024 * 1024;
const streamDecoding = {stream: true};

/**
Reads a 2xx chat response, chosen by content type: an event stream chunk by chunk as its bytes arrive,
a JSON completion as one. Anything else is reported, never taken for an empty answer.
*/
export async function * readResponse(response: Response, options: ReadOptions): AsyncGenerator<Chunk, void, undefined> {
	const contentType = response.headers.get('content-type')?.toLowerCase() ?? '';
	const isEventStream = contentType.includes('text/event-stream') || (contentType === '' && options.stream);
	if (!isEventStream && !contentType.includes('json') && contentType !== '') {
		const text = await response.text().catch(() => '');
		const what = looksLikeHtml(text) ? 'an HTML page' : `“${text.trim().slice(0, 120)}”`;
		throw new ResponseError(redact(`${options.provider}: unsupported content type ${contentType} (HTTP ${response.status}): ${what}`, options.secret), {
			status: response.status,
			provider: options.provider,
		});
	}

	if (!response.body) throw unreadable(options, 'empty body', '');
	const reader = new BodyReader(response.body, options);
	try {
		yield * (isEventStream ? readEventStream(reader, options) : readJsonBody(reader, options, response.status));
	} finally {
		reader.close();
	}
}

async function * readEventStream(reader: BodyReader, options: ReadOptions): AsyncGenerator<Chunk, void, undefined> {
	const parser = new ChunkParser(options);
	const decoder = new TextDecoder();
	const events: EventSourceMessage[] = [];
	let overflow = false;
	const sse = createParser({
		onEvent(event) {
			events.push(event);
		},
		onError(error) {
			if (error.type === 'max-buffer-size-exceeded') overflow = true;
		},
		maxBufferSize: maxEventLength,
	});
	const out: Chunk[] = [];
	let complete = false;
	let failure: unknown;
	for (;;) {
		const bytes = await reader.read();
		const ended = bytes === undefined;
		// At the end of the body, a last event without its closing blank line is still an event: terminate it.
		sse.feed(ended ? `${decoder.decode()}\n\n` : decoder.decode(bytes, streamDecoding));
		if (overflow) failure = unreadable(options, `an event longer than ${maxEventLength} characters`, '');
		for (const event of events) {
			try {
				complete = handleEvent(event, parser, out, options);
			} catch (error) {
				failure = error;
			}

			if (complete || failure !== undefined) break;
		}

		events.length = 0;
		if (failure !== undefined) {
			parser.end(out, false);
		} else if (complete || ended) {
			complete ||= parser.finished;
			parser.end(out, complete);
			if (!complete) failure = new ResponseError(`${options.provider}: the stream ended before the answer was complete (no [DONE] and no finish reason)`, {provider: options.provider});
		}

		// Text that arrived before a failure is yielded first.
		for (const chunk of out) yield chunk;
		out.length = 0;
		if (failure !== undefined) throw failure;
		if (complete) return;
	}
}

/** Handles one server-sent event; returns true at `[DONE]`. */
function handleEvent(event: EventSourceMessage, parser: ChunkParser, out: Chunk[], options: ReadOptions): boolean {
	const {data} = event;
	if (event.event === 'error') {
		let body: unknown = data;
		try {
			body = JSON.parse(data);
		} catch {}

		throw errorFromBody(body, options);
	}

	if (data === '[DONE]') return true;
	if (data === '') return false;
	let chunk: unknown;
	try {
		chunk = JSON.parse(data);
	} catch {
		// Named events that are not JSON (pings and the like) are not part of the answer.
		if (event.event !== undefined && event.event !== 'message') return false;
		throw unreadable(options, 'not JSON', data);
	}

	parser.parse(chunk, out);
	return false;
}

async function * readJsonBody(reader: BodyReader, options: ReadOptions, status: number): AsyncGenerator<Chunk, void, undefined> {
	const decoder = new TextDecoder();
	let text = '';
	for (let bytes = await reader.read(); bytes !== undefined; bytes = await reader.read()) {
		text += decoder.decode(bytes, streamDecoding);
	}

	text += decoder.decode();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw unreadable(options, 'not JSON', text);
	}

	if (typeof body === 'object' && body !== null && 'error' in body && body.error != null) throw errorFromBody(body, options, status);
	if (typeof body !== 'object' || body === null || !('choices' in body)) throw unreadable(options, 'no `choices` in the JSON body', text);
	const parser = new ChunkParser(options);
	const out: Chunk[] = [];
	parser.parse(body, out);
	parser.end(out, true);
	yield * out;
}
