// The Responses event stream for the library's chunks: the event order clients expect, indices and sequence
// numbers, the end (completed, incomplete, failed), and the openai SDK's own accumulator agreeing with the final
// response.
import {accumulateResponse} from 'openai/lib/responses/ResponseAccumulator';
import {describe, expect, test} from 'vitest';
import type {Chunk} from '../../../src/index.js';
import {HttpError} from '../../../src/server/errors.js';
import {parseResponsesRequest} from '../../../src/server/responses/parse-responses-request.js';
import {ResponsesEventEncoder} from '../../../src/server/responses/responses-events.js';
import {events} from '../wire.js';

const {echo} = parseResponsesRequest({input: 'hi'});

/** The events of `chunks`, checking that each `event:` line names its data's type. */
function encode(chunks: Chunk[], end: (encoder: ResponsesEventEncoder) => string = encoder => encoder.done()): any[] {
	const encoder = new ResponsesEventEncoder('asked-model', echo);
	const text = chunks.map(chunk => encoder.encode(chunk)).join('') + end(encoder);
	for (const block of text.split('\n\n').filter(Boolean)) {
		const [eventLine, dataLine] = block.split('\n');
		expect(eventLine).toBe(`event: ${JSON.parse(dataLine!.slice(6)).type}`);
	}

	const list = events(text);
	expect(list.map(event => event.sequence_number)).toEqual(list.map((_, index) => index));
	return list;
}

const call = {id: 'call_a', type: 'function' as const, function: {name: 'weather', arguments: '{"city":"Oslo"}'}};
const answer: Chunk[] = [
	{type: 'provider', name: 'Up', model: 'real-model', url: 'http://up.test'},
	{type: 'reasoning', text: 'The user '},
	{type: 'reasoning', text: 'asks.'},
	'Hel',
	'lo',
	{type: 'tool_calls', calls: [call]},
	{type: 'finish', reason: 'tool_calls'},
	{type: 'usage', promptTokens: 5, completionTokens: 3, totalTokens: 8},
];

describe('ResponsesEventEncoder', () => {
	test('reasoning, text and a call: the event sequence with its indices', () => {
		const list = encode(answer);
		expect(list.map(event => [event.type, event.output_index, event.content_index ?? event.summary_index])).toEqual([
			['response.created', undefined, undefined],
			['response.in_progress', undefined, undefined],
			['response.output_item.added', 0, undefined],
			['response.reasoning_summary_part.added', 0, 0],
			['response.reasoning_summary_text.delta', 0, 0],
			['response.reasoning_summary_text.delta', 0, 0],
			['response.reasoning_summary_text.done', 0, 0],
			['response.reasoning_summary_part.done', 0, 0],
			['response.output_item.done', 0, undefined],
			['response.output_item.added', 1, undefined],
			['response.content_part.added', 1, 0],
			['response.output_text.delta', 1, 0],
			['response.output_text.delta', 1, 0],
			['response.output_text.done', 1, 0],
			['response.content_part.done', 1, 0],
			['response.output_item.done', 1, undefined],
			['response.output_item.added', 2, undefined],
			['response.function_call_arguments.delta', 2, undefined],
			['response.function_call_arguments.done', 2, undefined],
			['response.output_item.done', 2, undefined],
			['response.completed', undefined, undefined],
		]);
		const [created, , reasoningAdded] = list;
		expect(created.response).toMatchObject({
			object: 'response',
			status: 'in_progress',
			model: 'real-model',
			output: [],
		});
		expect(list.find(event => event.type === 'response.output_text.done').text).toBe('Hello');
		expect(list.find(event => event.type === 'response.reasoning_summary_text.done').text).toBe('The user asks.');
		expect(list.find(event => event.type === 'response.function_call_arguments.done')).toMatchObject({
			name: 'weather',
			arguments: '{"city":"Oslo"}',
		});
		// Every event of an item carries that item's id.
		for (const event of list.filter(item => item.item_id !== undefined && item.output_index === 0))
			expect(event.item_id).toBe(reasoningAdded.item.id);
		const completed = list.at(-1).response;
		expect(completed).toMatchObject({
			id: created.response.id,
			status: 'completed',
			output: [
				{type: 'reasoning', summary: [{type: 'summary_text', text: 'The user asks.'}]},
				{type: 'message', status: 'completed', content: [{type: 'output_text', text: 'Hello'}]},
				{type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}', status: 'completed'},
			],
			usage: {input_tokens: 5, output_tokens: 3, total_tokens: 8},
		});
	});

	test("the openai SDK's accumulator builds the same output from the events as response.completed carries", () => {
		const list = encode(answer);
		let snapshot: any;
		for (const event of list.slice(0, -1)) snapshot = accumulateResponse(event, snapshot);
		expect(snapshot.output).toEqual(list.at(-1).response.output);
		expect(snapshot.output_text).toBe('Hello');
	});

	test('nothing before the first content: failures before it still get an HTTP status', () => {
		const encoder = new ResponsesEventEncoder('m', echo);
		expect(encoder.encode({type: 'provider', name: 'Up', model: 'x', url: ''})).toBe('');
		expect(encoder.encode({type: 'usage', promptTokens: 1, completionTokens: 1, totalTokens: 2})).toBe('');
		expect(encoder.encode('')).toBe('');
		expect(encoder.encode('a')).toContain('event: response.created');
	});

	test('text after a refusal part: two content parts in one message', () => {
		const list = encode([{type: 'refusal', text: 'No'}, 'but'], encoder => encoder.done());
		expect(
			list
				.filter(event => event.type.startsWith('response.content_part'))
				.map(event => [event.type, event.content_index]),
		).toEqual([
			['response.content_part.added', 0],
			['response.content_part.done', 0],
			['response.content_part.added', 1],
			['response.content_part.done', 1],
		]);
		expect(list.at(-1).response.output[0].content).toEqual([
			{type: 'refusal', refusal: 'No'},
			{type: 'output_text', text: 'but', annotations: [], logprobs: []},
		]);
	});

	test('finish length: response.incomplete with max_output_tokens', () => {
		const last = encode(['Hel', {type: 'finish', reason: 'length'}]).at(-1);
		expect(last.type).toBe('response.incomplete');
		expect(last.response).toMatchObject({
			status: 'incomplete',
			incomplete_details: {reason: 'max_output_tokens'},
			output: [{type: 'message', status: 'incomplete'}],
		});
	});

	test('a failure after the start: an error event, then response.failed with what was finished', () => {
		const list = encode(['Hel'], encoder =>
			encoder.error(new HttpError(502, 'upstream went away', {code: 'upstream_error'})),
		);
		expect(list.slice(-2)).toMatchObject([
			{type: 'error', code: 'upstream_error', message: 'upstream went away', param: null},
			{
				type: 'response.failed',
				response: {status: 'failed', error: {code: 'upstream_error', message: 'upstream went away'}},
			},
		]);
	});

	test('an answer without content still starts and completes', () => {
		expect(encode([{type: 'finish', reason: 'stop'}]).map(event => event.type)).toEqual([
			'response.created',
			'response.in_progress',
			'response.completed',
		]);
	});
});
