import type {ImageResponse} from '../types/chunk.js';
import {isRecord} from '../utils/is-record.js';
import {errorFromBody, type ParseContext, unreadable} from '../errors/error-from-body.js';
import type {BodyReader} from './body-reader.js';
import {maxBodyLength} from './limits.js';
import {readBodyText} from './read-body-text.js';

/** Reads an `/images/generations` answer: `{data: [{url} | {b64_json}]}`, under the idle timer and the size limit. */
export async function readImageResponse(reader: BodyReader | undefined, status: number, prompt: string, context: ParseContext): Promise<ImageResponse> {
	const text = reader ? await readBodyText(reader, {provider: context.provider, limit: maxBodyLength, overflow: 'fail', what: 'the image answer'}) : '';
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw unreadable(context, 'not JSON', text);
	}

	if (isRecord(body) && body.error != null) throw errorFromBody(body, context, status);
	const data = isRecord(body) && Array.isArray(body.data) ? body.data : undefined;
	if (!data) throw unreadable(context, 'no `data` list of images', text);
	const urls = data.flatMap(image => {
		if (!isRecord(image)) return [];
		if (typeof image.url === 'string') return [image.url];
		return typeof image.b64_json === 'string' ? [`data:image/png;base64,${image.b64_json}`] : [];
	});
	return {type: 'images', urls, prompt};
}
