import type {CreateOptions, Messages} from '../index.js';
import {checkDepth, checkMessages} from './check-body.js';
import {invalidValue, unsupportedParameter} from './errors.js';
import {isObject} from './is-object.js';
import {type OptionCheck, requestOptions} from './option-names.js';
import {type PassThrough, unknownFields} from './request-fields.js';

/** What the handler takes from a client's chat-completions body. */
export interface ChatRequest {
	model: string;
	messages: Messages;
	stream: boolean;
	/** `stream_options.include_usage`: the client wants the final usage chunk. */
	includeUsage: boolean;
	/** Only request fields: never where the request goes, with which key, fetch or headers. */
	options: CreateOptions;
}

/**
Other fields a user of an OpenAI-compatible API expects to set, passed on as sent (the upstream checks them).
Anything else is a 400 naming it, unless the handler's `passThrough` lets it through: fields such as `service_tier`,
`audio` or `web_search_options` would cost the server's account more, produce output the handler does not relay, or
change the answer unseen if dropped; `model`, `messages` and `stream` are the handler's to set.
*/
const passedOn = [
	'frequency_penalty',
	'presence_penalty',
	'logit_bias',
	'max_completion_tokens',
	'metadata',
	'prediction',
	'verbosity',
	'reasoning',
	'top_k',
	'min_p',
	'repetition_penalty',
	'safety_identifier',
	'prompt_cache_key',
] as const;

/**
Fields clients send in a form that changes nothing (`n: 1`, `store: false`, `modalities: ['text']`): accepted then,
and not sent; any other value is a 400, since the handler relays one text choice and stores nothing.
*/
const onlyHarmless: Record<string, {harmless(value: unknown): boolean; why: string}> = {
	n: {harmless: value => value === 1, why: '`n` must be 1: one choice is relayed'},
	store: {harmless: value => value === false, why: '`store` must be false: nothing is stored here'},
	modalities: {
		harmless: value => Array.isArray(value) && value.length === 1 && value[0] === 'text',
		why: "`modalities` must be ['text']: only text answers are relayed",
	},
};

/** Legacy function calling: its answers (`message.function_call`) are not relayed, so it is refused with the way out. */
const legacyFunctions = ['functions', 'function_call'];

const knownFields: ReadonlySet<string> = new Set([
	'model',
	'messages',
	'stream',
	'stream_options',
	...requestOptions.keys(),
	...passedOn,
	...Object.keys(onlyHarmless),
	...legacyFunctions,
]);

function valid(check: OptionCheck, value: unknown): boolean {
	switch (check) {
		case 'number': {
			return typeof value === 'number' && Number.isFinite(value);
		}

		case 'integer': {
			return Number.isInteger(value);
		}

		case 'stop': {
			return typeof value === 'string' || (Array.isArray(value) && value.every(item => typeof item === 'string'));
		}

		case 'array': {
			return Array.isArray(value);
		}

		case 'toolChoice': {
			return typeof value === 'string' || isObject(value);
		}

		case 'boolean': {
			return typeof value === 'boolean';
		}

		case 'object': {
			return isObject(value);
		}

		case 'string': {
			return typeof value === 'string';
		}
	}
}

const describe: Record<OptionCheck, string> = {
	number: 'a number',
	integer: 'an integer',
	stop: 'a string or an array of strings',
	array: 'an array',
	toolChoice: 'a string or an object',
	boolean: 'a boolean',
	object: 'an object',
	string: 'a string',
};

/**
Checks a chat-completions body and turns it into the library's arguments; 400 with the field's name otherwise.
`passThrough`: unknown top-level fields let through to the upstream as sent (the handler's option).
*/
export function parseChatRequest(body: unknown, passThrough: PassThrough = false): ChatRequest {
	if (!isObject(body)) throw invalidValue(null, 'The request body must be a JSON object');
	checkDepth(body);
	const extraFields = unknownFields(body, knownFields, passThrough);
	for (const name of legacyFunctions) {
		if (body[name] != null) {
			throw unsupportedParameter(
				name,
				`\`${name}\` (legacy function calling) is not supported: send \`tools\` and \`tool_choice\` instead`,
			);
		}
	}

	for (const [name, {harmless, why}] of Object.entries(onlyHarmless))
		if (body[name] != null && !harmless(body[name])) throw unsupportedParameter(name, why);
	const {model = '', messages, stream = false, stream_options: streamOptions} = body;
	if (typeof model !== 'string') throw invalidValue('model', '`model` must be a string');
	if (!Array.isArray(messages) || messages.length === 0)
		throw invalidValue('messages', '`messages` must be a non-empty array of messages');
	checkMessages(messages);
	if (stream !== null && typeof stream !== 'boolean') throw invalidValue('stream', '`stream` must be a boolean');
	if (streamOptions != null && !isObject(streamOptions))
		throw invalidValue('stream_options', '`stream_options` must be an object');
	const options: Record<string, unknown> = {};
	for (const [wire, [option, check]] of requestOptions) {
		const value = body[wire];
		if (value === undefined || value === null) continue;
		if (!valid(check, value)) throw invalidValue(wire, `\`${wire}\` must be ${describe[check]}`);
		options[option] = value;
	}

	// `{schema}` is the library's own structured-output option, not the wire's: a client sends `json_schema`.
	if (isObject(body.response_format) && 'schema' in body.response_format)
		throw invalidValue(
			'response_format',
			'`response_format` is `{type: "json_schema", json_schema: {name, schema}}` or `{type: "json_object"}`',
		);
	const extraBody: Record<string, unknown> = {};
	for (const wire of [...passedOn, ...extraFields]) if (body[wire] !== undefined) extraBody[wire] = body[wire];
	if (Object.keys(extraBody).length > 0) options.extraBody = extraBody;
	return {
		model,
		messages: messages as Messages,
		stream: stream === true,
		includeUsage: streamOptions?.include_usage === true,
		options: options as CreateOptions,
	};
}
