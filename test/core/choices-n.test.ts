import {expect, test} from 'vitest';
import {collect, OpenaiTemplate} from '../../src/index.js';
import {collect as collectChunks, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// `n > 1` is refused up front: the chunk vocabulary is one answer's (one text, one finish reason, one set of tool
// calls), so several choices would have to be told apart on every chunk. Send n requests instead. A server that
// sends more than one choice unasked is read for its first (index 0) only, never mixed.

// Answers anything: a request that should have been refused gets an answer rather than a hang.
const server = useServer((_request, response) => {
	response.writeHead(200, {'content-type': 'text/event-stream'});
	response.end(sse([{model: 'm', choices: [{index: 0, delta: {content: 'a'}, finish_reason: 'stop'}]}]));
});
const messages = [{role: 'user', content: 'x'}] as const;

test.each([2, 5])('`extraBody: {n: %i}` is a TypeError before sending, saying what to do instead', async n => {
	server().requests.length = 0;
	const error = await collect(
		OpenaiTemplate.createAsyncGenerator('m', messages, {baseUrl: server().url, extraBody: {n}}),
	).catch((error_: unknown) => error_);
	expect(error).toBeInstanceOf(TypeError);
	expect((error as Error).message).toContain('`n`');
	expect(server().requests).toHaveLength(0);
});

test('`n: 1` is sent as given', async () => {
	server().setHandler(
		streamHandler([sse([{model: 'm', choices: [{index: 0, delta: {content: 'a'}, finish_reason: 'stop'}]}])]),
	);
	server().requests.length = 0;
	await collect(OpenaiTemplate.createAsyncGenerator('m', messages, {baseUrl: server().url, extraBody: {n: 1}}));
	expect(server().requests[0]!.json.n).toBe(1);
});

test('choices of index 1 arriving one per chunk are not mixed into the answer', async () => {
	const choice = (index: number, content: string, finish: string | null = null) => ({
		id: 'c',
		object: 'chat.completion.chunk',
		model: 'm',
		choices: [{index, delta: {content}, finish_reason: finish}],
	});
	server().setHandler(
		streamHandler([
			sse([choice(0, 'Hel'), choice(1, 'Bon'), choice(1, 'jour', 'stop'), choice(0, 'lo'), choice(0, '!', 'length')]),
		]),
	);
	const {chunks} = await collectChunks(
		OpenaiTemplate.createAsyncGenerator('m', messages, {baseUrl: server().url, stream: true}),
	);
	expect(chunks.filter(item => typeof item === 'string').join('')).toBe('Hello!');
	expect(chunks.filter(item => typeof item === 'object' && item.type === 'finish')).toEqual([
		{type: 'finish', reason: 'length'},
	]);
});
