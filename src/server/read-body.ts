import {HttpError} from './errors.js';

/** 1 MiB: room for long conversations, while a client cannot make the server hold more. */
export const defaultMaxBodySize = 1024 * 1024;

/** 30 s to send the whole body: far more than any client needs, while a trickling one cannot hold a request open. */
export const defaultBodyTimeout = 30_000;

const isJson = (contentType: string) => /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i.test(contentType.trim());

/**
How much of a body over the limit is read and dropped before answering 413. Some servers (workerd) reset the
connection when a response leaves the request body unread, and the client then sees a write error instead of
the 413; past this much, resetting is the lesser evil.
*/
const maxDiscard = 8 * 1024 * 1024;

type Read = () => Promise<ReadableStreamReadResult<Uint8Array>>;

async function tooLarge(
	limit: number,
	reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
	readChunk: Read,
	read: number,
	drain = true,
): Promise<HttpError> {
	let discarded = read;
	try {
		while (drain && reader && discarded <= maxDiscard) {
			const {done, value} = await readChunk();
			if (done) break;
			discarded += value.byteLength;
		}
	} catch {}

	reader?.cancel().catch(() => undefined);
	return new HttpError(413, `The request body is larger than ${limit} bytes`, {code: 'request_too_large'});
}

/**
Reads a JSON request body of at most `limit` bytes within `timeout` milliseconds (408 after). A declared length
over the limit is refused unread; a body without one is read only until it passes the limit. Answers 415 for
another content type (which also means a cross-origin page cannot post without a CORS preflight), 400 for text that
is not JSON.
*/
export async function readRequestJson(request: Request, limit: number, timeout: number): Promise<unknown> {
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
	let timer: ReturnType<typeof setTimeout> | undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new HttpError(408, `The request body did not arrive within ${timeout} ms`, {code: 'request_timeout'}));
			reader?.cancel().catch(() => undefined);
		}, timeout);
	});
	expired.catch(() => undefined);
	const readChunk: Read = async () =>
		Promise.race([(reader as ReadableStreamDefaultReader<Uint8Array>).read(), expired]);
	const parts: Uint8Array[] = [];
	let size = 0;
	try {
		// Declared past what is worth draining: cancelled unread.
		if (declared > limit) throw await tooLarge(limit, reader, readChunk, 0, declared <= maxDiscard);
		while (reader) {
			const {done, value} = await readChunk();
			if (done) break;
			size += value.byteLength;
			if (size > limit) throw await tooLarge(limit, reader, readChunk, size);
			parts.push(value);
		}
	} finally {
		clearTimeout(timer);
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
