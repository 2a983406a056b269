import {ResponseError} from '../errors/provider-error.js';
import type {BodyReader} from './body-reader.js';

export interface ReadTextOptions {
	provider: string;
	/** Bytes (after decompression) to read at most. */
	limit: number;
	/** Past `limit`: `'fail'` raises a `ResponseError` naming the limit, `'cut'` returns what was read so far. */
	overflow: 'fail' | 'cut';
	/** What is being read, for the error: "the JSON answer", "the model list". */
	what: string;
}

const streamDecoding = {stream: true};
const mib = 1024 * 1024;

/**
Reads a whole body as text through a `BodyReader`, so the read has the same idle timer and abort handling as a
stream, and stops at `limit`: a body that never ends or expands without bound can neither hang nor exhaust memory.
The body is released on every exit.
*/
export async function readBodyText(reader: BodyReader, options: ReadTextOptions): Promise<string> {
	const decoder = new TextDecoder();
	const parts: string[] = [];
	let length = 0;
	try {
		for (let bytes = await reader.read(); bytes !== undefined; bytes = await reader.read()) {
			if (length + bytes.byteLength > options.limit) {
				if (options.overflow === 'cut') {
					parts.push(decoder.decode(bytes.subarray(0, options.limit - length)));
					return parts.join('');
				}

				throw new ResponseError(`${options.provider}: ${options.what} exceeds the limit of ${options.limit / mib} MiB`, {provider: options.provider});
			}

			length += bytes.byteLength;
			parts.push(decoder.decode(bytes, streamDecoding));
		}

		parts.push(decoder.decode());
		return parts.join('');
	} finally {
		reader.close();
	}
}
