import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';

// camelCase option → wire name.
const wireNames = {
	temperature: 'temperature',
	maxTokens: 'max_tokens',
	topP: 'top_p',
	stop: 'stop',
	tools: 'tools',
	toolChoice: 'tool_choice',
	parallelToolCalls: 'parallel_tool_calls',
	responseFormat: 'response_format',
	reasoningEffort: 'reasoning_effort',
	seed: 'seed',
	user: 'user',
} as const satisfies Partial<Record<keyof CreateOptions, string>>;

/** The chat-completions JSON body: set options under their wire names, `extraBody` merged last, verbatim. */
export function buildChatBody(
	model: string,
	messages: Messages,
	stream: boolean,
	options: CreateOptions,
): Record<string, unknown> {
	const body: Record<string, unknown> = {model, messages, stream};
	// Only a stream needs to ask for usage; a JSON body always has it.
	if (stream) body.stream_options = {include_usage: true};
	for (const key of Object.keys(wireNames) as Array<keyof typeof wireNames>) {
		const value = options[key];
		if (value != null) body[wireNames[key]] = value;
	}

	return Object.assign(body, options.extraBody);
}
