import {afterAll, beforeAll, expect, test} from 'vitest';
import {OpenaiTemplate, ResponseError} from '../../src/index.js';
import {
	chunk,
	collect,
	jsonHandler,
	sse,
	startServer,
	streamHandler,
	type Handler,
	type TestServer,
	mergeChunks,
} from '../helpers/fake-openai.js';

class Local extends OpenaiTemplate {
	static override get name(): string {
		return 'Local';
	}

	static override url = 'https://local.test';
	static override defaultModel = 'gpt-4o-mini';
}

let server: TestServer;
beforeAll(async () => {
	server = await startServer(jsonHandler(500, {}));
});
afterAll(async () => server.close());

async function run(handler: Handler, stream = true) {
	server.setHandler(handler);
	return collect(
		Local.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {stream, baseUrl: `${server.url}/v1`, retry: 0}),
	);
}

// The origin asked (`baseUrl`, the test server), not the class's `url`.
const provider = {
	type: 'provider',
	name: 'Local',
	model: 'gpt-4o-mini',
	get url() {
		return server.url;
	},
} as const;
const stop = {type: 'finish', reason: 'stop'} as const;

test('content and finish in one chunk: content first; finish only once', async () => {
	const {chunks, error} = await run(
		streamHandler([sse([chunk({content: 'a'}), chunk({content: 'b'}, {}, 'stop'), chunk({}, {}, 'stop')])]),
	);
	expect(error).toBeUndefined();
	expect(chunks).toEqual([provider, 'a', 'b', stop]);
});

test('ProviderInfo waits for the first non-empty model; role-only, null and missing deltas are normal', async () => {
	const {chunks} = await run(
		streamHandler([
			sse([
				{...chunk({role: 'assistant', content: ''}), model: ''},
				{choices: [], prompt_filter_results: [{prompt_index: 0}]},
				{...chunk(undefined), model: ''},
				chunk({content: null, refusal: null}),
				chunk({content: 'x'}, {}, 'stop'),
			]),
		]),
	);
	expect(chunks).toEqual([provider, 'x', stop]);
});

test('Mistral content parts: text is answer, thinking is reasoning, unknown parts skipped, in order', async () => {
	const {chunks} = await run(
		streamHandler([
			sse([
				chunk({
					content: [
						{type: 'thinking', thinking: [{type: 'text', text: 'hmm'}]},
						{type: 'text', text: 'Hi'},
						{type: 'reference', ids: [1]},
					],
				}),
				chunk({content: [{type: 'text', text: '!'}]}, {}, 'stop'),
			]),
		]),
	);
	expect(chunks).toEqual([provider, {type: 'reasoning', text: 'hmm'}, 'Hi', '!', stop]);
});

test('reasoning from reasoning_content, reasoning, or reasoning_details text (never encrypted, never twice)', async () => {
	const {chunks} = await run(
		streamHandler([
			sse([
				chunk({reasoning_content: 'a'}),
				chunk({reasoning: 'b', reasoning_details: [{type: 'reasoning.text', text: 'b'}]}),
				chunk({
					reasoning_details: [
						{type: 'reasoning.text', text: 'c'},
						{type: 'reasoning.encrypted', data: 'SECRETBLOB'},
					],
				}),
				chunk({reasoning: '', content: 'answer'}, {}, 'stop'),
			]),
		]),
	);
	// Each text once; the field it came in, and the reasoning_details entries whole (encrypted ones too: they go back).
	expect(chunks).toEqual([
		provider,
		{type: 'reasoning', text: 'a', field: 'reasoning_content'},
		{type: 'reasoning', text: 'b', field: 'reasoning', details: [{type: 'reasoning.text', text: 'b'}]},
		{
			type: 'reasoning',
			text: 'c',
			field: 'reasoning_details',
			details: [
				{type: 'reasoning.text', text: 'c'},
				{type: 'reasoning.encrypted', data: 'SECRETBLOB'},
			],
		},
		'answer',
		stop,
	]);
	expect(chunks.map(item => (typeof item === 'object' && item.type === 'reasoning' ? item.text : '')).join('')).toBe(
		'abc',
	);
});

test('a leading <think> block split across deltas becomes reasoning; later tags are text', async () => {
	const pieces = ['  <th', 'ink>step', ' one</th', 'ink>\n\nThe answer', ' <think>is</think> here'];
	const {chunks} = await run(streamHandler([sse([...pieces.map(content => chunk({content})), chunk({}, {}, 'stop')])]));
	expect(mergeChunks(chunks)).toEqual([
		provider,
		{type: 'reasoning', text: 'step one'},
		'The answer <think>is</think> here',
		stop,
	]);
});

test('text that only looks like the start of <think> is released', async () => {
	const {chunks} = await run(streamHandler([sse([chunk({content: '<'}), chunk({content: 'b>bold'}, {}, 'stop')])]));
	expect(mergeChunks(chunks)).toEqual([provider, '<b>bold', stop]);
});

test('refusal: only non-empty text, never mixed into the answer', async () => {
	const {chunks} = await run(
		streamHandler([
			sse([chunk({refusal: ''}), chunk({refusal: 'I can’t help with that.'}), chunk({refusal: null}, {}, 'stop')]),
		]),
	);
	expect(chunks).toEqual([provider, {type: 'refusal', text: 'I can’t help with that.'}, stop]);
});

test('tool calls: interleaved, index from 1, late names, empty id/name repeats, extra fields kept, once before finish', async () => {
	const {chunks} = await run(
		streamHandler([
			sse([
				chunk({tool_calls: [{index: 2, id: 'call_b', type: 'function', function: {name: 'b', arguments: ''}}]}),
				chunk({tool_calls: [{index: 1, id: 'call_a', type: 'function', function: {arguments: '{"x"'}}]}),
				chunk({tool_calls: [{index: 2, id: '', function: {name: '', arguments: '{}'}}]}),
				chunk({
					tool_calls: [
						{index: 1, function: {name: 'a', arguments: ':1}'}, extra_content: {google: {thought_signature: 'sig'}}},
					],
				}),
				chunk({}, {}, 'tool_calls'),
			]),
		]),
	);
	expect(chunks).toEqual([
		provider,
		{
			type: 'tool_calls',
			calls: [
				{
					id: 'call_a',
					type: 'function',
					function: {name: 'a', arguments: '{"x":1}'},
					extra_content: {google: {thought_signature: 'sig'}},
				},
				{id: 'call_b', type: 'function', function: {name: 'b', arguments: '{}'}},
			],
		},
		{type: 'finish', reason: 'tool_calls'},
	]);
});

test('tool calls without index: a new id starts a call, fragments continue the last', async () => {
	const {chunks} = await run(
		streamHandler([
			sse([
				chunk({tool_calls: [{id: 'c1', function: {name: 'f', arguments: '{"a"'}}]}),
				chunk({tool_calls: [{function: {arguments: ':1}'}}]}),
				chunk({tool_calls: [{id: 'c2', function: {name: 'g', arguments: '{}'}}]}),
			]),
		]),
	);
	expect(chunks).toEqual([
		provider,
		{
			type: 'tool_calls',
			calls: [
				{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}},
				{id: 'c2', type: 'function', function: {name: 'g', arguments: '{}'}},
			],
		},
	]);
});

test('usage: after finish, cumulative, then null, or only in x_groq: the last report once, at the end', async () => {
	const usage = (prompt: number, completion: number, total?: number) => ({
		prompt_tokens: prompt,
		completion_tokens: completion,
		...(total === undefined ? {} : {total_tokens: total}),
	});
	const {chunks} = await run(
		streamHandler([
			sse([
				chunk({content: 'a'}, {usage: usage(5, 1, 6)}),
				chunk({content: 'b'}, {usage: usage(5, 2, 7)}, 'stop'),
				{id: 'x', choices: [], usage: usage(5, 2, 99)},
				{id: 'x', choices: [], usage: null},
				{object: 'chat.completion.done'},
			]),
		]),
	);
	expect(chunks).toEqual([
		provider,
		'a',
		'b',
		stop,
		{type: 'usage', promptTokens: 5, completionTokens: 2, totalTokens: 99, raw: usage(5, 2, 99)},
	]);

	const groq = await run(
		streamHandler([sse([chunk({content: 'a'}), chunk({}, {x_groq: {id: 'r', usage: usage(3, 4)}}, 'stop')])]),
	);
	expect(groq.chunks.at(-1)).toEqual({
		type: 'usage',
		promptTokens: 3,
		completionTokens: 4,
		totalTokens: 7,
		raw: usage(3, 4),
	});
});

test('a stream ending with [DONE] but no finish reason is complete; no finish is invented', async () => {
	const {chunks, error} = await run(streamHandler([sse([chunk({content: 'a'})])]));
	expect(error).toBeUndefined();
	expect(chunks).toEqual([provider, 'a']);
});

test('a stream with neither [DONE] nor finish is truncated: text first, then ResponseError', async () => {
	const {chunks, error} = await run(streamHandler([sse([chunk({content: 'partial'})], {done: false})]));
	expect(chunks).toEqual([provider, 'partial']);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toMatch(/ended before the answer was complete/);
});

test('a JSON completion yields the same kinds of chunks, on a stream request too', async () => {
	const body = {
		id: 'c',
		object: 'chat.completion',
		model: 'gpt-4o-mini',
		choices: [
			{
				index: 0,
				finish_reason: 'tool_calls',
				message: {
					role: 'assistant',
					content: '<think>plan</think>\nDone.',
					refusal: null,
					tool_calls: [
						{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}},
						{id: 'c2', type: 'function', function: {name: 'g', arguments: '{"q":1}'}},
					],
				},
			},
		],
		usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3},
	};
	for (const stream of [false, true]) {
		const {chunks, error} = await run(jsonHandler(200, body), stream);
		expect(error).toBeUndefined();
		expect(chunks).toEqual([
			provider,
			{type: 'reasoning', text: 'plan'},
			'Done.',
			{
				type: 'tool_calls',
				calls: [
					{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}},
					{id: 'c2', type: 'function', function: {name: 'g', arguments: '{"q":1}'}},
				],
			},
			{type: 'finish', reason: 'tool_calls'},
			{type: 'usage', promptTokens: 1, completionTokens: 2, totalTokens: 3, raw: body.usage},
		]);
	}
});

test('Mistral content parts in a JSON body', async () => {
	const {chunks} = await run(
		jsonHandler(200, {
			model: 'm',
			choices: [
				{
					message: {
						content: [
							{type: 'thinking', thinking: [{type: 'text', text: 'r'}]},
							{type: 'text', text: 't'},
						],
					},
					finish_reason: 'stop',
				},
			],
		}),
		false,
	);
	expect(chunks).toEqual([{...provider, model: 'm'}, {type: 'reasoning', text: 'r'}, 't', stop]);
});
