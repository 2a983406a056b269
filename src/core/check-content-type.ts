import {looksLikeHtml} from '../utils/looks-like-html.js';
import {redact} from '../utils/redact.js';
import {shorten} from '../utils/shorten.js';
import {BodyReader} from './body-reader.js';
import type {RequestContext} from './context.js';
import {readBodyText} from './read-body-text.js';
import {failure} from './response-errors.js';

/**
How to read a 2xx chat response, by its content type: `true` for an event stream, `false` for JSON; a body
without a content type is read as what was asked for (`stream`). Anything else is reported, never taken for
an empty answer.
*/
export async function isEventStream(response: Response, context: RequestContext, stream: boolean): Promise<boolean> {
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
