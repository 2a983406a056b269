import {MissingAuthError} from '../errors/provider-error.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {buildHeaders} from './build-headers.js';
import {buildChatBody} from './build-request-body.js';
import {addMediaToMessages, lastUserText} from './convert-messages.js';
import {readImageResponse} from './generate-images.js';
import {resolveModel} from './models.js';
import {openResponse} from './read-response.js';
import {sendRequest} from './send-request.js';
import {baseUrlOf, validateChatInput} from './validate-input.js';

/** Defaults that suit long generations: reasoning models can think for minutes before the first byte. */
export const defaultTimeout = 600_000;
export const defaultIdleTimeout = 300_000;

/**
One chat completion: validate, resolve the model, send, then read the response into chunks.
Everything happens inside the generator, so every error surfaces from `next()`.
*/
export async function * createChat(provider: ProviderConfig, model: string, messages: Messages, options: CreateOptions = {}): AsyncGenerator<Chunk, void, undefined> {
	validateChatInput(model, messages, options);
	const base = baseUrlOf(provider, options.baseUrl);
	const resolvedModel = resolveModel(provider, model, base);
	const apiKey = options.apiKey || undefined;
	if (provider.needsAuth && !apiKey) {
		throw new MissingAuthError(`${provider.name}: an API key is required (\`apiKey\`); get one at ${provider.loginUrl ?? provider.url}`, {provider: provider.name});
	}

	const signal = options.signal ?? undefined;
	signal?.throwIfAborted();
	const context = {provider: provider.name, url: provider.url, secret: apiKey};
	const isImageModel = provider.imageModels.includes(resolvedModel);
	const stream = !isImageModel && Boolean(options.stream) && provider.supportsStream;
	const send = {
		provider: provider.name,
		secret: apiKey,
		method: 'post',
		headers: buildHeaders(stream ? 'text/event-stream' : 'application/json', apiKey, provider.headers, options.headers),
		signal,
		timeout: options.timeout ?? defaultTimeout,
		retry: options.retry,
		fetch: options.fetch ?? undefined,
		corsHint: provider.corsHint,
	} as const;

	if (isImageModel) {
		const prompt = options.prompt ?? lastUserText(messages);
		const response = await sendRequest(`${base}/images/generations`, {...send, json: {model: resolvedModel, prompt, ...options.extraBody}});
		yield {type: 'provider', name: provider.name, model: resolvedModel, url: provider.url};
		yield await readImageResponse(response, prompt, context);
		return;
	}

	const wireMessages = options.media?.length ? await addMediaToMessages(messages, options.media) : messages;
	const url = options.apiEndpoint ?? `${base}/chat/completions`;
	const response = await sendRequest(url, {...send, json: buildChatBody(resolvedModel, wireMessages, stream, options)});
	const source = await openResponse(response, {...context, stream, signal, idleTimeout: options.idleTimeout ?? defaultIdleTimeout});
	// One generator from response to caller: each batch of chunks a read produced is yielded at once.
	try {
		for (let chunks = await source.read(); chunks !== undefined; chunks = await source.read()) {
			for (const chunk of chunks) {
				// One read can hold several chunks: once aborted, nothing more is handed out.
				signal?.throwIfAborted();
				yield chunk;
			}
		}
	} finally {
		// Finished, failed, broken out of or aborted: the body is cancelled and the connection released.
		source.close();
	}
}
