import {expect, test} from 'vitest';
import {ResponseError} from '../../src/index.js';
import {Local} from '../helpers/local-provider.js';
import {chunk, collect, type Handler, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// Edges of the parse path (DESIGN.md, "What real servers send") that the other tests left open, through a server:
// what is NOT yielded (empty strings, empty reasoning, fields of the wrong type) and exact chunk boundaries of <think>
// splitting. Assertions compare chunks exactly, unmerged, so an extra empty chunk shows. The unit tests of the parser
// and its parts (no HTTP) are in test/core/parse/.

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
