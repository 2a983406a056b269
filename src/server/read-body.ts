import {HttpError} from './errors.js';

/** 1 MiB: room for long conversations, while a client cannot make the server hold more. */
export const defaultMaxBodySize = 1024 * 1024;

const isJson = (contentType: string) => /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i.test(contentType.trim());

/**
How much of a body over the limit is read and dropped before answering 413. Some servers (workerd) reset the
connection when a response leaves the request body unread, and the client then sees a write error instead of
the 413; past this much, resetting is the lesser evil.
*/
const maxDiscard = 8 * 1024 * 1024;

async function tooLarge(
	limit: number,
	reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
	read: number,
	drain = true,
): Promise<HttpError> {
	let discarded = read;
	try {
		while (drain && reader && discarded <= maxDiscard) {
			const {done, value} = await reader.read();
			if (done) break;
			discarded += value.byteLength;
		}
	} catch {}

	reader?.cancel().catch(() => undefined);
	return new HttpError(413, `The request body is larger than ${limit} bytes`, {code: 'request_too_large'});
}

/**
Reads a JSON request body of at most `limit` bytes. A declared length over the limit is refused unread; a body
without one is read only until it passes the limit. Answers 415 for another content type (which also means a
cross-origin page cannot post without a CORS preflight), 400 for text that is not JSON.
*/
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
	const contentType = request.headers.get('content-type') ?? '';
	if (!isJson(contentType)) {
		throw new HttpError(
			415,
			`Send the request as JSON (Content-Type: application/json), not ${contentType ? `“${contentType.slice(0, 100)}”` : 'without a content type'}`,
			{code: 'unsupported_media_type'},
		);
	}

	const declared = Number(request.headers.get('content-length') ?? Number.NaN);
	const reader = request.body?.getReader();
	// Declared past what is worth draining: cancelled unread.
	if (declared > limit) throw await tooLarge(limit, reader, 0, declared <= maxDiscard);
	const parts: Uint8Array[] = [];
	let size = 0;
	while (reader) {
		const {done, value} = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) throw await tooLarge(limit, reader, size);
		parts.push(value);
	}

	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const part of parts) {
		bytes.set(part, offset);
		offset += part.byteLength;
	}

	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw new HttpError(400, 'The request body is not valid JSON', {code: 'invalid_json'});
	}
}
