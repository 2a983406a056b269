import {ResponseError} from '../errors/provider-error.js';
import type {BodyReader} from './body-reader.js';
import {maxBodyLength, maxDescribedLength} from './limits.js';

const streamDecoding = {stream: true};

/**
Reads a whole body as text through a `BodyReader`, so the read has the same idle timer and abort handling as a
stream, and bounded: a body that never ends or expands without bound can neither hang nor exhaust memory.
With `what` ("the JSON answer"), a body over `maxBodyLength` is a `ResponseError` naming the limit; without, only
the start (`maxDescribedLength`) is read, enough to describe the body in an error. The body is released on every exit.
*/
export async function readBodyText(reader: BodyReader, provider: string, what?: string): Promise<string> {
	const limit = what ? maxBodyLength : maxDescribedLength;
	const decoder = new TextDecoder();
	const parts: string[] = [];
	let length = 0;
	try {
		for (let bytes = await reader.read(); bytes !== undefined; bytes = await reader.read()) {
			if (length + bytes.byteLength > limit) {
				if (!what) {
					parts.push(decoder.decode(bytes.subarray(0, limit - length)));
					return parts.join('');
				}

				throw new ResponseError(`${provider}: ${what} exceeds the limit of ${limit / 1024 / 1024} MiB`, {provider});
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
