import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import {BodyReader} from './read/body-reader.js';
import {ChatResultBuilder} from './chat-result.js';
import type {RequestContext} from './context.js';
import {readImageResponse} from './read/read-body.js';
import {sendWithRetryChunks} from './send/send-with-retry-chunks.js';

/** An image-generation request (`{model, prompt, …}` to `/images/generations`): the provider, then the images. */
export async function* requestImages(
	url: string,
	context: RequestContext,
	model: string,
	prompt: string,
): AsyncGenerator<Chunk, ChatResult, undefined> {
	const response = yield* sendWithRetryChunks(url, context);
	// The body is read after the `provider` chunk: a consumer that stops there must still release it.
	const reader = response.body ? new BodyReader(response.body, context) : undefined;
	const result = new ChatResultBuilder();
	try {
		const info = {type: 'provider', name: context.provider, model, url: context.url} as const;
		result.add(info);
		yield info;
		const images = await readImageResponse(reader, response.status, prompt, context);
		result.add(images);
		yield images;
	} finally {
		reader?.close();
	}

	return result.result();
}
