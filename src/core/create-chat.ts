import {TimeoutError} from '../errors/provider-error.js';
import {unreadable} from '../errors/response-errors.js';
import {readObject} from '../structured/read-object.js';
import type {StructuredResponseFormat} from '../structured/response-format.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk, ImageResponse} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {isRecord} from '../utils/is-record.js';
import {toJsonBody} from '../utils/json-body.js';
import {ChatResultBuilder} from './chat-result.js';
import {keepNothing, type ReadContext, type RequestContext} from './context.js';
import {BodyReader} from './read/body-reader.js';
import {ChatReader, readJsonResponse} from './read/read-chat.js';
import {addMediaToMessages} from './request/body.js';
import {type ChatPlan, planChat} from './request/plan-chat.js';
import {prepareRequest} from './request/prepare-request.js';
import {type Deadline, sendWithRetryChunks, withDeadline} from './send/send-with-retry-chunks.js';

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
	const [request, deadline] = chatRequest(provider, options, plan);
	const {signal} = request;
	// Structured output: the schema the answer is read with at the end, and a parser of its text as it streams.
	const schema = (options.responseFormat as StructuredResponseFormat | null | undefined)?.schema;
	const partial = options.partialObjects?.();
	try {
		if (plan.isImageModel) return yield* requestImages(plan, request);
		// Serialised again with the images read: the plan's body (without them) already proved JSON can carry it.
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

/**
The planned request as it goes out and is read: headers, secrets and limits (`prepareRequest`), the plan's body and
what the reads need from the options, under one signal that also carries the `deadline` over the whole answer.
*/
function chatRequest(provider: ProviderConfig, options: CreateOptions, plan: ChatPlan): [RequestContext, Deadline] {
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
				{provider: request.provider},
			),
	);
	request.signal = deadline.signal;
	request.omitted = plan.omitted;
	request.logprobs = options.logprobs === true;
	request.toolCallDeltas = options.toolCallDeltas ?? undefined;
	request.prompt = plan.prompt;
	request.body = plan.body;
	return [request, deadline];
}

/** An image-generation request (`{model, prompt, …}` to `/images/generations`): the provider, then the images. */
async function* requestImages(plan: ChatPlan, request: RequestContext): AsyncGenerator<Chunk, ChatResult, undefined> {
	const response = yield* sendWithRetryChunks(plan.url, request);
	// The body is read after the `provider` chunk: a consumer that stops there must still release it.
	const reader = response.body ? new BodyReader(response.body, request) : undefined;
	const result = new ChatResultBuilder();
	try {
		const info = {type: 'provider', name: request.provider, model: plan.model, url: request.url} as const;
		result.add(info);
		yield info;
		const images = await readImageResponse(reader, response.status, plan.prompt, request);
		result.add(images);
		yield images;
	} finally {
		reader?.close();
	}

	return result.result();
}

/** Reads an `/images/generations` answer: `{data: [{url} | {b64_json}]}`, under the idle timer and the size limit. */
async function readImageResponse(
	reader: BodyReader | undefined,
	status: number,
	prompt: string,
	context: ReadContext,
): Promise<ImageResponse> {
	if (!reader) throw unreadable(context, 'empty body', '');
	const {body, text} = await readJsonResponse(reader, status, context, 'the image answer');
	const data = isRecord(body) && Array.isArray(body.data) ? body.data : undefined;
	if (!data) throw unreadable(context, 'no `data` list of images', text);
	const urls = data.flatMap(image => {
		if (!isRecord(image)) return [];
		if (typeof image.url === 'string') return [image.url];
		return typeof image.b64_json === 'string' ? [`data:image/png;base64,${image.b64_json}`] : [];
	});
	return {type: 'images', urls, prompt};
}
