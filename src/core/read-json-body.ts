import {isRecord} from '../utils/is-record.js';
import {tryParseJson} from '../utils/safe-json.js';
import type {BodyReader} from './body-reader.js';
import type {RequestContext} from './context.js';
import {readBodyText} from './read-body-text.js';
import {errorFromBody, unreadable} from './response-errors.js';

/**
A 2xx JSON answer read whole (`what`: "the JSON answer"): its value, or the `error` object it carries raised
with the response's `status`. Text that is not JSON is quoted briefly.
*/
export async function readJsonBody(
	reader: BodyReader,
	status: number,
	context: RequestContext,
	what: string,
): Promise<{body: unknown; text: string}> {
	const text = await readBodyText(reader, context.provider, what);
	const body = tryParseJson(text);
	if (body === undefined) throw unreadable(context, 'not JSON', text);
	if (isRecord(body) && body.error != null) throw errorFromBody(body, context, status);
	return {body, text};
}
