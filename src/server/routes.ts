import {type CreateOptions, collect, type ProviderClass} from '../index.js';
import {keepNothing, keyFor} from '../internal.js';
import {type ChatRequest, parseChatRequest} from './chat-request.js';
import {modelNotFound} from './errors.js';
import {isAllowedModel, modelList, providerName} from './models.js';
import {collectCompletion, EventEncoder} from './openai-wire.js';
import {readRequestJson} from './read-body.js';
import {callHook} from './report-error.js';
import type {HandlerConfig} from './resolve-config.js';
import {parseResponsesRequest, type ResponsesEcho} from './responses/parse-responses-request.js';
import {ResponsesEventEncoder} from './responses/responses-events.js';
import {buildResponse} from './responses/responses-object.js';
import {EventPump, eventStreamHeaders} from './to-server-sent-events.js';

/** The served models and their owners: the allowlist, else what the providers list. */
async function modelEntries(config: HandlerConfig): Promise<Array<[string, string]>> {
	const owner = providerName(config.providers[0] as ProviderClass);
	return config.allowed
		? [...config.allowed].map((id): [string, string] => [id, owner])
		: (await config.fetchedModels.get()).entries;
}

/** `GET {basePath}/models`. */
export async function listModels(config: HandlerConfig, request: Request): Promise<Response> {
	return Response.json(modelList(await modelEntries(config)), {headers: config.cors.headersFor(request)});
}

/** `GET {basePath}/models/{id}`. */
export async function retrieveModel(config: HandlerConfig, request: Request, id: string): Promise<Response> {
	const model = modelList(await modelEntries(config)).data.find(entry => entry.id === id);
	if (!model) throw modelNotFound(id);
	return Response.json(model, {headers: config.cors.headersFor(request)});
}

/** `POST {basePath}/chat/completions`. */
export async function chatCompletions(config: HandlerConfig, request: Request): Promise<Response> {
	const body = await readRequestJson(request, config.maxBodySize, config.bodyTimeout);
	return chat(config, request, parseChatRequest(body, config.passThrough));
}

/** `POST {basePath}/responses`: the Responses API over the same upstream chat completions. */
export async function responses(config: HandlerConfig, request: Request): Promise<Response> {
	const body = await readRequestJson(request, config.maxBodySize, config.bodyTimeout);
	const {chat: chatRequest, echo} = parseResponsesRequest(body, {passThrough: config.passThrough});
	return chat(config, request, chatRequest, echo);
}

/** Runs a chat request; `echo` (what the response object echoes) answers in the Responses API's shapes. */
async function chat(
	config: HandlerConfig,
	request: Request,
	chatRequest: ChatRequest,
	echo?: ResponsesEcho,
): Promise<Response> {
	const {provider, apiKey, allowed, providers} = config;
	const {model, messages, stream, includeUsage} = chatRequest;
	if (allowed && !isAllowedModel(model, providers, allowed)) throw modelNotFound(model);

	// The client's disconnect aborts the upstream request at once, even mid-read.
	const controller = new AbortController();
	const abort = () => controller.abort(request.signal.reason);
	if (request.signal.aborted) abort();
	else request.signal.addEventListener('abort', abort, {once: true});
	const cleanup = () => request.signal.removeEventListener('abort', abort);
	const settings: CreateOptions & {[keepNothing]?: boolean} = {
		...config.upstream,
		...chatRequest.options,
		stream,
		signal: controller.signal,
		// The core's internal option: a chat stream is passed on without keeping the answer. A Responses stream keeps
		// its text for the `.done` events, and a non-streamed answer is held whole until it is sent, so there the core
		// keeps counting it against `maxAnswerLength`, which bounds both. (The flag also turns that count off: it cannot
		// spare the core's result where the server holds the answer.)
		[keepNothing]: stream && !echo,
	};
	const generator =
		typeof provider !== 'function'
			? provider.createAsyncGenerator(model, messages, {...settings, apiKey: apiKey ?? undefined})
			: (provider as ProviderClass).createAsyncGenerator(model, messages, {
					...settings,
					apiKey: keyFor(apiKey, provider as ProviderClass) ?? undefined,
				});
	const headers = config.cors.headersFor(request);
	try {
		if (!stream && echo) {
			const result = await collect(generator);
			cleanup();
			return Response.json(buildResponse(result, model, echo), {headers});
		}

		if (!stream) {
			const completion = await collectCompletion(generator, model);
			cleanup();
			return Response.json(completion, {headers});
		}

		const encoder = echo ? new ResponsesEventEncoder(model, echo) : new EventEncoder(model, includeUsage);
		const pump = new EventPump(generator, encoder, {
			scrub: config.scrub,
			keepAlive: config.keepAlive,
			onCancel: abort,
			// The stream outlives this call: the listener goes when it closes, however it ends.
			onClose: cleanup,
			onError: error => callHook(config.onError, error, request),
		});
		await pump.prime();
		return new Response(pump.stream(), {headers: {...headers, ...eventStreamHeaders}});
	} catch (error) {
		cleanup();
		controller.abort();
		throw error;
	}
}
