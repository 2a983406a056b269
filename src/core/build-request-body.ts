import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';

// Options sent as body fields, in body order; each goes under its snake_case name (`maxTokens` → `max_tokens`).
const bodyOptions = [
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
] as const satisfies ReadonlyArray<keyof CreateOptions>;

/**
The chat-completions JSON body: set options under their wire names, the provider's `reasoningRequest` when reasoning
is asked for, `extraBody` merged last, verbatim (the provider's refused fields are taken out after: `omitRefused`).
*/
export function buildChatBody(
	model: string,
	messages: Messages,
	stream: boolean,
	options: Pick<CreateOptions, (typeof bodyOptions)[number] | 'extraBody'>,
	provider: Pick<ProviderConfig, 'streamUsage' | 'reasoningRequest'> = {},
): Record<string, unknown> {
	const body: Record<string, unknown> = {model, messages, stream};
	// Only a stream needs to ask for usage; a JSON body always has it.
	if (stream && provider.streamUsage !== false) body.stream_options = {include_usage: true};
	for (const key of bodyOptions) {
		const value = options[key];
		if (value != null) body[key.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`)] = value;
	}

	if (options.reasoningEffort != null) Object.assign(body, provider.reasoningRequest);
	return Object.assign(body, options.extraBody);
}
