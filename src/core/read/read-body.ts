import {isRecord} from '../../utils/is-record.js';
import {tryParseJson} from '../../utils/safe-json.js';
import {readBodyText, BodyReader} from './body-reader.js';
import type {ReadContext} from '../context.js';
import {errorFromBody, unreadable, failure} from './response-errors.js';
import {looksLikeHtml} from '../../utils/looks-like-html.js';
import {redact} from '../../utils/redact.js';
import {shorten} from '../../utils/shorten.js';
import type {ImageResponse} from '../../types/chunk.js';

/**
A 2xx JSON answer read whole (`what`: "the JSON answer"): its value, or the `error` object it carries raised
with the response's `status`. Text that is not JSON is quoted briefly.
*/
export async function readJsonResponse(
	reader: BodyReader,
	status: number,
	context: ReadContext,
	what: string,
): Promise<{body: unknown; text: string}> {
	const text = await readBodyText(reader, context.provider, what);
	const body = tryParseJson(text);
	if (body === undefined) throw unreadable(context, 'not JSON', text);
	if (isRecord(body) && body.error != null) throw errorFromBody(body, context, status);
	return {body, text};
}

/**
How to read a 2xx chat response, by its content type: `true` for an event stream, `false` for JSON; a body
without a content type is read as what was asked for (`stream`). Anything else is reported, never taken for
an empty answer.
*/
export async function isEventStream(response: Response, context: ReadContext, stream: boolean): Promise<boolean> {
	const type = response.headers.get('content-type')?.toLowerCase() ?? '';
	if (type === '') return stream;
	if (type.includes('text/event-stream')) return true;
	if (type.includes('json')) return false;
	// Only its start is read, under the idle timer: enough to name a page, and a body that never ends cannot hang.
	let text = '';
	if (response.body) {
		text = await readBodyText(new BodyReader(response.body, context), context.provider).catch(failure => {
			// The content type is reason enough to fail; only an abort is reported as itself.
			if (context.signal?.aborted) throw failure;
			return '';
		});
	}

	text = redact(text, context.secret);
	const what = looksLikeHtml(text) ? 'an HTML page' : `“${shorten(text.trim())}”`;
	throw failure(context, `unsupported content type ${type} (HTTP ${response.status}): ${what}`, {
		status: response.status,
	});
}

/** Reads an `/images/generations` answer: `{data: [{url} | {b64_json}]}`, under the idle timer and the size limit. */
export async function readImageResponse(
	reader: BodyReader | undefined,
	status: number,
	prompt: string,
	context: ReadContext,
): Promise<ImageResponse> {
	if (!reader) throw unreadable(context, 'not JSON', '');
	const {body, text} = await readJsonResponse(reader, status, context, 'the image answer');
	const data = isRecord(body) && Array.isArray(body.data) ? body.data : undefined;
	if (!data) throw unreadable(context, 'no `data` list of images', text);
	const urls = data.flatMap(image => {
		if (!isRecord(image)) return [];
		if (typeof image.url === 'string') return [image.url];
		return typeof image.b64_json === 'string' ? [`data:image/png;base64,${image.b64_json}`] : [];
	});
	return {type: 'images', urls, prompt};
}
