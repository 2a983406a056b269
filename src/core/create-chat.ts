import {MissingAuthError, TimeoutError} from '../errors/provider-error.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {toJsonBody} from '../utils/json-body.js';
import {endpointUrl} from '../utils/url.js';
import {BodyReader} from './body-reader.js';
import {buildHeaders} from './build-headers.js';
import {buildChatBody} from './build-request-body.js';
import {ChatResultBuilder} from './chat-result.js';
import {addMediaToMessages, lastUserText} from './convert-messages.js';
import {withDeadline} from './deadline.js';
import {readImageResponse} from './generate-images.js';
import {resolveModel} from './models.js';
import {providerName, providerUrl} from './provider-identity.js';
import {openResponse} from './read-response.js';
import {collectSecrets} from './secrets.js';
import {sendWithRetryChunks} from './send-with-retry-chunks.js';
import {apiKeyOf, baseUrlOf, validateChatInput} from './validate-input.js';

/** Defaults that suit long generations: reasoning models can think for minutes before the first byte. */
export const defaultTimeout = 600_000;
export const defaultIdleTimeout = 300_000;

/**
One chat completion: validate, resolve the model, send, then read the response into chunks; returns the whole
answer (`ChatResult`). Everything happens inside the generator, so every error surfaces from `next()`.
*/
export async function * createChat(provider: ProviderConfig, model: string, messages: Messages, options: CreateOptions = {}): AsyncGenerator<Chunk, ChatResult, undefined> {
	validateChatInput(model, messages, options);
	// A caller who already aborted has moved on: the abort reason wins over any verdict on the request.
	options.signal?.throwIfAborted();
	const name = providerName(provider);
	const base = baseUrlOf(provider, options.baseUrl);
	const resolvedModel = resolveModel(provider, model, base, options.checkModel ?? true);
	const isImageModel = provider.imageModels.includes(resolvedModel);
	const stream = !isImageModel && Boolean(options.stream) && provider.supportsStream;
	const prompt = options.prompt ?? lastUserText(messages);
	// Serialised before anything is sent: a body JSON cannot carry is the caller's mistake (a TypeError), not the network's.
	let body = toJsonBody(isImageModel ? {model: resolvedModel, prompt, ...options.extraBody} : buildChatBody(resolvedModel, messages, stream, options));
	const apiKey = apiKeyOf(options);
	if (provider.needsAuth && !apiKey) {
		const where = provider.loginUrl || provider.url;
		throw new MissingAuthError(`${name}: an API key is required (\`apiKey\`)${where ? `; get one at ${where}` : ''}`, {provider: name});
	}

	const headers = buildHeaders(stream ? 'text/event-stream' : 'application/json', apiKey, provider.headers, options.headers);
	const url = isImageModel ? endpointUrl(base, '/images/generations') : options.apiEndpoint ?? endpointUrl(base, '/chat/completions');
	// Whatever was sent that must never show in an error: the key as sent, secret headers, the URL's query values.
	const secret = collectSecrets(apiKey, headers, url);
	const deadline = withDeadline(options.signal ?? undefined, options.deadline, () => new TimeoutError(`${name}: the answer did not complete within ${String(options.deadline)} ms (deadline)`, {provider: name}));
	const {signal} = deadline;
	const context = {provider: name, url: providerUrl(provider), secret};
	const read = {...context, signal, idleTimeout: options.idleTimeout ?? defaultIdleTimeout};
	const result = new ChatResultBuilder();
	const send = {
		provider: name,
		secret,
		method: 'post',
		headers,
		signal,
		timeout: options.timeout ?? defaultTimeout,
		retry: options.retry,
		fetch: options.fetch ?? undefined,
		corsHint: provider.corsHint,
	} as const;

	try {
		if (isImageModel) {
			const response = yield * sendWithRetryChunks(url, {...send, body});
			// The body is read after the `provider` chunk: a consumer that stops there must still release it.
			const reader = response.body ? new BodyReader(response.body, read) : undefined;
			try {
				const info = {type: 'provider', name, model: resolvedModel, url: context.url} as const;
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

		if (options.media?.length) body = toJsonBody(buildChatBody(resolvedModel, await addMediaToMessages(messages, options.media), stream, options));
		const response = yield * sendWithRetryChunks(url, {...send, body});
		const source = await openResponse(response, {...read, stream});
		// One generator from response to caller: each batch of chunks a read produced is yielded at once.
		try {
			for (let chunks = await source.read(); chunks !== undefined; chunks = await source.read()) {
				for (const chunk of chunks) {
					// One read can hold several chunks: once aborted, nothing more is handed out.
					signal?.throwIfAborted();
					result.add(chunk);
					yield chunk;
				}
			}
		} finally {
			// Finished, failed, broken out of or aborted: the body is cancelled and the connection released.
			source.close();
		}

		return result.result();
	} finally {
		deadline.dispose();
	}
}
