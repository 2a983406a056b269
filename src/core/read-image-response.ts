import type {ImageResponse} from '../types/chunk.js';
import {isRecord} from '../utils/is-record.js';
import type {BodyReader} from './body-reader.js';
import type {RequestContext} from './context.js';
import {readJsonBody} from './read-json-body.js';
import {unreadable} from './response-errors.js';

/** Reads an `/images/generations` answer: `{data: [{url} | {b64_json}]}`, under the idle timer and the size limit. */
export async function readImageResponse(
	reader: BodyReader | undefined,
	status: number,
	prompt: string,
	context: RequestContext,
): Promise<ImageResponse> {
	if (!reader) throw unreadable(context, 'not JSON', '');
	const {body, text} = await readJsonBody(reader, status, context, 'the image answer');
	const data = isRecord(body) && Array.isArray(body.data) ? body.data : undefined;
	if (!data) throw unreadable(context, 'no `data` list of images', text);
	const urls = data.flatMap(image => {
		if (!isRecord(image)) return [];
		if (typeof image.url === 'string') return [image.url];
		return typeof image.b64_json === 'string' ? [`data:image/png;base64,${image.b64_json}`] : [];
	});
	return {type: 'images', urls, prompt};
}
