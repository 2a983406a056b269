import type {AssistantMessage, ContentPart, Message, Messages} from '../../types/message.js';
import type {CreateOptions, MediaData, MediaInput} from '../../types/options.js';
import type {ProviderConfig, ReasoningRule} from '../../types/provider.js';
import {structuredBody, type StructuredResponseFormat} from '../../structured/response-format.js';
import {toImageUrl} from '../../utils/media.js';

/**
Options sent as body fields, in body order; each goes under its wire name (`bodyField`). The one list of them: the
server reads the same names from a client's request.
*/
export const bodyOptions = [
	'temperature',
	'maxTokens',
	'topP',
	'stop',
	'tools',
	'toolChoice',
	'parallelToolCalls',
	'responseFormat',
	'reasoningEffort',
	'seed',
	'user',
	'logprobs',
	'topLogprobs',
] as const satisfies ReadonlyArray<keyof CreateOptions>;

/** An option's chat-completions field: its snake_case name (`maxTokens` → `max_tokens`). */
export function bodyField(option: string): string {
	return option.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`);
}

/**
The chat-completions JSON body: set options under their wire names (`responseFormat: {schema}` as structured output),
the provider's `reasoningRequest` when reasoning is asked for, `extraBody` merged last, verbatim (the provider's
refused fields are taken out after: `omitRefused`).
*/
export function buildChatBody(
	model: string,
	messages: Messages,
	stream: boolean,
	options: Pick<CreateOptions, (typeof bodyOptions)[number] | 'extraBody'>,
	provider: Pick<ProviderConfig, 'streamUsage' | 'reasoningRequest' | 'supportsJsonSchema' | 'sendReasoningBack'> = {},
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		model,
		messages: reasoningForProvider(messages, provider.sendReasoningBack),
		stream,
	};
	// Only a stream needs to ask for usage; a JSON body always has it.
	if (stream && provider.streamUsage !== false) body.stream_options = {include_usage: true};
	for (const key of bodyOptions) {
		const value = options[key];
		if (value != null) body[bodyField(key)] = value;
	}

	const format = options.responseFormat as StructuredResponseFormat | null | undefined;
	if (format?.schema) structuredBody(body, format, provider);
	if (options.reasoningEffort != null) Object.assign(body, provider.reasoningRequest);
	return Object.assign(body, options.extraBody);
}

/**
The messages as the provider takes them: assistant messages keep their reasoning keys where its rule says (`always`,
or, by default, `tool-calls`: only beside `tool_calls`) and lose them elsewhere, in a copy.
*/
function reasoningForProvider(messages: Messages, rule: ReasoningRule | undefined): Messages {
	return rule === 'always'
		? messages
		: messages.map(message =>
				message.role !== 'assistant' || (rule !== 'never' && message.tool_calls?.length)
					? message
					: withoutReasoning(message),
			);
}

function withoutReasoning({reasoning_content, reasoning, reasoning_details, ...message}: AssistantMessage): Message {
	return message;
}

/**
Takes the fields a provider refuses (`refusedParameters`) out of a request body; returns the names taken out, for
the `provider` chunk's `omitted`. Left out rather than refused up front: a fallback list shares one set of options.
*/
export function omitRefused(body: Record<string, unknown>, refused: readonly string[] | undefined): string[] {
	const omitted: string[] = [];
	for (const name of refused ?? []) {
		if (Object.hasOwn(body, name)) {
			delete body[name];
			omitted.push(name);
		}
	}

	return omitted;
}

/**
Adds images as `image_url` parts of the last user message. Returns new arrays and objects:
the caller's messages are never changed.
*/
export async function addMediaToMessages(messages: Messages, media: readonly MediaInput[]): Promise<Messages> {
	if (media.length === 0) return messages;
	const images: ContentPart[] = await Promise.all(
		media.map(async item => ({
			type: 'image_url',
			image_url: {url: await toImageUrl(Array.isArray(item) ? item[0] : (item as MediaData))},
		})),
	);
	const copy = [...messages];
	let index = copy.findLastIndex(message => message.role === 'user');
	// No user message yet: the images become one.
	let last: Message = {role: 'user', content: []};
	if (index === -1) index = copy.push(last) - 1;
	else last = copy[index] as Message;
	const {content} = last;
	const parts: ContentPart[] = typeof content === 'string' ? [{type: 'text', text: content}] : [...(content ?? [])];
	copy[index] = {...last, content: [...parts, ...images]} satisfies Message;
	return copy;
}

/** The text of the last user message (the default image-generation prompt). */
export function lastUserText(messages: Messages): string {
	const message = messages.findLast(item => item.role === 'user');
	const content = message?.content;
	if (typeof content === 'string') return content;
	return (content ?? [])
		.flatMap(part => (part.type === 'text' && typeof part.text === 'string' && part.text ? [part.text] : []))
		.join('\n');
}
