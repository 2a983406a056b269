import {MissingAuthError, ProviderError} from '../../errors/provider-error.js';
import type {Messages} from '../../types/message.js';
import type {CreateOptions} from '../../types/options.js';
import type {ProviderConfig} from '../../types/provider.js';
import {toJsonBody} from '../../utils/json-body.js';
import {endpointUrl} from '../../utils/url.js';
import {buildChatBody, lastUserText, omitRefused} from './body.js';
import {resolveModel} from './models.js';
import {baseUrlOf, providerName} from './provider.js';
import {apiKeyOf, validateChatInput} from './validate-input.js';

/** What a chat request sends, decided before anything goes out. */
export interface ChatPlan {
	url: string;
	/** The model id sent (aliases and the default resolved). */
	model: string;
	/** An image model: `{model, prompt}` to `/images/generations` instead of a chat completion. */
	isImageModel: boolean;
	prompt: string;
	/** Whether an event stream is asked for. */
	stream: boolean;
	/** The body without media (`chatBody` adds them), serialised. */
	body: string;
	/** The chat body for a list of messages (with media added), refused fields taken out. */
	chatBody: (messages: Messages) => Record<string, unknown>;
	/** Body fields left out because the provider refuses them. */
	omitted: string[];
}

/**
Everything decided before sending, in this order (the first problem found is the one reported): the input, an abort,
a provider marked down, the base URL, the model, the body (serialised: a body JSON cannot carry is the caller's
mistake, a TypeError, not the network's), the key.
*/
export function planChat(
	provider: ProviderConfig,
	model: string,
	messages: Messages,
	options: CreateOptions,
): ChatPlan {
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
	// Unset, the provider decides (g4f's template streams, its CablyAI does not); a config without the flag does not.
	const stream = !isImageModel && Boolean(options.stream ?? provider.defaultStream) && provider.supportsStream;
	const prompt = options.prompt ?? lastUserText(messages);
	const chatBody = (list: Messages) => {
		const fields = buildChatBody(resolvedModel, list, stream, options, provider);
		omitRefused(fields, provider.refusedParameters);
		return fields;
	};
	const fields = isImageModel
		? {model: resolvedModel, prompt, ...options.extraBody}
		: buildChatBody(resolvedModel, messages, stream, options, provider);
	// The same options give the same refused fields, with or without media: named once, in the `provider` chunk.
	const omitted = omitRefused(fields, provider.refusedParameters);
	const body = toJsonBody(fields);
	if (provider.needsAuth && !apiKeyOf(options)) {
		const where = provider.loginUrl || provider.url;
		throw new MissingAuthError(`${name}: an API key is required (\`apiKey\`)${where ? `; get one at ${where}` : ''}`, {
			provider: name,
		});
	}

	const url = isImageModel
		? endpointUrl(base, '/images/generations')
		: (options.apiEndpoint ?? endpointUrl(base, '/chat/completions'));
	return {url, model: resolvedModel, isImageModel, prompt, stream, body, chatBody, omitted};
}
