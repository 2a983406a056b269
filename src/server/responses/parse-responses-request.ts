import type {CreateOptions, Messages, Role} from '../../index.js';
import {checkDepth} from '../check-body.js';
import type {ChatRequest} from '../chat-request.js';
import {invalidValue, unsupportedParameter} from '../errors.js';
import {isObject, type Json} from '../is-object.js';
import {type PassThrough, unknownFields} from '../request-fields.js';

/**
What the response object repeats of the request (the Responses API echoes its settings): kept as the client sent
them, in the Responses shapes.
*/
export interface ResponsesEcho {
	instructions: string | null;
	metadata: Record<string, string>;
	tools: unknown[];
	tool_choice: unknown;
	text: {format: Record<string, unknown>};
	reasoning: {effort: string | null; summary: string | null};
	temperature: number | null;
	top_p: number | null;
	max_output_tokens: number | null;
	parallel_tool_calls: boolean;
	user: string | null;
}

/** A Responses request as the chat route's request, plus what the response object echoes. */
export interface ResponsesRequest {
	chat: ChatRequest;
	echo: ResponsesEcho;
}

/** Top-level fields understood here. Others are refused by name: silently dropping them would change the answer. */
const knownFields = new Set([
	'model',
	'input',
	'instructions',
	'tools',
	'tool_choice',
	'text',
	'reasoning',
	'max_output_tokens',
	'temperature',
	'top_p',
	'stream',
	'stream_options',
	'metadata',
	'top_logprobs',
	'parallel_tool_calls',
	'user',
	'store',
	'include',
	'truncation',
	'safety_identifier',
	'prompt_cache_key',
	'service_tier',
	// Refused below when set: named so that the message says why.
	'previous_response_id',
	'background',
	'conversation',
	'prompt',
	'max_tool_calls',
]);

/** Fields that need what this server does not have (stored responses, background jobs), refused when set. */
const statefulFields = {
	previous_response_id: 'responses are not stored here: send the whole conversation in `input`',
	conversation: 'conversations are not stored here: send the whole conversation in `input`',
	prompt: 'stored prompts are not available here: send `instructions` and `input`',
	background: 'background responses are not supported: use `stream` instead',
	max_tool_calls: 'built-in tools are not available here, so `max_tool_calls` is not supported',
} as const;

/** Chat fields the route sets itself, or that would cost more than one answer: never let through. */
const chatOwnFields = new Set(['messages', 'n']);

/**
The roles of a message item that go on as a chat message of that role. `assistant` is converted (its `output_text`
parts); tool calls and results are items of their own (`function_call`, `function_call_output`).
*/
const sentAsIs: ReadonlySet<string> = new Set<Role>(['user', 'system', 'developer']);

/** The `include` entry that asks for the answer's log probabilities (on `output_text` parts and text deltas). */
const logprobsInclude = 'message.output_text.logprobs';

/** How the route treats what it does not know. */
export interface ResponsesParseOptions {
	/**
	Top-level fields not of the Responses API that go into the chat request as sent (the handler's `passThrough`):
	names, or `true` for any. Others are a 400 naming them.
	*/
	passThrough?: PassThrough;
}

const number = (body: Json, name: string): number | null => {
	const value = body[name];
	if (value == null) return null;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidValue(name, `\`${name}\` must be a number`);
	return value;
};

const text = (value: unknown, param: string): string => {
	if (typeof value !== 'string') throw invalidValue(param, `\`${param}\` must be a string`);
	return value;
};

/** A content part of an input message as a chat content part. */
function contentPart(part: unknown, param: string): Json {
	if (!isObject(part)) throw invalidValue(param, `\`${param}\` must be an object`);
	switch (part.type) {
		case 'input_text':
		case 'output_text': {
			return {type: 'text', text: text(part.text, `${param}.text`)};
		}

		case 'input_image': {
			if (typeof part.image_url !== 'string') {
				throw unsupportedParameter(
					`${param}.image_url`,
					`\`${param}.image_url\` must be an http(s) or data: URL: uploaded files are not available here`,
				);
			}

			const image: Json = {url: part.image_url};
			if (typeof part.detail === 'string') image.detail = part.detail;
			return {type: 'image_url', image_url: image};
		}

		case 'input_file': {
			if (typeof part.file_data !== 'string') {
				throw unsupportedParameter(
					`${param}.file_data`,
					`\`${param}.file_data\` must be a data: URL: uploaded files and file URLs are not available here`,
				);
			}

			const file: Json = {file_data: part.file_data};
			if (typeof part.filename === 'string') file.filename = part.filename;
			return {type: 'file', file};
		}

		default: {
			throw unsupportedParameter(
				`${param}.type`,
				`\`${param}.type\`: content parts of type ${JSON.stringify(part.type)} are not supported here`,
			);
		}
	}
}

/**
Chat content from converted parts: text alone becomes a string, the form every chat API takes (the AI SDK and others
wrap even a plain prompt in an `input_text` part; several OpenAI-compatible servers refuse part arrays, for system
messages above all). Parts with images or files stay an array.
*/
function chatContent(parts: Json[]): string | Json[] {
	if (parts.length === 0 || parts.some(part => part.type !== 'text')) return parts;
	return parts.map(part => part.text as string).join('\n');
}

/** Text of `output_text` parts (an assistant's earlier answer): chat assistant messages take it as a string. */
function assistantContent(content: unknown, param: string): {text: string; refusal: string} {
	if (typeof content === 'string') return {text: content, refusal: ''};
	if (!Array.isArray(content)) throw invalidValue(param, `\`${param}\` must be a string or an array of parts`);
	let answer = '';
	let refusal = '';
	for (const [index, part] of content.entries()) {
		const at = `${param}[${index}]`;
		if (isObject(part) && part.type === 'refusal') refusal += text(part.refusal, `${at}.refusal`);
		else answer += (contentPart(part, at) as {text?: string}).text ?? '';
	}

	return {text: answer, refusal};
}

/** The text of a reasoning item: its summary, else its reasoning content; encrypted content is not text. */
function reasoningText(item: Json): string {
	const parts = [
		...(Array.isArray(item.summary) ? item.summary : []),
		...(Array.isArray(item.content) ? item.content : []),
	];
	return parts
		.map(part => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
		.filter(Boolean)
		.join('\n\n');
}

/**
Responses input items as chat messages. A function call joins the assistant message before it (one assistant turn
holds text and calls); a reasoning item goes, as `reasoning_content`, on the assistant message that follows it.
*/
function inputMessages(input: unknown): Json[] {
	if (typeof input === 'string') return [{role: 'user', content: input}];
	if (!Array.isArray(input)) throw invalidValue('input', '`input` must be a string or an array of input items');
	const messages: Json[] = [];
	let reasoning = '';
	const assistant = (): Json => {
		const last = messages.at(-1);
		if (last?.role === 'assistant' && reasoning === '') return last;
		const message: Json = {role: 'assistant', content: null};
		if (reasoning !== '') message.reasoning_content = reasoning;
		reasoning = '';
		messages.push(message);
		return message;
	};

	for (const [index, item] of input.entries()) {
		const at = `input[${index}]`;
		if (!isObject(item)) throw invalidValue(at, `\`${at}\` must be an object`);
		const type = item.type ?? 'message';
		switch (type) {
			case 'message': {
				const {role, content} = item;
				if (role === 'assistant') {
					const answer = assistantContent(content, `${at}.content`);
					// A new assistant turn, with the reasoning that came before it.
					const message: Json = {role: 'assistant', content: answer.text};
					if (answer.refusal !== '') message.refusal = answer.refusal;
					if (reasoning !== '') message.reasoning_content = reasoning;
					reasoning = '';
					messages.push(message);
					break;
				}

				if (!sentAsIs.has(role as string))
					throw invalidValue(`${at}.role`, `\`${at}.role\` must be user, system, developer or assistant`);
				if (typeof content === 'string') messages.push({role, content});
				else if (Array.isArray(content))
					messages.push({
						role,
						content: chatContent(content.map((part, partIndex) => contentPart(part, `${at}.content[${partIndex}]`))),
					});
				else throw invalidValue(`${at}.content`, `\`${at}.content\` must be a string or an array of parts`);
				break;
			}

			case 'function_call': {
				const call = {
					id: text(item.call_id, `${at}.call_id`),
					type: 'function',
					function: {name: text(item.name, `${at}.name`), arguments: text(item.arguments, `${at}.arguments`)},
				};
				const message = assistant();
				message.tool_calls = [...((message.tool_calls as unknown[] | undefined) ?? []), call];
				break;
			}

			case 'function_call_output': {
				const {output} = item;
				const content =
					typeof output === 'string'
						? output
						: Array.isArray(output)
							? chatContent(output.map((part, partIndex) => contentPart(part, `${at}.output[${partIndex}]`)))
							: undefined;
				if (content === undefined)
					throw invalidValue(`${at}.output`, `\`${at}.output\` must be a string or an array of parts`);
				messages.push({role: 'tool', tool_call_id: text(item.call_id, `${at}.call_id`), content});
				break;
			}

			case 'reasoning': {
				const thought = reasoningText(item);
				reasoning = reasoning === '' ? thought : `${reasoning}\n\n${thought}`;
				break;
			}

			// A reference to a stored item (the AI SDK sends them for reasoning it got back): nothing is stored, so
			// there is nothing to add; the conversation is still whole without it.
			case 'item_reference': {
				break;
			}

			default: {
				throw unsupportedParameter(
					`${at}.type`,
					`\`${at}.type\`: input items of type ${JSON.stringify(type)} are not supported here (built-in tools are not available)`,
				);
			}
		}
	}

	return messages;
}

/** Responses function tools (flat) as chat tools (nested under `function`); built-in tools are refused. */
function chatTools(tools: unknown): {wire: Json[]; echo: unknown[]} {
	if (tools == null) return {wire: [], echo: []};
	if (!Array.isArray(tools)) throw invalidValue('tools', '`tools` must be an array');
	const wire = tools.map((tool, index): Json => {
		const at = `tools[${index}]`;
		if (!isObject(tool)) throw invalidValue(at, `\`${at}\` must be an object`);
		if (tool.type !== 'function') {
			throw unsupportedParameter(
				`${at}.type`,
				`\`${at}.type\`: built-in tools such as ${JSON.stringify(tool.type)} are not available here, only function tools`,
			);
		}

		const definition: Json = {name: text(tool.name, `${at}.name`)};
		if (tool.description != null) definition.description = text(tool.description, `${at}.description`);
		if (tool.parameters != null) {
			if (!isObject(tool.parameters)) throw invalidValue(`${at}.parameters`, `\`${at}.parameters\` must be an object`);
			definition.parameters = tool.parameters;
		}

		if (typeof tool.strict === 'boolean') definition.strict = tool.strict;
		return {type: 'function', function: definition};
	});
	return {wire, echo: tools};
}

function chatToolChoice(choice: unknown): CreateOptions['toolChoice'] {
	if (choice == null) return undefined;
	if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
	if (isObject(choice) && choice.type === 'function')
		return {type: 'function', function: {name: text(choice.name, 'tool_choice.name')}};
	throw unsupportedParameter(
		'tool_choice',
		'`tool_choice` must be none, auto, required or {type: "function", name}: built-in tools are not available here',
	);
}

/** `text.format` as `response_format`; `undefined` for plain text. */
function responseFormat(format: unknown): CreateOptions['responseFormat'] {
	if (format == null) return undefined;
	if (!isObject(format)) throw invalidValue('text.format', '`text.format` must be an object');
	switch (format.type) {
		case 'text': {
			return undefined;
		}

		case 'json_object': {
			return {type: 'json_object'};
		}

		case 'json_schema': {
			if (!isObject(format.schema)) throw invalidValue('text.format.schema', '`text.format.schema` must be an object');
			const schema: Json = {name: text(format.name, 'text.format.name'), schema: format.schema};
			if (format.description != null) schema.description = text(format.description, 'text.format.description');
			if (typeof format.strict === 'boolean') schema.strict = format.strict;
			return {type: 'json_schema', json_schema: schema};
		}

		default: {
			throw unsupportedParameter('text.format.type', '`text.format.type` must be text, json_object or json_schema');
		}
	}
}

/**
Checks a Responses API body (`POST /responses`) and turns it into the chat-completions request the chat route
runs, plus what the response object echoes; a 400 naming the field for anything this server cannot honour.
*/
export function parseResponsesRequest(
	body: unknown,
	{passThrough = false}: ResponsesParseOptions = {},
): ResponsesRequest {
	if (!isObject(body)) throw invalidValue(null, 'The request body must be a JSON object');
	// As on the chat route: no nesting the library's recursive walks cannot take, no number JSON cannot carry on.
	checkDepth(body);
	const extraFields = unknownFields(body, knownFields, passThrough, chatOwnFields);
	for (const [name, why] of Object.entries(statefulFields)) {
		const value = body[name];
		if (value != null && value !== false && value !== 0)
			throw unsupportedParameter(name, `\`${name}\` is not supported: ${why}`);
	}

	if (body.store != null && body.store !== false) {
		if (body.store === true)
			throw unsupportedParameter(
				'store',
				'`store: true` is not supported: nothing is stored here; send `store: false` or leave it out',
			);
		throw invalidValue('store', '`store` must be a boolean');
	}

	const {model = '', stream = false} = body;
	if (typeof model !== 'string') throw invalidValue('model', '`model` must be a string');
	if (stream !== null && typeof stream !== 'boolean') throw invalidValue('stream', '`stream` must be a boolean');
	const include = body.include ?? [];
	if (!(Array.isArray(include) && include.every(item => typeof item === 'string')))
		throw invalidValue('include', '`include` must be an array of strings');

	const instructions = body.instructions == null ? null : text(body.instructions, 'instructions');
	const messages = inputMessages(body.input ?? []);
	if (instructions !== null) messages.unshift({role: 'system', content: instructions});
	if (messages.length === 0) throw invalidValue('input', '`input` must hold at least one message');

	const options: CreateOptions = {};
	const extraBody: Json = {};
	const temperature = number(body, 'temperature');
	if (temperature !== null) options.temperature = temperature;
	const topP = number(body, 'top_p');
	if (topP !== null) options.topP = topP;
	const maxOutputTokens = body.max_output_tokens ?? null;
	if (maxOutputTokens !== null) {
		// Checked here, not by the library, whose message would name the chat field (`max_tokens`).
		if (!Number.isInteger(maxOutputTokens) || (maxOutputTokens as number) < 1)
			throw invalidValue('max_output_tokens', '`max_output_tokens` must be a whole number of at least 1');
		options.maxTokens = maxOutputTokens as number;
	}

	const tools = chatTools(body.tools);
	if (tools.wire.length > 0) options.tools = tools.wire as unknown as CreateOptions['tools'];
	const toolChoice = chatToolChoice(body.tool_choice);
	if (toolChoice !== undefined) options.toolChoice = toolChoice;
	const parallel = body.parallel_tool_calls;
	if (parallel != null) {
		if (typeof parallel !== 'boolean')
			throw invalidValue('parallel_tool_calls', '`parallel_tool_calls` must be a boolean');
		options.parallelToolCalls = parallel;
	}

	if (body.text != null && !isObject(body.text)) throw invalidValue('text', '`text` must be an object');
	const textOptions = (body.text ?? {}) as Json;
	const format = responseFormat(textOptions.format);
	if (format !== undefined) options.responseFormat = format;
	if (textOptions.verbosity != null) extraBody.verbosity = text(textOptions.verbosity, 'text.verbosity');

	if (body.reasoning != null && !isObject(body.reasoning))
		throw invalidValue('reasoning', '`reasoning` must be an object');
	const reasoning = (body.reasoning ?? {}) as Json;
	const effort = reasoning.effort == null ? null : text(reasoning.effort, 'reasoning.effort');
	if (effort !== null) options.reasoningEffort = effort;

	// Log probabilities are asked for by `include`; `top_logprobs` alone asks for them too (chat APIs need both).
	const topLogprobs = body.top_logprobs ?? null;
	if (topLogprobs !== null && !(Number.isInteger(topLogprobs) && (topLogprobs as number) >= 0))
		throw invalidValue('top_logprobs', '`top_logprobs` must be an integer from 0');
	if (include.includes(logprobsInclude) || topLogprobs !== null) options.logprobs = true;
	if (topLogprobs !== null) options.topLogprobs = topLogprobs as number;

	const user = body.user == null ? null : text(body.user, 'user');
	if (user !== null) options.user = user;
	for (const name of ['safety_identifier', 'prompt_cache_key'] as const)
		if (body[name] != null) extraBody[name] = text(body[name], name);

	// Metadata is kept for the response object only: chat completions accept it only for stored completions.
	const metadata = body.metadata ?? {};
	if (!isObject(metadata) || !Object.values(metadata).every(value => typeof value === 'string'))
		throw invalidValue('metadata', '`metadata` must be an object of strings');
	// Fields the handler lets through, for the upstream to judge; after the route's own, which they cannot replace.
	for (const name of extraFields) if (!(name in extraBody)) extraBody[name] = body[name];
	if (Object.keys(extraBody).length > 0) options.extraBody = extraBody;

	return {
		chat: {
			model,
			messages: messages as unknown as Messages,
			stream: stream === true,
			// The response events end with the usage whenever the upstream reports it.
			includeUsage: true,
			options,
		},
		echo: {
			instructions,
			metadata: metadata as Record<string, string>,
			tools: tools.echo,
			tool_choice: body.tool_choice ?? 'auto',
			text: {format: isObject(textOptions.format) ? textOptions.format : {type: 'text'}},
			reasoning: {
				effort,
				summary: typeof reasoning.summary === 'string' ? reasoning.summary : null,
			},
			temperature,
			top_p: topP,
			max_output_tokens: maxOutputTokens as number | null,
			parallel_tool_calls: parallel !== false,
			user,
		},
	};
}
