import {expect, test} from 'vitest';
import {ResponseError, TimeoutError} from '../../src/index.js';
import {chunk, collect, sleep, sse, streamHandler, textOf, type Handler, useServer} from '../helpers/server.js';
import {Local} from '../helpers/local-provider.js';

const server = useServer();

async function run(handler: Handler, options: Record<string, unknown> = {}) {
	server().setHandler(handler);
	return collect(Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {stream: true, baseUrl: `${server().url}/v1`, retry: 0, ...options}));
}

const line = (content: string) => `data: ${JSON.stringify(chunk({content}))}`;
const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map(part => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

test('invalid UTF-8 becomes U+FFFD, the stream goes on', async () => {
	const body = bytes('data: {"choices":[{"delta":{"content":"a', [0xFF, 0xFE], 'b"}}]}\n\n', `${line('c')}\n\n`, 'data: [DONE]\n\n');
	const {chunks, error} = await run(streamHandler([body]));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('a\uFFFD\uFFFDbc');
});

test('a leading BOM is ignored, even split across reads', async () => {
	const body = bytes([0xEF, 0xBB, 0xBF], `${line('ok')}\n\ndata: [DONE]\n\n`);
	const {chunks, error} = await run(streamHandler([body.subarray(0, 2), body.subarray(2)], {gap: 5}));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ok');
});

test('bare CR line endings', async () => {
	const {chunks, error} = await run(streamHandler([`${line('a')}\r\r${line('b')}\r\rdata: [DONE]\r\r`]));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ab');
});

test('a line of several MB', async () => {
	const big = 'x'.repeat(5 * 1024 * 1024);
	const body = `${line(big)}\n\ndata: [DONE]\n\n`;
	const pieces = body.match(/[\s\S]{1,65536}/g)!;
	const {chunks, error} = await run(streamHandler(pieces));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toHaveLength(big.length);
});

test('JSON that is not a chunk: objects without choices are ignored, other shapes are unreadable', async () => {
	const ignored = await run(streamHandler([sse([{object: 'ping'}, {hello: 'world'}, chunk({content: 'a'}, {}, 'stop')])]));
	expect(ignored.error).toBeUndefined();
	expect(textOf(ignored.chunks)).toBe('a');

	for (const bad of ['[1,2]', '42', '"text"', '{"choices":{"0":{}}}']) {
		const {chunks, error} = await run(streamHandler([`${line('before')}\n\ndata: ${bad}\n\n`]));
		expect(textOf(chunks)).toBe('before');
		expect(error).toBeInstanceOf(ResponseError);
	}
});

test('garbage after [DONE] is never read', async () => {
	const {chunks, error} = await run(streamHandler([`${line('a')}\n\ndata: [DONE]\n\ndata: {broken\n\n<html>`]));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('a');
});

test('a stream of nothing but comments, then silence, ends in TimeoutError', async () => {
	// Comments are bytes: they reset the idle timer, so a stream that only ever sends them keeps going;
	// one that sends comments and then falls silent times out.
	const {chunks, error} = await run(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (let index = 0; index < 5; index++) {
			response.write(': keep-alive\n\n');
			await sleep(100);
		}

		await sleep(2000);
		response.end();
	}, {idleTimeout: 300});
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(TimeoutError);
});

test('a body that ends mid-event: the complete part is delivered, then truncation is reported', async () => {
	const {chunks, error} = await run(streamHandler([`${line('whole')}\n\n${line('cut').slice(0, 30)}`]));
	expect(textOf(chunks)).toBe('whole');
	expect(error).toBeInstanceOf(ResponseError);
});

test('a final event without its blank line is delivered', async () => {
	const {chunks, error} = await run(streamHandler([`${line('a')}\n\ndata: ${JSON.stringify(chunk({content: 'b'}, {}, 'stop'))}`]));
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ab');
});
