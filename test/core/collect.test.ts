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

/** A reasoning chunk as the parser yields it for an OpenRouter delta: its text and its `reasoning_details` entries. */
const details = (text: string, ...entries: Array<Record<string, unknown>>): Chunk => ({
	type: 'reasoning',
	text,
	field: 'reasoning',
	details: entries,
});

test('reasoning_details streamed in pieces go back whole: text, summary and data joined, other fields kept from the first piece', async () => {
	const format = 'anthropic-claude-v1';
	const result = await collect([
		// The first entry of the answer already has an index: it starts the list.
		details('Let', {type: 'reasoning.text', index: 0, format, text: 'Let'}),
		details(' me', {type: 'reasoning.text', index: 0, format, text: ' me'}),
		// The signature comes last, beside a text that is null: the text so far stays.
		details('', {type: 'reasoning.text', index: 0, format, text: null, signature: 'sig'}),
		// An encrypted entry whose data comes only in its second piece.
		details('', {type: 'reasoning.encrypted', index: 1, format}),
		details('', {type: 'reasoning.encrypted', index: 1, data: 'abc'}),
		details('', {type: 'reasoning.summary', index: 2, summary: 'In short'}),
		details('', {type: 'reasoning.summary', index: 2, summary: ', yes'}),
	]);
	expect(result.message.reasoning_details).toEqual([
		{type: 'reasoning.text', index: 0, format, text: 'Let me', signature: 'sig'},
		{type: 'reasoning.encrypted', index: 1, format, data: 'abc'},
		{type: 'reasoning.summary', index: 2, summary: 'In short, yes'},
	]);
	expect(result.reasoning).toBe('Let me');
	expect(result.message.reasoning).toBe('Let me');
});

test('reasoning_details: only the fields named text, summary and data are joined; entries without an index, or with a new one, are never joined', async () => {
	const result = await collect([
		details('a', {type: 'reasoning.text', index: 0, text: 'a', metadata: 'm1', text_format: 'plain'}),
		details('b', {type: 'reasoning.text', index: 0, text: 'b', metadata: 'm2', text_format: 'plain'}),
		// No index: nothing says the next entry continues this one.
		details('c', {type: 'reasoning.text', text: 'c'}),
		details('d', {type: 'reasoning.text', text: 'd'}),
		// A new index is a new entry, of the same type or not.
		details('e', {type: 'reasoning.text', index: 1, text: 'e'}),
		details('f', {type: 'reasoning.text', index: 2, text: 'f'}),
	]);
	expect(result.message.reasoning_details).toEqual([
		{type: 'reasoning.text', index: 0, text: 'ab', metadata: 'm1', text_format: 'plain'},
		{type: 'reasoning.text', text: 'c'},
		{type: 'reasoning.text', text: 'd'},
		{type: 'reasoning.text', index: 1, text: 'e'},
		{type: 'reasoning.text', index: 2, text: 'f'},
	]);
});

test('collect() gives the object a structured answer returned; a plain answer has no `object` key at all', async () => {
	async function* structured(): AsyncGenerator<Chunk, ChatResult> {
		yield '{"city":"Paris"}';
		return {object: {city: 'Paris'}} as ChatResult;
	}

	const result = await collect(structured());
	expect(result.text).toBe('{"city":"Paris"}');
	expect(result.object).toEqual({city: 'Paris'});

	const plain = await collect(['just text']);
	expect(plain.text).toBe('just text');
	expect(Object.keys(plain)).not.toContain('object');
});

test('collect() over a streamed structured answer: the object parsed from the text, as the generator returns it', async () => {
	server().setHandler(
		streamHandler([sse([chunk({content: '{"city":'}), chunk({content: '"Paris"}'}), chunk({}, {}, 'stop')])]),
	);
	const options = {
		stream: true,
		baseUrl: `${server().url}/v1`,
		responseFormat: {schema: {type: 'object', properties: {city: {type: 'string'}}}},
	};
	const result = await collect(Local.createAsyncGenerator('', messages, options));
	expect(result.object).toEqual({city: 'Paris'});
	expect(result.text).toBe('{"city":"Paris"}');
});
