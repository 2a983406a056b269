import {createParser, type EventSourceMessage, type EventSourceParser} from 'eventsource-parser';
import {ResponseError} from '../errors/provider-error.js';
import {looksLikeHtml} from '../errors/describe-error-body.js';
import type {Chunk} from '../types/chunk.js';
import {redact} from '../utils/redact.js';
import {BodyReader} from './body-reader.js';
import {asResponseError, errorFromBody, type ParseContext, unreadable} from '../errors/error-from-body.js';
import {maxBodyLength, maxDescribedLength, maxEventLength} from './limits.js';
import {ChunkParser} from './parse-chunk.js';
import {readBodyText} from './read-body-text.js';

export interface ReadOptions extends ParseContext {
	idleTimeout: number | false;
	signal?: AbortSignal;
	/** What was asked for; decides how a body without a content type is read. */
	stream: boolean;
}

/** Chunks of a response, one batch per network read: `undefined` at the end; `close()` releases the body. */
export interface ChunkSource {
	read(): Promise<Chunk[] | undefined>;
	close(): void;
}

const streamDecoding = {stream: true};

/**
Opens a 2xx chat response, chosen by content type: an event stream is read chunk by chunk as its bytes
arrive, a JSON completion as one. Anything else is reported, never taken for an empty answer.
*/
export async function openResponse(response: Response, options: ReadOptions): Promise<ChunkSource> {
	const contentType = response.headers.get('content-type')?.toLowerCase() ?? '';
	const isEventStream = contentType.includes('text/event-stream') || (contentType === '' && options.stream);
	if (!isEventStream && !contentType.includes('json') && contentType !== '') {
		// Only its start is read, under the idle timer: enough to name a page, and a body that never ends cannot hang.
		const start = response.body ? readBodyText(new BodyReader(response.body, options), {provider: options.provider, limit: maxDescribedLength, overflow: 'cut', what: 'the body'}) : Promise.resolve('');
		const text = redact(await start.catch(failure => {
			// The content type is reason enough to fail; only an abort is reported as itself.
			if (options.signal?.aborted) throw failure;
			return '';
		}), options.secret);
		const what = looksLikeHtml(text) ? 'an HTML page' : `“${text.trim().slice(0, 120)}”`;
		throw new ResponseError(redact(`${options.provider}: unsupported content type ${contentType} (HTTP ${response.status}): ${what}`, options.secret), {
			status: response.status,
			provider: options.provider,
		});
	}

	if (!response.body) throw unreadable(options, 'empty body', '');
	const reader = new BodyReader(response.body, options);
	return isEventStream ? new EventStreamSource(reader, options) : new JsonBodySource(reader, options, response.status);
}

/** response body → text → SSE events → JSON → chunks, one batch per read. */
class EventStreamSource implements ChunkSource {
	readonly #reader: BodyReader;
	readonly #options: ReadOptions;
	readonly #parser: ChunkParser;
	readonly #decoder = new TextDecoder();
	readonly #sse: EventSourceParser;
	readonly #events: EventSourceMessage[] = [];
	readonly #out: Chunk[] = [];
	#overflow = false;
	#complete = false;
	#failure: unknown;

	constructor(reader: BodyReader, options: ReadOptions) {
		this.#reader = reader;
		this.#options = options;
		this.#parser = new ChunkParser(options);
		this.#sse = createParser({
			onEvent: event => {
				this.#events.push(event);
			},
			onError: error => {
				if (error.type === 'max-buffer-size-exceeded') this.#overflow = true;
			},
			maxBufferSize: maxEventLength,
		});
	}

	async read(): Promise<Chunk[] | undefined> {
		// Text that arrived before a failure was returned by the previous read; the failure comes now.
		if (this.#failure !== undefined) throw this.#failure;
		if (this.#complete) return undefined;
		const out = this.#out;
		out.length = 0;
		const bytes = await this.#reader.read();
		const ended = bytes === undefined;
		// At the end of the body, a last event without its closing blank line is still an event: terminate it.
		this.#sse.feed(ended ? `${this.#decoder.decode()}\n\n` : this.#decoder.decode(bytes, streamDecoding));
		if (this.#overflow) this.#failure = unreadable(this.#options, `an event longer than ${maxEventLength} characters`, '');
		const events = this.#events;
		for (let index = 0; index < events.length && !this.#complete && this.#failure === undefined; index++) {
			try {
				this.#complete = handleEvent(events[index]!, this.#parser, out, this.#options);
			} catch (error) {
				this.#failure = asResponseError(error, this.#options);
			}
		}

		events.length = 0;
		if (this.#failure !== undefined) {
			this.#parser.end(out, false);
		} else if (this.#complete || ended) {
			this.#complete ||= this.#parser.finished;
			this.#parser.end(out, this.#complete);
			if (!this.#complete) {
				this.#failure = new ResponseError(`${this.#options.provider}: the stream ended before the answer was complete (no [DONE] and no finish reason)`, {provider: this.#options.provider});
			}

			this.#complete = true;
		}

		return out;
	}

	close(): void {
		this.#reader.close();
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
	// Named events that are not JSON objects (pings, heartbeats and the like) are not part of the answer.
	const named = event.event !== undefined && event.event !== 'message';
	let chunk: unknown;
	try {
		chunk = JSON.parse(data);
	} catch {
		if (named) return false;
		throw unreadable(options, 'not JSON', data);
	}

	if (named && (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk))) return false;

	parser.parse(chunk, out);
	return false;
}

/** A JSON completion (or error) body, read whole and parsed as one big delta. */
class JsonBodySource implements ChunkSource {
	readonly #reader: BodyReader;
	readonly #options: ReadOptions;
	readonly #status: number;
	#done = false;

	constructor(reader: BodyReader, options: ReadOptions, status: number) {
		this.#reader = reader;
		this.#options = options;
		this.#status = status;
	}

	async read(): Promise<Chunk[] | undefined> {
		if (this.#done) return undefined;
		this.#done = true;
		const text = await readBodyText(this.#reader, {provider: this.#options.provider, limit: maxBodyLength, overflow: 'fail', what: 'the JSON answer'});
		try {
			return this.#parse(text);
		} catch (error) {
			throw asResponseError(error, this.#options);
		}
	}

	#parse(text: string): Chunk[] {
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			throw unreadable(this.#options, 'not JSON', text);
		}

		if (typeof body === 'object' && body !== null && 'error' in body && body.error != null) throw errorFromBody(body, this.#options, this.#status);
		if (typeof body !== 'object' || body === null || !('choices' in body)) throw unreadable(this.#options, 'no `choices` in the JSON body', text);
		const parser = new ChunkParser(this.#options);
		const out: Chunk[] = [];
		parser.parse(body, out);
		parser.end(out, true);
		return out;
	}

	close(): void {
		this.#reader.close();
	}
}
