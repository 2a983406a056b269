import {MissingAuthError, ProviderError, TimeoutError} from '../errors/provider-error.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {isRecord} from '../utils/is-record.js';
import {toJsonBody} from '../utils/json-body.js';
import {endpointUrl} from '../utils/url.js';
import {baseUrlOf} from './base-url.js';
import {BodyReader} from './body-reader.js';
import {buildChatBody} from './build-request-body.js';
import {ChatResultBuilder} from './chat-result.js';
import {isEventStream} from './check-content-type.js';
import {ChunkParser} from './chunk-parser.js';
import type {RequestContext} from './context.js';
import {addMediaToMessages, lastUserText} from './convert-messages.js';
import {omitRefused} from './omit-refused.js';
import {withDeadline} from './deadline.js';
import {EventStream} from './event-stream.js';
import {keepNothing} from './limits.js';
import {resolveModel} from './models.js';
import {parseEvents} from './parse-events.js';
import {prepareRequest} from './prepare-request.js';
import {providerName, providerUrl} from './provider-identity.js';
import {readJsonBody} from './read-json-body.js';
import {requestImages} from './request-images.js';
import {failure, unreadable} from './response-errors.js';
import {sendWithRetryChunks} from './send-with-retry-chunks.js';
import {apiKeyOf, validateChatInput} from './validate-input.js';

/** Defaults that suit long generations: reasoning models can think for minutes before the first byte. */
const defaultTimeout = 600_000;
const defaultIdleTimeout = 300_000;

/**
One chat completion: validate, resolve the model, send, then read the response into chunks; returns the whole
answer (`ChatResult`). Everything happens inside the generator, so every error surfaces from `next()`.
*/
export async function* createChat(
	provider: ProviderConfig,
	model: string,
	messages: Messages,
	options: CreateOptions = {},
): AsyncGenerator<Chunk, ChatResult, undefined> {
	validateChatInput(model, messages, options);
	// A caller who already aborted has moved on: the abort reason wins over any verdict on the request.
	options.signal?.throwIfAborted();
	const name = providerName(provider);
	// g4f's `working = False`: a provider known to be down is not sent to, and a fallback moves past it.
	if (!provider.working)
		throw new ProviderError(`${name}: the provider is marked as not working (\`working = false\`)`, {provider: name});
	const base = baseUrlOf(provider, options.baseUrl);
	const resolvedModel = resolveModel(provider, model, base, options.checkModel ?? true);
	const isImageModel = provider.imageModels.includes(resolvedModel);
	const stream = !isImageModel && Boolean(options.stream) && provider.supportsStream;
	const prompt = options.prompt ?? lastUserText(messages);
	const chatBody = (list: Messages) => buildChatBody(resolvedModel, list, stream, options, provider);
	const fields = isImageModel ? {model: resolvedModel, prompt, ...options.extraBody} : chatBody(messages);
	// The same options give the same refused fields, with or without media: named once, in the `provider` chunk.
	const omitted = omitRefused(fields, provider.refusedParameters);
	// Serialised before anything is sent: a body JSON cannot carry is the caller's mistake (a TypeError), not the network's.
	let body = toJsonBody(fields);
	if (provider.needsAuth && !apiKeyOf(options)) {
		const where = provider.loginUrl || provider.url;
		throw new MissingAuthError(`${name}: an API key is required (\`apiKey\`)${where ? `; get one at ${where}` : ''}`, {
			provider: name,
		});
	}

	const url = isImageModel
		? endpointUrl(base, '/images/generations')
		: (options.apiEndpoint ?? endpointUrl(base, '/chat/completions'));
	const deadline = withDeadline(
		options.signal ?? undefined,
		options.deadline,
		() =>
			new TimeoutError(`${name}: the answer did not complete within ${String(options.deadline)} ms (deadline)`, {
				provider: name,
			}),
	);
	const {signal} = deadline;
	const send = prepareRequest(provider, options, 'post', url, stream, signal, options.timeout ?? defaultTimeout);
	const context: RequestContext = {
		provider: name,
		url: providerUrl(provider),
		secret: send.secret,
		signal,
		idleTimeout: options.idleTimeout ?? defaultIdleTimeout,
		omitted,
		reasoningField: provider.reasoningField,
	};

	try {
		if (isImageModel) return yield* requestImages(url, {...send, body}, context, resolvedModel, prompt);
		if (options.media?.length) {
			const withMedia = chatBody(await addMediaToMessages(messages, options.media));
			omitRefused(withMedia, provider.refusedParameters);
			body = toJsonBody(withMedia);
		}

		const response = yield* sendWithRetryChunks(url, {...send, body});
		const eventStream = await isEventStream(response, context, stream);
		if (!response.body) throw unreadable(context, 'empty body', '');
		const reader = new BodyReader(response.body, context);
		// Internal (see `keepNothing`): the server handler passes the answer on and keeps no result.
		const result = (options as {[keepNothing]?: unknown})[keepNothing] ? undefined : new ChatResultBuilder();
		const parser = new ChunkParser(context, options.maxAnswerLength ?? undefined, result !== undefined);
		// One generator from response to caller: body → server-sent events → JSON → chunks, yielded as each read arrives.
		try {
			let rest: Chunk[];
			if (eventStream) {
				const source = new EventStream(reader, context);
				for (
					let events = await source.read();
					events;
					events = parser.state === 'done' ? undefined : await source.read()
				) {
					const {chunks, error} = parseEvents(events, parser, context);
					for (const chunk of chunks) {
						// One read can hold several chunks: once aborted, nothing more is handed out.
						signal?.throwIfAborted();
						result?.add(chunk);
						yield chunk;
					}

					// Text that came before a failure stays yielded; the failure comes after it.
					if (error !== undefined) throw error;
				}

				rest = parser.end();
			} else {
				// A JSON completion, read whole and parsed as one big delta.
				const json = await readJsonBody(reader, response.status, context, 'the JSON answer');
				if (!isRecord(json.body) || !('choices' in json.body))
					throw unreadable(context, 'no `choices` in the JSON body', json.text);
				rest = parser.parse(json.body);
				parser.state = 'done';
				rest.push(...parser.end());
			}

			for (const chunk of rest) {
				signal?.throwIfAborted();
				result?.add(chunk);
				yield chunk;
			}

			if (parser.state === 'open')
				throw failure(context, 'the stream ended before the answer was complete (no [DONE] and no finish reason)');
		} finally {
			// Finished, failed, broken out of or aborted: the body is cancelled and the connection released.
			reader.close();
		}

		// Keeping nothing, there is nothing to return: `undefined`, which only the handler sees (and ignores).
		return result?.result() as ChatResult;
	} finally {
		deadline.dispose();
	}
}
