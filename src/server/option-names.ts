import {bodyField, type bodyOptions} from '../internal.js';

/** What a client's value for an option must be (checked before the library sees it, for a 400 naming the field). */
export type OptionCheck = 'number' | 'integer' | 'stop' | 'array' | 'toolChoice' | 'boolean' | 'object' | 'string';

/**
The check of each option the core sends as a body field, in the order a request's fields are checked. Keyed by the
core's `bodyOptions`: an option added there without a check here does not type-check.
*/
const checks = {
	temperature: 'number',
	topP: 'number',
	maxTokens: 'integer',
	seed: 'integer',
	stop: 'stop',
	tools: 'array',
	toolChoice: 'toolChoice',
	parallelToolCalls: 'boolean',
	responseFormat: 'object',
	reasoningEffort: 'string',
	user: 'string',
	logprobs: 'boolean',
	topLogprobs: 'integer',
} as const satisfies Record<(typeof bodyOptions)[number], OptionCheck>;

/**
The library's options a client's request may set, by their wire names (the core's), each with the check its value
gets: what the request parser (wire → option) and the error mapper (option → wire, for a 400 naming the client's
field) read.
*/
export const requestOptions: ReadonlyMap<string, readonly [option: string, check: OptionCheck]> = new Map(
	Object.entries(checks).map(([option, check]) => [bodyField(option), [option, check]]),
);

const wireNames = new Map<string, string>([
	['model', 'model'],
	['messages', 'messages'],
	...[...requestOptions].map(([wire, [option]]): [string, string] => [option, wire]),
]);

/** The wire name of an option the client's request sets (`maxTokens` → `max_tokens`); `undefined` for the server's own. */
export function wireNameOf(option: string | undefined): string | undefined {
	return option === undefined ? undefined : wireNames.get(option);
}
