import {expect, test} from 'vitest';
import {ProviderError, ResponseError, TimeoutError} from '../../src/index.js';
import {chunk, sleep, sse, streamHandler, textOf} from '../helpers/fake-openai.js';
import {eventually, openStream, run, useFaultServer} from './fault-server.js';

// Bad event streams behind a 200 text/event-stream: each ends in the documented error, or is ignored where the
// SSE spec says so, and every text chunk that arrived before is yielded first.

const server = useFaultServer();

const line = (content: string) => `data: ${JSON.stringify(chunk({content}))}`;
const event = (content: string) => `${line(content)}\n\n`;
const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map(part => Buffer.from(part as string)));

test('invalid UTF-8 becomes U+FFFD exactly as a WHATWG decoder reads it; the stream goes on', async () => {
	// A lone continuation byte, an overlong form, an encoded surrogate, a truncated sequence, bytes never valid.
	const bad = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff, 0xfe]];
	const content = bytes('a', ...bad.flatMap(sequence => [sequence, 'b']));
	const body = bytes(
		'data: {"choices":[{"delta":{"content":"',
		[...content],
		'"}}]}\n\n',
		event('c'),
		'data: [DONE]\n\n',
	);
	const {chunks, error} = await run(server(), streamHandler([body]));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe(`${new TextDecoder().decode(content)}c`);
	expect(textOf(chunks)).toContain('\uFFFD');
});

test('invalid bytes at a read boundary, and a valid character split across reads, decode the same as in one piece', async () => {
	const body = bytes(
		'data: {"choices":[{"delta":{"content":"',
		[0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82],
		'x"}}]}\n\ndata: [DONE]\n\n',
	);
	const cut = body.indexOf(0x82); // Inside the euro sign.
	const split = await run(
		server(),
		streamHandler([body.subarray(0, cut), body.subarray(cut, cut + 5), body.subarray(cut + 5)], {gap: 10}),
	);
	const whole = await run(server(), streamHandler([body]));
	expect(split.error).toBeUndefined();
	expect(textOf(split.chunks)).toBe('€😀\uFFFDx');
	expect(textOf(split.chunks)).toBe(textOf(whole.chunks));
});

test('a leading BOM is ignored, even split across reads', async () => {
	const body = bytes([0xef, 0xbb, 0xbf], `${event('ok')}data: [DONE]\n\n`);
	for (const pieces of [[body], [body.subarray(0, 1), body.subarray(1)], [body.subarray(0, 2), body.subarray(2)]]) {
		const {chunks, error} = await run(server(), streamHandler(pieces, {gap: 5}));
		expect(error).toBeUndefined();
		expect(textOf(chunks)).toBe('ok');
	}
});

test('bare CR, CRLF and LF line endings, mixed, and a CRLF split between two reads', async () => {
	const bare = await run(server(), streamHandler([`${line('a')}\r\r${line('b')}\r\rdata: [DONE]\r\r`]));
	expect(bare.error).toBeUndefined();
	expect(textOf(bare.chunks)).toBe('ab');

	const mixed = await run(
		server(),
		streamHandler([`${line('a')}\r\n\r\n${line('b')}\r\r${line('c')}\n\ndata: [DONE]\r\n\r\n`]),
	);
	expect(mixed.error).toBeUndefined();
	expect(textOf(mixed.chunks)).toBe('abc');

	// One event in two data lines: were the CR and LF of one CRLF taken for two line ends, the event would be cut in half.
	const json = JSON.stringify(chunk({content: 'joined'}));
	const half = json.indexOf('"choices"');
	const split = await run(
		server(),
		streamHandler([`data: ${json.slice(0, half)}\r`, `\ndata: ${json.slice(half)}\r`, '\n\r\ndata: [DONE]\r\n\r\n'], {
			gap: 10,
		}),
	);
	expect(split.error).toBeUndefined();
	expect(textOf(split.chunks)).toBe('joined');
});

test('a data line of several MB, sent in 64 KiB pieces', async () => {
	const big = 'x'.repeat(5 * 1024 * 1024);
	const body = `${event('before ')}${line(big)}\n\ndata: [DONE]\n\n`;
	const {chunks, error} = await run(server(), streamHandler(body.match(/[\s\S]{1,65536}/g)!));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe(`before ${big}`);
});

test('comment and unknown-field lines of several MB are skipped', async () => {
	const big = 'y'.repeat(4 * 1024 * 1024);
	const body = `: ${big}\n${event('a')}x-padding: ${big}\n\n${event('b')}data: [DONE]\n\n`;
	const {chunks, error} = await run(server(), streamHandler(body.match(/[\s\S]{1,65536}/g)!));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ab');
});

test('an endless data line is cut off past 64 MiB: ResponseError after the text before, and the connection is closed', async () => {
	let sent = 0;
	let closed = false;
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			response.on('close', () => {
				closed = true;
			});
			response.write(event('before'));
			response.write('data: "');
			const block = Buffer.alloc(1024 * 1024, 'z');
			while (!response.destroyed && sent < 80 * 1024 * 1024) {
				sent += block.length;
				if (!response.write(block))
					await new Promise(resolve => response.once('drain', resolve).once('close', resolve));
			}
		},
		{},
		60_000,
	);
	expect(textOf(chunks)).toBe('before');
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe('Local: unreadable response data (an event longer than 67108864 characters)');
	expect(await eventually(() => closed)).toBe(true);
	expect(sent).toBeLessThan(80 * 1024 * 1024);
}, 60_000);

test('a data line that is not JSON: ResponseError after the earlier text, and the connection is closed', async () => {
	let closed = false;
	const {chunks, error} = await run(server(), async (_request, response) => {
		openStream(response);
		response.on('close', () => {
			closed = true;
		});
		response.write(`${event('first ')}${event('second')}data: {"choices": [oops\n\n`);
		// The server would go on; the client must not wait for it.
		while (!response.destroyed) {
			response.write(event('never'));
			await sleep(20);
		}
	});
	expect(chunks.filter(item => typeof item === 'string')).toEqual(['first ', 'second']);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error).toBeInstanceOf(ProviderError);
	expect(error.message).toMatch(/not JSON/);
	expect(error.message).toContain('{"choices": [oops');
	expect(await eventually(() => closed)).toBe(true);
});

test('a named event whose data is not JSON (a ping) is not part of the answer', async () => {
	const {chunks, error} = await run(
		server(),
		streamHandler([
			`event: ping\ndata: pong\n\n${event('a')}event: heartbeat\ndata: ok\n\n${event('b')}data: [DONE]\n\n`,
		]),
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ab');
});

test('a named event whose data is JSON but no object (a heartbeat timestamp) is not part of the answer either', async () => {
	// Same as a ping above: whether a ping's payload happens to parse as JSON must not decide whether the answer fails.
	const {chunks, error} = await run(
		server(),
		streamHandler([
			`${event('a')}event: heartbeat\ndata: 1699999999\n\nevent: ping\ndata: "ping"\n\n${event('b')}data: [DONE]\n\n`,
		]),
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ab');
});

test('JSON without choices, or with choices/deltas of wrong types, is ignored', async () => {
	const odd = [
		{object: 'ping'},
		{hello: 'world'},
		{},
		{error: null, choices: []},
		{choices: [1, 'two', null]},
		{choices: [{delta: 5}]},
		{choices: [{delta: {content: 5, reasoning_content: {}, refusal: [], tool_calls: 'no'}}]},
		{choices: [{delta: {tool_calls: [5, null, 'x']}}]},
		{choices: [{finish_reason: 5}]},
		{model: 7, usage: 'lots', choices: [{delta: null}]},
	];
	const {chunks, error} = await run(
		server(),
		streamHandler([sse([chunk({content: 'a'}), ...odd, chunk({content: 'b'}, {}, 'stop')])]),
	);
	expect(error).toBeUndefined();
	expect(chunks).toEqual([
		{type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: server().url},
		'a',
		'b',
		{type: 'finish', reason: 'stop'},
	]);
});

test.each([
	['an array', '[1,2]'],
	['a number', '42'],
	['a string', '"text"'],
	['null', 'null'],
	['true', 'true'],
	['choices as an object', '{"choices":{"0":{"delta":{"content":"no"}}}}'],
	['choices as a string', '{"choices":"none"}'],
])('JSON that is %s instead of a chunk: ResponseError after the text before it', async (_what, data) => {
	const {chunks, error} = await run(
		server(),
		streamHandler([`${event('before')}data: ${data}\n\n${event('after')}data: [DONE]\n\n`]),
	);
	expect(textOf(chunks)).toBe('before');
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toMatch(/unreadable response data/);
});

test('event: error with a JSON error object: ResponseError with its message, code and type, after the text', async () => {
	const {chunks, error} = await run(
		server(),
		streamHandler([
			`${event('partial ')}event: error\ndata: {"error":{"message":"upstream overloaded","type":"server_error","code":"overloaded"}}\n\n${event('never')}`,
		]),
	);
	expect(textOf(chunks)).toBe('partial ');
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toContain('upstream overloaded');
	expect(error.code).toBe('overloaded');
	expect(error.type).toBe('server_error');
});

test('event: error with text data, an error object in a plain data event, and an error event without data', async () => {
	const text = await run(server(), streamHandler([`${event('a')}event: error\ndata: Internal failure, try later\n\n`]));
	expect(textOf(text.chunks)).toBe('a');
	expect(text.error).toBeInstanceOf(ResponseError);
	expect(text.error.message).toContain('Internal failure, try later');

	const inData = await run(
		server(),
		streamHandler([`${event('a')}data: {"error":{"message":"quota exceeded mid-stream"}}\n\n`]),
	);
	expect(textOf(inData.chunks)).toBe('a');
	expect(inData.error).toBeInstanceOf(ResponseError);
	expect(inData.error.message).toContain('quota exceeded mid-stream');

	// No data field: the SSE spec dispatches no event at all.
	const empty = await run(server(), streamHandler([`${event('a')}event: error\n\n${event('b')}data: [DONE]\n\n`]));
	expect(empty.error).toBeUndefined();
	expect(textOf(empty.chunks)).toBe('ab');
});

test('garbage after [DONE] is never read', async () => {
	const {chunks, error} = await run(
		server(),
		streamHandler([`${event('a')}data: [DONE]\n\ndata: {broken\n\n<html>`, '\u0000\u0001 more garbage']),
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('a');
});

test('[DONE] while the server keeps the body open: the generator ends at once and closes the connection', async () => {
	let closed = false;
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			response.on('close', () => {
				closed = true;
			});
			response.write(`${event('a')}data: [DONE]\n\n`);
			// Never ends the body.
		},
		{idleTimeout: 10_000},
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('a');
	expect(await eventually(() => closed)).toBe(true);
});

test('a stream of nothing but comments, then silence: TimeoutError (idleTimeout), and the connection is closed', async () => {
	// Comments are bytes: they reset the idle timer, so the stream lives as long as they come; then silence.
	let closed = false;
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			response.on('close', () => {
				closed = true;
			});
			for (let index = 0; index < 6 && !response.destroyed; index++) {
				response.write(': keep-alive\n\n');
				await sleep(100);
			}
		},
		{idleTimeout: 400},
	);
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toMatch(/idleTimeout/);
	expect(await eventually(() => closed)).toBe(true);
});

test('a body that ends inside a data line: the complete events are delivered, then ResponseError', async () => {
	const {chunks, error} = await run(server(), streamHandler([`${event('whole')}${line('cut').slice(0, 30)}`]));
	expect(textOf(chunks)).toBe('whole');
	expect(error).toBeInstanceOf(ResponseError);
});

test('a body that ends between events, with neither [DONE] nor a finish reason: ResponseError (truncated) after the text', async () => {
	for (const body of [
		`${event('a')}${event('b')}`,
		`${event('a')}${line('b')}\n`,
		`${event('a')}${line('b')}`,
		`${event('a')}: comment`,
	]) {
		const {chunks, error} = await run(server(), streamHandler([body]));
		expect(textOf(chunks)).toBe(body.includes('"b"') ? 'ab' : 'a');
		expect(error).toBeInstanceOf(ResponseError);
		expect(error.message).toMatch(/ended before the answer was complete/);
	}
});

test('a body that ends inside a multi-byte character at the very end: ResponseError, text before kept', async () => {
	const body = bytes(event('a'), 'data: {"choices":[{"delta":{"content":"', [0xf0, 0x9f]);
	const {chunks, error} = await run(server(), streamHandler([body]));
	expect(textOf(chunks)).toBe('a');
	expect(error).toBeInstanceOf(ResponseError);
});

test('a finish reason without [DONE] is complete; a final event without its blank line is delivered', async () => {
	const finished = await run(
		server(),
		streamHandler([`${event('a')}${line('b')}\n\n${`data: ${JSON.stringify(chunk({}, {}, 'stop'))}\n\n`}`]),
	);
	expect(finished.error).toBeUndefined();
	expect(finished.chunks.at(-1)).toEqual({type: 'finish', reason: 'stop'});

	const unterminated = await run(
		server(),
		streamHandler([`${event('a')}data: ${JSON.stringify(chunk({content: 'b'}, {}, 'stop'))}`]),
	);
	expect(unterminated.error).toBeUndefined();
	expect(textOf(unterminated.chunks)).toBe('ab');
});

test('text the <think> detection still holds (a partial "<thi", leading blank lines) is yielded before an error event ends the stream', async () => {
	for (const held of ['<thi', '\n\n', '\n<th']) {
		const body = `${event(held)}event: error\ndata: {"error":{"message":"upstream overloaded"}}\n\n`;
		const {chunks, error} = await run(server(), streamHandler([body]));
		expect(error, JSON.stringify(held)).toBeInstanceOf(ResponseError);
		expect(error.message).toContain('upstream overloaded');
		expect(textOf(chunks), JSON.stringify(held)).toBe(held);
	}
});
