// The official `openai` SDK's Responses API and models.retrieve against the handler (Node through srvx, and workerd
// through miniflare, with an access token and a model allowlist) in front of the fake upstream: plain, streamed,
// `.stream()`, a function-tool round trip, a json_schema format, and the errors for what the handler cannot do.
import OpenAI from 'openai';
import {describe, expect, test} from 'vitest';
import {runtimes} from '../serve.js';
import {serveApp} from '../served-app.js';

const tested = runtimes.filter(runtime => runtime.name.startsWith('Node') || runtime.name.startsWith('workerd'));

describe.each(tested)('openai SDK against $name', runtime => {
	const app = serveApp('responses', {runtime});

	const client = () => new OpenAI({baseURL: app.baseURL, apiKey: app.config.token, maxRetries: 0});
	const weather = {
		type: 'function' as const,
		name: 'weather',
		parameters: {type: 'object', properties: {city: {type: 'string'}}, required: ['city'], additionalProperties: false},
		strict: true,
	};
	const time = {
		type: 'function' as const,
		name: 'time',
		parameters: {type: 'object', properties: {tz: {type: 'string'}}},
		strict: false,
	};

	/** The error a promise rejects with. */
	const failure = async (promise: Promise<unknown>): Promise<any> =>
		promise.then(
			() => 'resolved',
			(error: unknown) => error,
		);

	describe('responses', () => {
		test('create: instructions and input reach the upstream as messages; reasoning, text and usage come back', async () => {
			const response = await client().responses.create({
				model: 'test-model',
				instructions: 'Be brief.',
				input: 'hello',
				metadata: {trace: 't1'},
			});
			expect(response).toMatchObject({
				object: 'response',
				status: 'completed',
				model: 'test-model',
				instructions: 'Be brief.',
				metadata: {trace: 't1'},
				output: [
					{type: 'reasoning', summary: [{type: 'summary_text', text: 'The user greets.'}]},
					{type: 'message', role: 'assistant', content: [{type: 'output_text', text: 'Hello, world!'}]},
				],
				usage: {input_tokens: 5, output_tokens: 3, total_tokens: 8},
			});
			expect(response.output_text).toBe('Hello, world!');
			const sent = app.upstream.posts('hello').at(-1)!.json;
			expect(sent.messages).toEqual([
				{role: 'system', content: 'Be brief.'},
				{role: 'user', content: 'hello'},
			]);
			expect(sent.metadata).toBeUndefined();
		});

		test('create with stream: the event sequence, sequence numbers in order, text deltas and the completed response', async () => {
			const stream = await client().responses.create({model: 'test-model', input: 'hello', stream: true});
			const types: string[] = [];
			const numbers: number[] = [];
			let text = '';
			let completed: OpenAI.Responses.Response | undefined;
			for await (const event of stream) {
				types.push(event.type);
				numbers.push(event.sequence_number);
				if (event.type === 'response.output_text.delta') text += event.delta;
				if (event.type === 'response.completed') completed = event.response;
			}

			expect(text).toBe('Hello, world!');
			expect(numbers).toEqual(numbers.map((_, index) => index));
			expect(types[0]).toBe('response.created');
			expect(types.at(-1)).toBe('response.completed');
			expect(types).toContain('response.reasoning_summary_text.delta');
			expect(completed).toMatchObject({
				status: 'completed',
				output: [{type: 'reasoning'}, {type: 'message', content: [{type: 'output_text', text: 'Hello, world!'}]}],
				usage: {input_tokens: 5, output_tokens: 3, total_tokens: 8},
			});
		});

		test('a failure mid-stream: the text so far, then an error event the SDK raises', async () => {
			const stream = await client().responses.create({model: 'test-model', input: 'midstream', stream: true});
			const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
			// openai 7 raises the stream's `error` event as an error (the `response.failed` after it is for other clients).
			await expect(
				(async () => {
					for await (const event of stream) seen.push(event);
				})(),
			).rejects.toThrow('The upstream provider failed to answer');
			expect(seen.filter(event => event.type === 'response.output_text.delta').map(event => event.delta)).toEqual([
				'Partial ',
			]);
		});

		test('a function-tool round trip: calls streamed with responses.stream, their outputs sent back with create', async () => {
			const input: OpenAI.Responses.ResponseInput = [{role: 'user', content: 'tools'}];
			const stream = client().responses.stream({model: 'test-model', input, tools: [weather, time]});
			const argumentsDone: string[] = [];
			stream.on('response.function_call_arguments.done', event => argumentsDone.push(event.arguments));
			const first = await stream.finalResponse();
			const calls = first.output.filter(item => item.type === 'function_call');
			expect(calls.map(call => ({call_id: call.call_id, name: call.name, arguments: call.arguments}))).toEqual([
				{call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}'},
				{call_id: 'call_b', name: 'time', arguments: '{"tz":"CET"}'},
			]);
			expect(argumentsDone).toEqual(['{"city":"Oslo"}', '{"tz":"CET"}']);
			expect(first.output[0]).toMatchObject({type: 'reasoning', summary: [{text: 'Need the weather.'}]});
			const sent = app.upstream.posts('tools').at(-1)!.json;
			expect(sent.tools).toEqual([
				{type: 'function', function: {name: 'weather', parameters: weather.parameters, strict: true}},
				{type: 'function', function: {name: 'time', parameters: time.parameters, strict: false}},
			]);

			const second = await client().responses.create({
				model: 'test-model',
				tools: [weather, time],
				input: [
					...input,
					...first.output,
					{type: 'function_call_output', call_id: 'call_a', output: '{"celsius":3}'},
					{type: 'function_call_output', call_id: 'call_b', output: '12:00'},
				] as OpenAI.Responses.ResponseInput,
			});
			expect(second.output_text).toBe('Hello, world!');
			expect(app.upstream.posts('12:00').at(-1)!.json.messages).toEqual([
				{role: 'user', content: 'tools'},
				{
					role: 'assistant',
					content: null,
					reasoning_content: 'Need the weather.',
					tool_calls: [
						{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
						{id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":"CET"}'}},
					],
				},
				{role: 'tool', tool_call_id: 'call_a', content: '{"celsius":3}'},
				{role: 'tool', tool_call_id: 'call_b', content: '12:00'},
			]);
		});

		test('a json_schema text format: response_format upstream, parsed by responses.parse', async () => {
			const schema = {
				type: 'object',
				properties: {city: {type: 'string'}, temperature: {type: 'number'}},
				required: ['city', 'temperature'],
				additionalProperties: false,
			};
			const format = {type: 'json_schema' as const, name: 'weather', schema, strict: true};
			const parsed = await client().responses.parse({model: 'test-model', input: 'json', text: {format}});
			expect(parsed.output_parsed).toEqual({city: 'Oslo', temperature: 3});
			expect(app.upstream.posts('json').at(-1)!.json.response_format).toEqual({
				type: 'json_schema',
				json_schema: {name: 'weather', schema, strict: true},
			});
			const streamed = await client()
				.responses.stream({model: 'test-model', input: 'json', text: {format}})
				.finalResponse();
			// The SDK parses a streamed answer only for zod formats; the text is the same JSON.
			expect(JSON.parse(streamed.output_text)).toEqual({city: 'Oslo', temperature: 3});
		});

		test('what the handler cannot do is a 400 naming the field; the allowlist and the token apply as on the chat route', async () => {
			const stored = await failure(client().responses.create({model: 'test-model', input: 'hello', store: true}));
			expect(stored).toBeInstanceOf(OpenAI.BadRequestError);
			expect(stored.param).toBe('store');
			const previous = await failure(
				client().responses.create({model: 'test-model', input: 'hello', previous_response_id: 'resp_1'}),
			);
			expect(previous.param).toBe('previous_response_id');
			const search = await failure(
				client().responses.create({model: 'test-model', input: 'hello', tools: [{type: 'web_search'}]}),
			);
			expect(search).toBeInstanceOf(OpenAI.BadRequestError);
			expect(search.param).toBe('tools[0].type');
			const missing = await failure(client().responses.create({model: 'big-model', input: 'hello'}));
			expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
			expect(missing.code).toBe('model_not_found');
			const denied = await failure(
				new OpenAI({baseURL: app.baseURL, apiKey: 'wrong', maxRetries: 0}).responses.create({
					model: 'test-model',
					input: 'hello',
				}),
			);
			expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
			expect(app.upstream.posts('hello').filter(post => post.json.model === 'big-model')).toEqual([]);
		});
	});

	describe('models.retrieve', () => {
		test('a served model is its entry; another id is a 404 model_not_found', async () => {
			expect(await client().models.retrieve('test-model')).toMatchObject({
				id: 'test-model',
				object: 'model',
				owned_by: 'Upstream',
			});
			const missing = await failure(client().models.retrieve('big-model'));
			expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
			expect(missing.code).toBe('model_not_found');
		});
	});
});
