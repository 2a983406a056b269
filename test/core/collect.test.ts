import {expect, test} from 'vitest';
import {collect, OpenaiTemplate, type ChatResult, type Chunk} from '../../src/index.js';
import {chunk, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// collect() and the generators' return value: one answer put together from its chunks.

const server = useServer();
const messages = [{role: 'user', content: 'weather?'}] as const;

const call = (index: number, fields: Record<string, unknown>) => ({tool_calls: [{index, ...fields}]});
const streamed = sse([
	chunk({role: 'assistant', reasoning_content: 'Think'}, {model: 'm-1'}),
	chunk({reasoning_content: 'ing.'}),
	chunk({content: 'Let me '}),
	chunk({content: 'check.', refusal: ''}),
	chunk(call(0, {id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":'}})),
	chunk(call(0, {function: {arguments: '"Paris"}'}, extra_content: {google: {thought_signature: 'sig'}}})),
	chunk({}, {}, 'tool_calls'),
	chunk(undefined, {choices: [], usage: {prompt_tokens: 5, completion_tokens: 7, total_tokens: 12}}),
]);

/** Runs a generator by hand to its end, returning what it yielded and what it returned. */
async function drain(
	generator: AsyncGenerator<Chunk, ChatResult, undefined>,
): Promise<{chunks: Chunk[]; returned: ChatResult}> {
	const chunks: Chunk[] = [];
	for (let step = await generator.next(); ; step = await generator.next()) {
		if (step.done) return {chunks, returned: step.value};
		chunks.push(step.value);
	}
}

test('collect() puts a streamed answer together, and the generator returns the same result', async () => {
	server().setHandler(streamHandler([streamed]));
	const options = {stream: true, baseUrl: `${server().url}/v1`};
	const result = await collect(Local.createAsyncGenerator('', messages, options));
	const toolCalls = [
		{
			id: 'call_a',
			type: 'function',
			function: {name: 'weather', arguments: '{"city":"Paris"}'},
			extra_content: {google: {thought_signature: 'sig'}},
		},
	];
	expect(result).toEqual({
		text: 'Let me check.',
		reasoning: 'Thinking.',
		toolCalls,
		usage: {
			type: 'usage',
			promptTokens: 5,
			completionTokens: 7,
			totalTokens: 12,
			raw: {prompt_tokens: 5, completion_tokens: 7, total_tokens: 12},
		},
		finishReason: 'tool_calls',
		provider: {type: 'provider', name: 'Local', model: 'm-1', url: server().url},
		refusal: '',
		images: [],
		sources: [],
		// Ready to append: the calls as they came (Gemini's signature included), the reasoning in its field.
		message: {role: 'assistant', content: 'Let me check.', reasoning_content: 'Thinking.', tool_calls: toolCalls},
	});

	const {returned} = await drain(Local.createAsyncGenerator('', messages, options));
	expect(returned).toEqual(result);
});

test('a JSON completion (stream: false) gives the same kind of result; tool calls alone leave content null', async () => {
	server().setHandler(
		jsonHandler(200, {
			model: 'm-2',
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: null,
						refusal: null,
						tool_calls: [{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}}],
					},
					finish_reason: 'tool_calls',
				},
			],
			usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3},
		}),
	);
	const {chunks, returned} = await drain(
		Local.createAsyncGenerator('', messages, {stream: false, baseUrl: `${server().url}/v1`}),
	);
	expect(await collect(chunks)).toEqual(returned);
	expect(returned.text).toBe('');
	expect(returned.message).toEqual({
		role: 'assistant',
		content: null,
		tool_calls: [{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}}],
	});
	expect(returned.usage?.totalTokens).toBe(3);
	expect(server().requests.at(-1)!.json.stream).toBe(false);
});

test('plain text answers: message without tool_calls; a refusal is kept apart from the text', async () => {
	server().setHandler(
		streamHandler([sse([chunk({content: 'Hello'}), chunk({refusal: 'I cannot'}), chunk({}, {}, 'stop')])]),
	);
	const result = await collect(Local.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server().url}/v1`}));
	expect(result.message).toEqual({role: 'assistant', content: 'Hello'});
	expect(result).toMatchObject({
		text: 'Hello',
		refusal: 'I cannot',
		toolCalls: [],
		finishReason: 'stop',
		usage: undefined,
	});
});

test('image generation: the URLs, and the provider', async () => {
	class Painter extends OpenaiTemplate {
		static override label = 'Painter';
		static override imageModels = ['paint-1'];
	}

	server().setHandler(jsonHandler(200, {data: [{url: 'https://img.example/1.png'}, {b64_json: 'AAAA'}]}));
	const {chunks, returned} = await drain(
		Painter.createAsyncGenerator('paint-1', [{role: 'user', content: 'a cat'}], {baseUrl: `${server().url}/v1`}),
	);
	expect(returned.images).toEqual(['https://img.example/1.png', 'data:image/png;base64,AAAA']);
	expect(returned.provider?.name).toBe('Painter');
	expect(returned.message).toEqual({role: 'assistant', content: ''});
	expect(await collect(chunks)).toEqual(returned);
});

test('collect() rejects with the error that ended the generator', async () => {
	server().setHandler(jsonHandler(400, {error: {message: 'bad'}}));
	await expect(collect(Local.createAsyncGenerator('', messages, {baseUrl: `${server().url}/v1`}))).rejects.toThrow(
		/HTTP 400/,
	);
});

test('a long answer is kept whole: text pieces joined in groups keep their order', async () => {
	const pieces = Array.from({length: 1000}, (_, index) => `${index} `);
	const result = await collect(pieces);
	expect(result.text).toBe(pieces.join(''));
	expect(result.message.content).toBe(pieces.join(''));
});
