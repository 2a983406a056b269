// The non-streamed `response` object of a finished answer: output items in order, usage, and how the finish
// reason decides the status.
import {describe, expect, test} from 'vitest';
import {type Chunk, collect} from '../../../src/index.js';
import {parseResponsesRequest} from '../../../src/server/responses/parse-responses-request.js';
import {buildResponse} from '../../../src/server/responses/responses-object.js';

const {echo} = parseResponsesRequest({input: 'hi', instructions: 'Be brief.', metadata: {trace: 't'}});
const usage: Chunk = {type: 'usage', promptTokens: 5, completionTokens: 3, totalTokens: 8};

describe('buildResponse', () => {
	test('reasoning, the message and function calls, with usage and the model the provider named', async () => {
		const result = await collect([
			{type: 'provider', name: 'Up', model: 'real-model', url: 'http://up.test'},
			{type: 'reasoning', text: 'Think.'},
			'Checking.',
			{
				type: 'tool_calls',
				calls: [{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}}],
			},
			{type: 'finish', reason: 'tool_calls'},
			{
				type: 'usage',
				promptTokens: 5,
				completionTokens: 3,
				totalTokens: 8,
				cachedTokens: 2,
				reasoningTokens: 1,
			} as Chunk,
		]);
		const response = buildResponse(result, 'asked-model', echo);
		expect(response).toMatchObject({
			object: 'response',
			status: 'completed',
			model: 'real-model',
			error: null,
			incomplete_details: null,
			instructions: 'Be brief.',
			metadata: {trace: 't'},
			store: false,
			output: [
				{type: 'reasoning', summary: [{type: 'summary_text', text: 'Think.'}]},
				{
					type: 'message',
					role: 'assistant',
					status: 'completed',
					content: [{type: 'output_text', text: 'Checking.', annotations: []}],
				},
				{type: 'function_call', status: 'completed', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}'},
			],
			usage: {
				input_tokens: 5,
				input_tokens_details: {cached_tokens: 2},
				output_tokens: 3,
				output_tokens_details: {reasoning_tokens: 1},
				total_tokens: 8,
			},
		});
		const [reasoning, message, call] = response.output as Array<{id: string}>;
		expect(response.id).toMatch(/^resp_[\da-f]{32}$/);
		expect(reasoning!.id).toMatch(/^rs_/);
		expect(message!.id).toMatch(/^msg_/);
		expect(call!.id).toMatch(/^fc_/);
	});

	test('only calls: no message item; no usage reported: usage null', async () => {
		const result = await collect([
			{type: 'tool_calls', calls: [{id: 'c', type: 'function', function: {name: 'f', arguments: '{}'}}]},
		]);
		const response = buildResponse(result, 'm', echo);
		expect((response.output as Array<{type: string}>).map(item => item.type)).toEqual(['function_call']);
		expect(response.usage).toBeNull();
		expect(response.model).toBe('m');
	});

	test('cut short by the token limit or a filter: incomplete, with the reason; a refusal is its own part', async () => {
		const long = buildResponse(await collect(['Hel', {type: 'finish', reason: 'length'}, usage]), 'm', echo);
		expect(long).toMatchObject({
			status: 'incomplete',
			incomplete_details: {reason: 'max_output_tokens'},
			output: [{type: 'message', status: 'incomplete', content: [{type: 'output_text', text: 'Hel'}]}],
		});
		const filtered = buildResponse(
			await collect([
				{type: 'refusal', text: 'No.'},
				{type: 'finish', reason: 'content_filter'},
			]),
			'm',
			echo,
		);
		expect(filtered).toMatchObject({
			status: 'incomplete',
			incomplete_details: {reason: 'content_filter'},
			output: [{type: 'message', content: [{type: 'refusal', refusal: 'No.'}]}],
		});
	});

	test('an empty answer is one empty message', async () => {
		const response = buildResponse(await collect([{type: 'finish', reason: 'stop'}]), 'm', echo);
		expect(response.output).toMatchObject([{type: 'message', content: [{type: 'output_text', text: ''}]}]);
	});
});
