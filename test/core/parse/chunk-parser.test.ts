import {expect, test} from 'vitest';
import {defaultMaxAnswerLength} from '../../../src/core/context.js';
import {ChunkParser} from '../../../src/core/parse/chunk-parser.js';

// Unit tests of ChunkParser: chunk objects in, library chunks out, no HTTP. What a whole stream yields through a
// server is in test/core/chunks.test.ts, parse-path-edges.test.ts and fixtures.test.ts.

const context = {provider: 'P', url: 'https://p.example', secret: ['sk-secret-key'], idleTimeout: false as const};

test('ChunkParser: each parse returns its own chunks; the state goes open → finished; end() adds usage only then', () => {
	const parser = new ChunkParser(context);
	const first = parser.parse({model: 'm', choices: [{delta: {content: 'Hi'}}]});
	expect(first).toEqual([{type: 'provider', name: 'P', model: 'm', url: 'https://p.example'}, 'Hi']);
	expect(parser.state).toBe('open');
	const second = parser.parse({
		choices: [{delta: {}, finish_reason: 'stop'}],
		usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3},
	});
	expect(second).toEqual([{type: 'finish', reason: 'stop'}]);
	expect(first).toHaveLength(2);
	expect(parser.state).toBe('finished');
	expect(parser.end()).toEqual([
		{
			type: 'usage',
			promptTokens: 1,
			completionTokens: 2,
			totalTokens: 3,
			raw: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3},
		},
	]);
});

test('ChunkParser: an open answer ends with its held-back text only', () => {
	const parser = new ChunkParser(context);
	expect(parser.parse({choices: [{delta: {content: '<thi'}}], usage: {prompt_tokens: 1}})).toEqual([]);
	expect(parser.end()).toEqual(['<thi']);
});

test('tool-call arguments of exactly the 16 MiB answer limit are accepted; one character more is a ResponseError', () => {
	const context = {provider: 'P', url: '', secret: [], idleTimeout: false as const};
	const call = (text: string) => ({choices: [{delta: {tool_calls: [{index: 0, function: {arguments: text}}]}}]});
	const parser = new ChunkParser(context);
	expect(parser.parse(call('a'.repeat(defaultMaxAnswerLength)))).toEqual([]);
	expect(() => parser.parse(call('a'))).toThrow('P: the answer exceeds `maxAnswerLength` (16777216 characters');
});

test('text, reasoning, refusal and tool-call arguments count against one total; keeping no result, only the arguments do', () => {
	const context = {provider: 'P', url: '', secret: [], idleTimeout: false as const};
	const delta = (fields: Record<string, unknown>) => ({choices: [{delta: fields}]});
	const limit = 'P: the answer exceeds `maxAnswerLength` (10 characters';
	for (const last of [
		{content: 'e'},
		{reasoning_content: 'e'},
		{reasoning_details: [{type: 'reasoning.text', text: 'e'}]},
		{content: [{type: 'thinking', thinking: 'e'}]},
		{refusal: 'e'},
		{tool_calls: [{index: 0, function: {arguments: 'e'}}]},
	]) {
		const parser = new ChunkParser(context, 10);
		parser.parse(delta({content: 'abc'}));
		parser.parse(delta({reasoning_content: 'def'}));
		parser.parse(delta({tool_calls: [{index: 0, id: 'c', function: {name: 'f', arguments: '{}'}}]}));
		parser.parse(delta({refusal: 'g'}));
		parser.parse(delta({content: [{type: 'text', text: 'h'}]}));
		expect(() => parser.parse(delta(last)), JSON.stringify(last)).toThrow(limit);
	}

	// Tool calls handed out at the finish stay counted: they are in the result.
	const finished = new ChunkParser(context, 10);
	finished.parse({
		choices: [
			{delta: {tool_calls: [{index: 0, function: {name: 'f', arguments: '123456'}}]}, finish_reason: 'tool_calls'},
		],
	});
	expect(() => finished.parse(delta({content: 'abcde'}))).toThrow(limit);

	const passing = new ChunkParser(context, 10, false);
	expect(passing.parse(delta({content: 'a'.repeat(100), reasoning_content: 'b'.repeat(100)}))).toHaveLength(2);
	passing.parse(delta({tool_calls: [{index: 0, function: {name: 'f', arguments: '1234567890'}}]}));
	expect(() => passing.parse(delta({tool_calls: [{index: 0, function: {arguments: '1'}}]}))).toThrow(limit);
});

test("ChunkParser: a chunk with no choices (Azure's prompt filter results) picks no choice: a lone choice after it keeps its own index", () => {
	const parser = new ChunkParser(context);
	expect(parser.parse({choices: [], prompt_filter_results: []})).toEqual([]);
	expect(parser.parse({choices: [{index: 1, delta: {content: 'a'}}]})).toEqual(['a']);
	expect(parser.parse({choices: [{index: 1, delta: {content: 'b'}}]})).toEqual(['b']);
});

test('ChunkParser logprobs: a choice without them, or with empty lists, yields none; refusal tokens alone are yielded', () => {
	const parser = new ChunkParser({...context, logprobs: true});
	const token = {token: 'No', logprob: -0.1, bytes: [78, 111], top_logprobs: []};
	expect(parser.parse({choices: [{delta: {content: 'a'}}]})).toEqual(['a']);
	expect(parser.parse({choices: [{delta: {content: 'b'}, logprobs: null}]})).toEqual(['b']);
	expect(parser.parse({choices: [{delta: {content: 'c'}, logprobs: {content: [], refusal: null}}]})).toEqual(['c']);
	expect(parser.parse({choices: [{delta: {refusal: 'No'}, logprobs: {content: null, refusal: [token]}}]})).toEqual([
		{type: 'logprobs', content: [], refusal: [token]},
		{type: 'refusal', text: 'No'},
	]);
});

test('ChunkParser: Mistral thinking parts: only non-empty text entries are reasoning, with no field to go back in', () => {
	const parser = new ChunkParser(context);
	const chunks = parser.parse({
		choices: [
			{
				delta: {
					content: [
						{type: 'thinking', thinking: [{type: 'text', text: ''}, 'stray', {type: 'text', text: 'hm'}, null]},
						{type: 'text', text: 'Answer'},
					],
				},
			},
		],
	});
	expect(chunks).toStrictEqual([{type: 'reasoning', text: 'hm'}, 'Answer']);
});

test('ChunkParser: an encrypted reasoning_details entry is never text, even with a `text` field', () => {
	const parser = new ChunkParser(context);
	const details = [
		{type: 'reasoning.encrypted', text: 'opaque', data: 'AAAA'},
		{type: 'reasoning.text', text: 'seen'},
	];
	expect(parser.parse({choices: [{delta: {reasoning_details: details}}]})).toEqual([
		{type: 'reasoning', text: 'seen', field: 'reasoning_details', details},
	]);
});

test('ChunkParser images in a chat answer: URLs as strings or image_url objects; none, or any that is no URL, yield nothing', () => {
	const images = (list: unknown[]) => new ChunkParser(context).parse({choices: [{delta: {images: list}}]});
	// No prompt in the context: the chunk names an empty one.
	expect(
		images(['data:image/png;base64,AA', {type: 'image_url', image_url: {url: 'https://i.example/1.png'}}]),
	).toEqual([{type: 'images', urls: ['data:image/png;base64,AA', 'https://i.example/1.png'], prompt: ''}]);
	expect(images([])).toEqual([]);
	expect(
		images([
			{type: 'image_url', image_url: {url: 'u'}},
			{type: 'image_url', image_url: {}},
		]),
	).toEqual([]);
	expect(images([null, 'u'])).toEqual([]);
	expect(images([42])).toEqual([]);
});

test('ChunkParser sources: URLs that are empty or no strings are skipped; the first non-empty string title stays', () => {
	const parser = new ChunkParser(context);
	parser.parse({citations: ['', 42, 'https://a.example'], choices: [{delta: {content: 'x'}}]});
	parser.parse({
		search_results: [
			{url: '', title: 'empty'},
			{title: 'no url'},
			{url: 'https://b.example', title: 42},
			{url: 'https://b.example', title: ''},
			{url: 'https://a.example', title: 'A'},
		],
		choices: [],
	});
	const end = parser.parse({
		search_results: [
			{url: 'https://a.example', title: 'A later'},
			{url: 'https://b.example', title: 'B'},
		],
		choices: [{delta: {}, finish_reason: 'stop'}],
	});
	expect(end).toStrictEqual([
		{
			type: 'sources',
			sources: [
				{url: 'https://a.example', title: 'A'},
				{url: 'https://b.example', title: 'B'},
			],
		},
		{type: 'finish', reason: 'stop'},
	]);
});
