import type {Chunk} from '../../types/chunk.js';
import {isRecord} from '../../utils/is-record.js';
import type {ChatResultBuilder} from '../chat-result.js';
import type {ReadContext} from '../context.js';
import {ChunkParser} from '../parse/chunk-parser.js';
import {parseEvents} from '../parse/parse-events.js';
import {BodyReader} from './body-reader.js';
import {EventStream} from './event-stream.js';
import {isEventStream, readJsonBody} from './read-body.js';
import {failure, unreadable} from './response-errors.js';

/**
A 2xx chat response read into chunks, each added to `result` (when one is kept) as it is yielded. One generator from
response to caller: body → server-sent events → JSON → chunks, yielded as each read arrives; a JSON completion is
read whole and parsed as one big delta.
*/
export async function* readChat(
	response: Response,
	context: ReadContext,
	stream: boolean,
	result: ChatResultBuilder | undefined,
	maxAnswerLength: number | undefined,
): AsyncGenerator<Chunk, void, undefined> {
	const {signal} = context;
	const eventStream = await isEventStream(response, context, stream);
	if (!response.body) throw unreadable(context, 'empty body', '');
	const reader = new BodyReader(response.body, context);
	const parser = new ChunkParser(context, maxAnswerLength, result !== undefined);
	try {
		let rest: Chunk[];
		if (eventStream) {
			const source = new EventStream(reader, context);
			for (
				let events = await source.read();
				events;
				events = parser.state === 'done' ? undefined : await source.read()
			) {
				const {chunks, error} = parseEvents(events, parser, context);
				for (const chunk of chunks) {
					// One read can hold several chunks: once aborted, nothing more is handed out.
					signal?.throwIfAborted();
					result?.add(chunk);
					yield chunk;
				}

				// Text that came before a failure stays yielded; the failure comes after it.
				if (error !== undefined) throw error;
			}

			rest = parser.end();
		} else {
			const json = await readJsonBody(reader, response.status, context, 'the JSON answer');
			if (!isRecord(json.body) || !('choices' in json.body))
				throw unreadable(context, 'no `choices` in the JSON body', json.text);
			rest = parser.parse(json.body);
			parser.endOfData();
			rest.push(...parser.end());
		}

		for (const chunk of rest) {
			signal?.throwIfAborted();
			result?.add(chunk);
			yield chunk;
		}

		if (parser.state === 'open')
			throw failure(context, 'the stream ended before the answer was complete (no [DONE] and no finish reason)');
	} finally {
		// Finished, failed, broken out of or aborted: the body is cancelled and the connection released.
		reader.close();
	}
}
