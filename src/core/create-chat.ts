import {TimeoutError} from '../errors/provider-error.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {readObject} from '../structured/read-object.js';
import type {StructuredResponseFormat} from '../structured/response-format.js';
import {toJsonBody} from '../utils/json-body.js';
import {ChatResultBuilder} from './chat-result.js';
import {keepNothing} from './context.js';
import {ChatReader} from './read/read-chat.js';
import {addMediaToMessages} from './request/body.js';
import {planChat} from './request/plan-chat.js';
import {prepareRequest} from './request/prepare-request.js';
import {requestImages} from './request-images.js';
import {withDeadline} from './send/deadline.js';
import {sendWithRetryChunks} from './send/send-with-retry-chunks.js';

/** Defaults that suit long generations: reasoning models can think for minutes before the first byte. */
const defaultTimeout = 600_000;
const defaultIdleTimeout = 300_000;

/**
One chat completion: plan (validate, resolve the model, build the body), send, then read the response into chunks;
returns the whole answer (`ChatResult`). Everything happens inside the generator, so every error surfaces from `next()`.
*/
export async function* createChat(
	provider: ProviderConfig,
	model: string,
	messages: Messages,
	options: CreateOptions = {},
): AsyncGenerator<Chunk, ChatResult, undefined> {
	const plan = planChat(provider, model, messages, options);
	// Structured output: the schema the answer is read with at the end, and a parser of its text as it streams.
	const schema = (options.responseFormat as StructuredResponseFormat | null | undefined)?.schema;
	const partial = options.partialObjects?.();
	const request = prepareRequest({
		provider,
		options,
		method: 'post',
		url: plan.url,
		stream: plan.stream,
		signal: options.signal ?? undefined,
		timeout: options.timeout ?? defaultTimeout,
		idleTimeout: options.idleTimeout ?? defaultIdleTimeout,
	});
	const deadline = withDeadline(
		request.signal,
		options.deadline,
		() =>
			new TimeoutError(
				`${request.provider}: the answer did not complete within ${String(options.deadline)} ms (deadline)`,
				{
					provider: request.provider,
				},
			),
	);
	const {signal} = deadline;
	request.signal = signal;
	request.omitted = plan.omitted;
	request.logprobs = options.logprobs === true;
	request.toolCallDeltas = options.toolCallDeltas ?? undefined;
	request.prompt = plan.prompt;
	request.body = plan.body;
	try {
		if (plan.isImageModel) return yield* requestImages(plan.url, request, plan.model, plan.prompt);
		if (options.media?.length)
			request.body = toJsonBody(plan.chatBody(await addMediaToMessages(messages, options.media)));
		const response = yield* sendWithRetryChunks(plan.url, request);
		// Internal (see `keepNothing`): the server handler passes the answer on and keeps no result.
		const result = (options as {[keepNothing]?: unknown})[keepNothing] ? undefined : new ChatResultBuilder();
		const reader = await ChatReader.open(
			response,
			request,
			plan.stream,
			options.maxAnswerLength ?? undefined,
			!!result,
		);
		try {
			for (let read = await reader.next(); read; read = await reader.next()) {
				for (const chunk of read.chunks) {
					// One read can hold several chunks: once aborted, nothing more is handed out.
					signal?.throwIfAborted();
					result?.add(chunk);
					yield chunk;
					// Not cloned: the parser's value is live (updated in place), so that the whole stream stays linear.
					const object = partial && typeof chunk === 'string' ? partial.push(chunk) : undefined;
					if (object !== undefined) yield {type: 'partial_object', object};
				}

				if (read.error !== undefined) throw read.error;
			}
		} finally {
			reader.close();
		}

		// Keeping nothing, there is nothing to return: `undefined`, which only the handler sees (and ignores).
		return (schema && result ? readObject(result.result(), schema, request.provider) : result?.result()) as ChatResult;
	} finally {
		deadline.dispose();
	}
}
