// The Responses request body as the chat request the handler runs: every input item kind, the settings, and a
// 400 naming the field for what cannot be honoured without stored state or built-in tools.
import {describe, expect, test} from 'vitest';
import {HttpError} from '../../../src/server/errors.js';
import {parseResponsesRequest} from '../../../src/server/responses/parse-responses-request.js';

/** The `error` object a refused body is answered with, and its status. */
function refusal(body: unknown): {status: number; code: string | null; param: string | null; message: string} {
	try {
		parseResponsesRequest(body);
	} catch (error) {
		if (!(error instanceof HttpError)) throw error;
		return {status: error.status, code: error.code, param: error.param, message: error.message};
	}

	throw new Error('accepted');
}

describe('parseResponsesRequest', () => {
	test('a string input with instructions: a system message, then the user message', () => {
		const {chat, echo} = parseResponsesRequest({model: 'm', input: 'hello', instructions: 'Be brief.'});
		expect(chat).toEqual({
			model: 'm',
			messages: [
				{role: 'system', content: 'Be brief.'},
				{role: 'user', content: 'hello'},
			],
			stream: false,
			includeUsage: true,
			options: {},
		});
		expect(echo.instructions).toBe('Be brief.');
		expect(echo.text).toEqual({format: {type: 'text'}});
	});

	test('input items become chat messages: parts, reasoning on the assistant turn, calls joined, references skipped', () => {
		const {chat} = parseResponsesRequest({
			model: 'm',
			input: [
				{role: 'developer', content: 'Use tools.'},
				{
					type: 'message',
					role: 'user',
					content: [
						{type: 'input_text', text: 'Weather in Oslo and Bergen?'},
						{type: 'input_image', image_url: 'https://example.test/map.png', detail: 'low'},
					],
				},
				{type: 'reasoning', id: 'rs_1', summary: [{type: 'summary_text', text: 'Two cities.'}]},
				{type: 'item_reference', id: 'rs_0'},
				{
					type: 'message',
					role: 'assistant',
					id: 'msg_1',
					status: 'completed',
					content: [{type: 'output_text', text: 'Checking.', annotations: []}],
				},
				{type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}', id: 'fc_1'},
				{type: 'function_call', call_id: 'call_b', name: 'weather', arguments: '{"city":"Bergen"}'},
				{type: 'function_call_output', call_id: 'call_a', output: '{"c":3}'},
				{type: 'function_call_output', call_id: 'call_b', output: [{type: 'input_text', text: '{"c":5}'}]},
				{type: 'reasoning', summary: [], encrypted_content: 'opaque'},
				{type: 'function_call', call_id: 'call_c', name: 'weather', arguments: '{}'},
			],
		});
		expect(chat.messages).toEqual([
			{role: 'developer', content: 'Use tools.'},
			{
				role: 'user',
				content: [
					{type: 'text', text: 'Weather in Oslo and Bergen?'},
					{type: 'image_url', image_url: {url: 'https://example.test/map.png', detail: 'low'}},
				],
			},
			{
				role: 'assistant',
				content: 'Checking.',
				reasoning_content: 'Two cities.',
				tool_calls: [
					{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
					{id: 'call_b', type: 'function', function: {name: 'weather', arguments: '{"city":"Bergen"}'}},
				],
			},
			{role: 'tool', tool_call_id: 'call_a', content: '{"c":3}'},
			// Text parts alone become a string, the form every chat API takes.
			{role: 'tool', tool_call_id: 'call_b', content: '{"c":5}'},
			// A reasoning item without text adds nothing; the call after the tool results is a new assistant turn.
			{
				role: 'assistant',
				content: null,
				tool_calls: [{id: 'call_c', type: 'function', function: {name: 'weather', arguments: '{}'}}],
			},
		]);
	});

	test('text parts alone become one string (the AI SDK wraps every prompt in an input_text part)', () => {
		const {chat} = parseResponsesRequest({
			model: 'm',
			input: [
				{role: 'system', content: [{type: 'input_text', text: 'Be brief.'}]},
				{
					role: 'user',
					content: [
						{type: 'input_text', text: 'one'},
						{type: 'input_text', text: 'two'},
					],
				},
			],
		});
		expect(chat.messages).toEqual([
			{role: 'system', content: 'Be brief.'},
			{role: 'user', content: 'one\ntwo'},
		]);
	});

	test('settings map to the chat options; metadata stays for the response object', () => {
		const schema = {type: 'object', properties: {a: {type: 'string'}}, required: ['a'], additionalProperties: false};
		const {chat, echo} = parseResponsesRequest({
			model: 'm',
			input: 'hi',
			stream: true,
			temperature: 0.5,
			top_p: 0.9,
			max_output_tokens: 100,
			reasoning: {effort: 'low', summary: 'auto'},
			user: 'u1',
			parallel_tool_calls: false,
			metadata: {trace: 't1'},
			store: false,
			include: ['reasoning.encrypted_content'],
			text: {format: {type: 'json_schema', name: 'thing', schema, strict: true}, verbosity: 'low'},
			tools: [{type: 'function', name: 'weather', description: 'Weather', parameters: schema, strict: true}],
			tool_choice: {type: 'function', name: 'weather'},
		});
		expect(chat.stream).toBe(true);
		expect(chat.options).toEqual({
			temperature: 0.5,
			topP: 0.9,
			maxTokens: 100,
			reasoningEffort: 'low',
			user: 'u1',
			parallelToolCalls: false,
			responseFormat: {type: 'json_schema', json_schema: {name: 'thing', schema, strict: true}},
			tools: [
				{type: 'function', function: {name: 'weather', description: 'Weather', parameters: schema, strict: true}},
			],
			toolChoice: {type: 'function', function: {name: 'weather'}},
			extraBody: {verbosity: 'low'},
		});
		expect(echo).toMatchObject({
			metadata: {trace: 't1'},
			max_output_tokens: 100,
			parallel_tool_calls: false,
			reasoning: {effort: 'low', summary: 'auto'},
			tool_choice: {type: 'function', name: 'weather'},
			tools: [{type: 'function', name: 'weather'}],
		});
		expect(parseResponsesRequest({input: 'x', text: {format: {type: 'json_object'}}}).chat.options).toEqual({
			responseFormat: {type: 'json_object'},
		});
	});

	test.each([
		[{previous_response_id: 'resp_1'}, 'previous_response_id', 'unsupported_parameter'],
		[{store: true}, 'store', 'unsupported_parameter'],
		[{background: true}, 'background', 'unsupported_parameter'],
		[{conversation: 'conv_1'}, 'conversation', 'unsupported_parameter'],
		[{tools: [{type: 'web_search'}]}, 'tools[0].type', 'unsupported_parameter'],
		[{tools: [{type: 'file_search', vector_store_ids: []}]}, 'tools[0].type', 'unsupported_parameter'],
		[{tool_choice: {type: 'web_search_preview'}}, 'tool_choice', 'unsupported_parameter'],
		[{input: [{type: 'web_search_call', id: 'ws_1'}]}, 'input[0].type', 'unsupported_parameter'],
		[
			{input: [{role: 'user', content: [{type: 'input_image', file_id: 'file_1'}]}]},
			'input[0].content[0].image_url',
			'unsupported_parameter',
		],
		[{frobnicate: 1}, 'frobnicate', 'unknown_parameter'],
		[{top_logprobs: -1}, 'top_logprobs', 'invalid_value'],
		[{temperature: 'hot'}, 'temperature', 'invalid_value'],
		[{max_output_tokens: 1.5}, 'max_output_tokens', 'invalid_value'],
		[{max_output_tokens: 0}, 'max_output_tokens', 'invalid_value'],
		[
			{tools: [{type: 'function', name: 'f', parameters: {maximum: Number.POSITIVE_INFINITY}}]},
			'tools',
			'invalid_value',
		],
		[{input: JSON.parse(`[${'['.repeat(100)}${']'.repeat(100)}]`)}, 'input', 'invalid_value'],
		[{text: {format: {type: 'json_schema', name: 'x'}}}, 'text.format.schema', 'invalid_value'],
		[{input: []}, 'input', 'invalid_value'],
		[{input: [{role: 'tool', content: 'x'}]}, 'input[0].role', 'invalid_value'],
	])('%j is a 400 naming %s', (fields, param, code) => {
		const answer = refusal({model: 'm', input: 'hi', ...fields});
		expect(answer).toMatchObject({status: 400, param, code});
		expect(answer.message).toContain(param.split(/[.[]/)[0]);
	});

	test('store: false, background: false and null settings are accepted', () => {
		expect(() =>
			parseResponsesRequest({
				input: 'hi',
				store: false,
				background: false,
				previous_response_id: null,
				temperature: null,
			}),
		).not.toThrow();
	});

	test('log probabilities: asked for by include or top_logprobs, as the chat options', () => {
		const include = ['message.output_text.logprobs'];
		expect(parseResponsesRequest({input: 'hi', include}).chat.options).toEqual({logprobs: true});
		expect(parseResponsesRequest({input: 'hi', include, top_logprobs: 3}).chat.options).toEqual({
			logprobs: true,
			topLogprobs: 3,
		});
		expect(parseResponsesRequest({input: 'hi', include: ['reasoning.encrypted_content']}).chat.options).toEqual({});
	});

	test('passThrough: the fields it names (or any, with true) go into the chat request as sent; never the chat’s own', () => {
		const body = {input: 'hi', web_search_options: {search_context_size: 'low'}, top_k: 3};
		expect(() => parseResponsesRequest(body, {passThrough: ['web_search_options']})).toThrow(/top_k/);
		expect(parseResponsesRequest(body, {passThrough: ['web_search_options', 'top_k']}).chat.options.extraBody).toEqual({
			web_search_options: {search_context_size: 'low'},
			top_k: 3,
		});
		expect(parseResponsesRequest(body, {passThrough: true}).chat.options.extraBody).toEqual({
			web_search_options: {search_context_size: 'low'},
			top_k: 3,
		});
		for (const name of ['messages', 'n']) {
			expect(() => parseResponsesRequest({input: 'hi', [name]: 1}, {passThrough: true}), name).toThrow(HttpError);
		}
	});
});
