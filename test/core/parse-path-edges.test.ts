import {expect, test} from 'vitest';
import {ResponseError} from '../../src/index.js';
import {ChunkParser} from '../../src/core/parse/chunk-parser.js';
import {defaultMaxAnswerLength} from '../../src/core/context.js';
import {ThinkTagSplitter} from '../../src/core/parse/think-tag-splitter.js';
import {ToolCallAssembler} from '../../src/core/parse/tool-call-assembler.js';
import {Local} from '../helpers/local-provider.js';
import {chunk, collect, type Handler, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// Edges of the parse path (DESIGN.md, "What real servers send") that the other tests left open: what is NOT yielded
// (empty strings, empty reasoning, fields of the wrong type), exact chunk boundaries of <think> splitting, and how
// tool-call fragments find their call. Assertions compare chunks exactly, unmerged, so an extra empty chunk shows.

const server = useServer();
const stop = {type: 'finish', reason: 'stop'} as const;

/** What a stream of these chunk objects yields after its ProviderInfo, or the error it ended with. */
async function answer(
	chunks: unknown[],
	{pieces, handler, extraBody}: {pieces?: string[]; handler?: Handler; extraBody?: Record<string, unknown>} = {},
) {
	server().setHandler(handler ?? streamHandler(pieces ?? [sse(chunks)]));
	const result = await collect(
		Local.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {
			stream: true,
			baseUrl: `${server().url}/v1`,
			retry: 0,
			...(extraBody ? {extraBody} : {}),
		}),
	);
	return {
		chunks: result.chunks.filter(item => typeof item === 'string' || item.type !== 'provider'),
		error: result.error,
	};
}

const content = (text: string, finish: string | null = null) => chunk({content: text}, {}, finish);
/** A tool-call delta's `function`. */
const fn = (name: string | undefined, args: string) => ({...(name === undefined ? {} : {name}), arguments: args});

test('data that is JSON but not an object, and `choices` that is not an array, are named in the message', async () => {
	const notObject = await answer([], {pieces: [`${sse([content('a')], {done: false})}data: [1,2]\n\n`]});
	expect(notObject.chunks).toEqual(['a']);
	expect(notObject.error).toBeInstanceOf(ResponseError);
	expect(notObject.error.message).toBe('Local: unreadable response data (not a JSON object): [1,2]');

	const choices = await answer([content('a'), {choices: 'none'}]);
	expect(choices.chunks).toEqual(['a']);
	expect(choices.error.message).toBe('Local: unreadable response data (`choices` is not an array): "none"');
});

test('with several choices in one chunk, the answer is the one with index 0 (a choice without index is 0)', async () => {
	const {chunks, error} = await answer([
		{model: 'm', choices: [{index: 1, delta: {content: 'B'}}, {delta: {content: 'A'}}]},
		{model: 'm', choices: [{index: 1, delta: {content: 'B'}}, 'junk', {index: 0, delta: {content: '!'}}]},
		{
			model: 'm',
			choices: [
				{index: 0, delta: {}, finish_reason: 'stop'},
				{index: 1, finish_reason: 'length'},
			],
		},
	]);
	expect(error).toBeUndefined();
	expect(chunks).toEqual(['A', '!', stop]);
});

test('a JSON body with n = 2 answers with choice 0, wherever it is in the list', async () => {
	const body = {
		model: 'm',
		choices: [
			{index: 1, message: {content: 'second'}, finish_reason: 'length'},
			{index: 0, message: {content: 'first'}, finish_reason: 'stop'},
		],
	};
	const {chunks} = await answer([], {handler: jsonHandler(200, body)});
	expect(chunks).toEqual(['first', stop]);
});

// Some servers number each streamed chunk's lone choice (index 1, 2, 3… with n = 1): Microsoft Foundry Local
// (microsoft/foundry-local#263), TGI before huggingface/text-generation-inference#1648. A lone choice is the answer.
test('a lone choice is the answer whatever its index; a choice of another index after it is not mixed in', async () => {
	const {chunks} = await answer([
		{model: 'm', choices: [{index: 1, delta: {content: 'Wh'}}]},
		// A second answer (n > 1, which the library never asks for): left out, not appended.
		{model: 'm', choices: [{index: 2, delta: {content: 'Bonjour'}}]},
		{model: 'm', choices: [{index: 1, delta: {content: 'isper'}, finish_reason: 'stop'}]},
	]);
	expect(chunks).toEqual(['Wh', 'isper', stop]);
});

test('an empty `reasoning` yields no reasoning chunk; then reasoning_details text counts', async () => {
	const {chunks} = await answer([
		chunk({reasoning: ''}),
		chunk({reasoning: '', reasoning_details: [{type: 'reasoning.text', text: 'd'}]}),
		content('x', 'stop'),
	]);
	expect(chunks).toEqual([
		{type: 'reasoning', text: 'd', field: 'reasoning_details', details: [{type: 'reasoning.text', text: 'd'}]},
		'x',
		stop,
	]);
});

test('reasoning_details: only non-empty text entries; null entries, summaries without text and encrypted data are skipped', async () => {
	const {chunks, error} = await answer([
		chunk({
			reasoning_details: [
				null,
				'loose string',
				{type: 'reasoning.text', text: ''},
				{type: 'reasoning.summary', summary: 'a summary'},
				{type: 'reasoning.text', text: 7},
				{type: 'reasoning.encrypted', text: 'ENCRYPTED', data: 'ENCRYPTED'},
				{type: 'reasoning.text', text: 'kept'},
			],
		}),
		content('x', 'stop'),
	]);
	expect(error).toBeUndefined();
	// The text is the text entries'; the entries (objects only) go along whole, to be sent back.
	expect(chunks).toEqual([
		{
			type: 'reasoning',
			text: 'kept',
			field: 'reasoning_details',
			details: [
				{type: 'reasoning.text', text: ''},
				{type: 'reasoning.summary', summary: 'a summary'},
				{type: 'reasoning.text', text: 7},
				{type: 'reasoning.encrypted', text: 'ENCRYPTED', data: 'ENCRYPTED'},
				{type: 'reasoning.text', text: 'kept'},
			],
		},
		'x',
		stop,
	]);
});

test('Mistral content parts: a `thinking` part whose thinking is a plain string is reasoning; an empty or null one yields nothing', async () => {
	const {chunks, error} = await answer([
		chunk({content: [{type: 'thinking', thinking: 'plain'}]}),
		chunk({content: [{type: 'thinking', thinking: ''}]}),
		chunk({content: [{type: 'thinking', thinking: null}]}),
		chunk({content: [{type: 'thinking', thinking: {text: 'object'}}]}),
		content('x', 'stop'),
	]);
	expect(error).toBeUndefined();
	expect(chunks).toEqual([{type: 'reasoning', text: 'plain'}, 'x', stop]);
});

test('Mistral content parts: only `text` parts with non-empty string text are answer: nulls, empty and non-string text, unknown parts skipped', async () => {
	const {chunks, error} = await answer([
		content('Hi'),
		chunk({
			content: [
				null,
				'loose',
				{type: 'text', text: ''},
				{type: 'text', text: 5},
				{type: 'text'},
				{type: 'image_url', text: 'alt text', thinking: 'not reasoning'},
				{type: 'text', text: '!'},
			],
		}),
		content('', 'stop'),
	]);
	expect(error).toBeUndefined();
	expect(chunks).toEqual(['Hi', '!', stop]);
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

test('an answer starting with "<" and a space is text as sent (whitespace after held text is kept in place)', async () => {
	const {chunks} = await answer([content('<'), content(' 5 apples', 'stop')]);
	expect(chunks).toEqual(['< 5 apples', stop]);
});

test('an empty <think></think> block yields no reasoning chunk', async () => {
	const {chunks} = await answer([content('<think></think>Hi', 'stop')]);
	expect(chunks).toEqual(['Hi', stop]);
});

test('a delta that is only the start of </think> yields nothing until it is decided', async () => {
	const {chunks} = await answer([content('<think>a'), content('</th'), content('ink>b', 'stop')]);
	expect(chunks).toEqual([{type: 'reasoning', text: 'a'}, 'b', stop]);
});

test('an answer cut off inside </think> (finish: length) keeps the held piece as reasoning, not text', async () => {
	const {chunks} = await answer([content('<think>abc</th'), chunk({}, {}, 'length')]);
	expect(chunks).toEqual([
		{type: 'reasoning', text: 'abc'},
		{type: 'reasoning', text: '</th'},
		{type: 'finish', reason: 'length'},
	]);
});

test('an answer cut off right after the opening <think> (finish: length) yields no text', async () => {
	const {chunks} = await answer([content('<think>'), chunk({}, {}, 'length')]);
	expect(chunks).toEqual([{type: 'finish', reason: 'length'}]);
});

test('ThinkTagSplitter: reasoning is released as it arrives, holding back only an end that could start </think>', () => {
	const splitter = new ThinkTagSplitter();
	expect(splitter.push('<think>abcdefghij')).toEqual([{type: 'reasoning', text: 'abcdefghij'}]);
	expect(splitter.push('kl</t')).toEqual([{type: 'reasoning', text: 'kl'}]);
	expect(splitter.push('x<')).toEqual([{type: 'reasoning', text: '</tx'}]);
	expect(splitter.push('/thi')).toEqual([]);
	expect(splitter.push('nk>  done')).toEqual(['done']);
});

test('ThinkTagSplitter: once the answer has started, every piece passes as it is, leading whitespace included', () => {
	const splitter = new ThinkTagSplitter();
	expect(splitter.push('Hi')).toEqual(['Hi']);
	expect(splitter.passing).toBe(true);
	expect(splitter.push('  there')).toEqual(['  there']);
	expect(splitter.push('<think>')).toEqual(['<think>']);
});

test('ThinkTagSplitter: up to 64 KiB of leading whitespace is held while <think> may come; past it, the whitespace is text', () => {
	const atLimit = new ThinkTagSplitter();
	expect(atLimit.push(' '.repeat(64 * 1024))).toEqual([]);
	expect(atLimit.push('<think>r</think>a')).toEqual([{type: 'reasoning', text: 'r'}, 'a']);

	const past = new ThinkTagSplitter();
	expect(past.push(' '.repeat(64 * 1024 + 1))).toEqual([' '.repeat(64 * 1024 + 1)]);
	expect(past.passing).toBe(true);
	expect(past.push('<think>r</think>a')).toEqual(['<think>r</think>a']);
});

test('ToolCallAssembler: calls without any id get call_<position> ids, in index order', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 1, function: fn('b', '{}')});
	calls.add({index: 0, function: fn('a', '{}')});
	expect(calls.take()).toEqual([
		{id: 'call_0', type: 'function', function: {name: 'a', arguments: '{}'}},
		{id: 'call_1', type: 'function', function: {name: 'b', arguments: '{}'}},
	]);
});

test('ToolCallAssembler: ids and names that are not non-empty strings are ignored', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 7, function: {name: 9, arguments: '{'}});
	calls.add({index: 0, id: 'call_x', function: {name: 'f', arguments: '}'}});
	expect(calls.take()).toEqual([{id: 'call_x', type: 'function', function: {name: 'f', arguments: '{}'}}]);
});

test('ToolCallAssembler: without index: `id: ""` and a repeated id continue the last call; a new id starts one', () => {
	const calls = new ToolCallAssembler();
	calls.add({id: 'c1', function: fn('f', '{"a"')});
	calls.add({id: '', function: fn('', ':1')});
	calls.add({id: 'c1', function: fn(undefined, '}')});
	calls.add({id: 'c2', function: fn('g', '{}')});
	expect(calls.take()).toEqual([
		{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}},
		{id: 'c2', type: 'function', function: {name: 'g', arguments: '{}'}},
	]);
});

test('ToolCallAssembler: with index: the id repeated on every fragment continues the call', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 'c1', function: fn('f', '{"a"')});
	calls.add({index: 0, id: 'c1', function: fn(undefined, ':1}')});
	expect(calls.take()).toEqual([{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}}]);
});

test('ToolCallAssembler: a fragment without index continues the call before it, even when that call had one', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 'c1', function: fn('f', '{"a"')});
	calls.add({function: fn(undefined, ':1}')});
	expect(calls.take()).toEqual([{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}}]);
});

test('ToolCallAssembler: an index that is not a number counts as none: the fragment continues the last call', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 1, id: 'a', function: fn('f', '{')});
	calls.add({index: 0, id: 'b', function: fn('g', '{')});
	calls.add({index: null, function: fn(undefined, '}')});
	expect(calls.take()).toEqual([
		{id: 'b', type: 'function', function: {name: 'g', arguments: '{}'}},
		{id: 'a', type: 'function', function: {name: 'f', arguments: '{'}},
	]);
});

test('ToolCallAssembler: unknown per-call fields sent as null are not kept; a later real value is', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 'c1', extra_content: null, logprobs: null, function: fn('f', '{}')});
	expect(calls.take()).toEqual([{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}}]);

	const later = new ToolCallAssembler();
	later.add({index: 0, id: 'c1', extra_content: null, function: fn('f', '{}')});
	later.add({index: 0, extra_content: {google: {thought_signature: 'sig'}}});
	expect(later.take()[0]).toEqual({
		id: 'c1',
		type: 'function',
		function: {name: 'f', arguments: '{}'},
		extra_content: {google: {thought_signature: 'sig'}},
	});
});
