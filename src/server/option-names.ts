/**
The library's options a client's request may set, by their wire names, each with the check its value gets: the one
table the request parser (wire → option) and the error mapper (option → wire, for a 400 naming the client's field) read.
*/
export const requestOptions = {
	temperature: ['temperature', 'number'],
	top_p: ['topP', 'number'],
	max_tokens: ['maxTokens', 'integer'],
	seed: ['seed', 'integer'],
	stop: ['stop', 'stop'],
	tools: ['tools', 'array'],
	tool_choice: ['toolChoice', 'toolChoice'],
	parallel_tool_calls: ['parallelToolCalls', 'boolean'],
	response_format: ['responseFormat', 'object'],
	reasoning_effort: ['reasoningEffort', 'string'],
	user: ['user', 'string'],
	logprobs: ['logprobs', 'boolean'],
	top_logprobs: ['topLogprobs', 'integer'],
} as const;

const wireNames = new Map<string, string>([
	['model', 'model'],
	['messages', 'messages'],
	...Object.entries(requestOptions).map(([wire, [option]]): [string, string] => [option, wire]),
]);

/** The wire name of an option the client's request sets (`maxTokens` → `max_tokens`); `undefined` for the server's own. */
export function wireNameOf(option: string | undefined): string | undefined {
	return option === undefined ? undefined : wireNames.get(option);
}
