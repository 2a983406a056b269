import {expect, test} from 'vitest';
import {ResponseError, TimeoutError} from '../../src/index.js';
import {chunk, collect, type Handler, sleep, sse, streamHandler, textOf, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// How a 2xx body is read, chosen by its content type, and what is said when it cannot be: exact messages, so a change
// in the choice or the wording shows. (Faults and timing are in test/reliability/.)

const server = useServer();
const messages = [{role: 'user' as const, content: 'x'}];

async function run(handler: Handler, options: {stream?: boolean; idleTimeout?: number | false} = {}) {
	server().setHandler(handler);
	return collect(
		Local.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server().url}/v1`, retry: 0, ...options}),
	);
}

const reply =
	(type: string | undefined, body: string, status = 200): Handler =>
	(_request, response) => {
		response.writeHead(status, type === undefined ? {} : {'content-type': type});
		response.end(body);
	};

const completion = JSON.stringify({choices: [{message: {content: 'whole'}, finish_reason: 'stop'}]});
const stream = sse([chunk({content: 'streamed'}, {}, 'stop')]);

test('the content type decides how a body is read, whatever was asked; none at all follows the request', async () => {
	expect(textOf((await run(reply('Text/Event-Stream; charset=utf-8', stream), {stream: false})).chunks)).toBe(
		'streamed',
	);
	expect(textOf((await run(reply('application/vnd.api+json', completion))).chunks)).toBe('whole');
	expect(textOf((await run(reply(undefined, stream))).chunks)).toBe('streamed');
	expect(textOf((await run(reply(undefined, completion), {stream: false})).chunks)).toBe('whole');
});

test('an unsupported content type is named with the start of the body, trimmed and cut at 120 characters with an ellipsis', async () => {
	const short = await run(reply('text/plain', '  Service temporarily unavailable \n'));
	expect(short.chunks).toEqual([]);
	expect(short.error).toBeInstanceOf(ResponseError);
	expect(short.error.message).toBe(
		'Local: unsupported content type text/plain (HTTP 200): “Service temporarily unavailable”',
	);
	expect([short.error.status, short.error.provider]).toEqual([200, 'Local']);

	const long = await run(reply('text/csv', `${'a'.repeat(120)}b`, 203));
	expect(long.error.message).toBe(`Local: unsupported content type text/csv (HTTP 203): “${'a'.repeat(120)}…”`);
	expect(long.error.status).toBe(203);

	const html = await run(reply('text/html', '<!DOCTYPE html><html><title>Login</title></html>'));
	expect(html.error.message).toBe('Local: unsupported content type text/html (HTTP 200): an HTML page');
});

test('bodies that hold no answer: exact messages', async () => {
	const noBody = await run((_request, response) => {
		response.writeHead(204);
		response.end();
	});
	expect(noBody.error).toBeInstanceOf(ResponseError);
	expect(noBody.error.message).toBe('Local: unreadable response data (empty body)');

	const noChoices = await run(reply('application/json', '{"status":"ok"}'));
	expect(noChoices.error.message).toBe(
		'Local: unreadable response data (no `choices` in the JSON body): {"status":"ok"}',
	);

	const notJson = await run(reply('application/json', '{"choices": ['));
	expect(notJson.error.message).toBe('Local: unreadable response data (not JSON): {"choices": [');

	const scalar = await run(reply('application/json', '42'));
	expect(scalar.error.message).toBe('Local: unreadable response data (no `choices` in the JSON body): 42');
});

test('a JSON body with `error: null` beside its choices is an answer', async () => {
	const {chunks, error} = await run(
		reply(
			'application/json',
			JSON.stringify({error: null, choices: [{message: {content: 'fine'}, finish_reason: 'stop'}]}),
		),
		{stream: false},
	);
	expect(error).toBeUndefined();
	expect(chunks).toEqual(['fine', {type: 'finish', reason: 'stop'}]);
});

test('events: empty data is skipped; `event: message` is the default event; a named event holding a JSON object is read', async () => {
	const fine = await run(
		streamHandler([
			`data:\n\n${sse([chunk({content: 'a'})], {done: false})}event: delta\ndata: ${JSON.stringify(chunk({content: 'b'}))}\n\nevent: ping\ndata: [1]\n\nevent: ping\ndata: null\n\n${sse([chunk({content: 'c'}, {}, 'stop')])}`,
		]),
	);
	expect(fine.error).toBeUndefined();
	expect(textOf(fine.chunks)).toBe('abc');

	const unnamed = await run(
		streamHandler([`${sse([chunk({content: 'a'})], {done: false})}event: message\ndata: {oops\n\n`]),
	);
	expect(textOf(unnamed.chunks)).toBe('a');
	expect(unnamed.error.message).toBe('Local: unreadable response data (not JSON): {oops');
});

test('nothing is read after [DONE], and a stream without it ends at its finish reason and the end of the body', async () => {
	const done = await run(streamHandler([`${sse([chunk({content: 'a'})])}data: {oops\n\n`]));
	expect(done.error).toBeUndefined();
	expect(textOf(done.chunks)).toBe('a');

	const finished = await run(streamHandler([sse([chunk({content: 'a'}, {}, 'stop')], {done: false})]));
	expect(finished.error).toBeUndefined();
	expect(finished.chunks.slice(1)).toEqual(['a', {type: 'finish', reason: 'stop'}]);
});

test('a stream that ends with neither [DONE] nor a finish reason: the text, then a ResponseError saying so', async () => {
	const {chunks, error} = await run(streamHandler([sse([chunk({content: 'half'})], {done: false})]));
	expect(chunks.slice(1)).toEqual(['half']);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe('Local: the stream ended before the answer was complete (no [DONE] and no finish reason)');
	expect(error.provider).toBe('Local');
});

test('idleTimeout: false sets no limit on the silence between reads', async () => {
	const {chunks, error} = await run(
		async (_request, response) => {
			response.writeHead(200, {'content-type': 'text/event-stream'});
			response.flushHeaders();
			response.write(sse([chunk({content: 'a'})], {done: false}));
			await sleep(400);
			response.end(sse([chunk({content: 'b'}, {}, 'stop')]));
		},
		{idleTimeout: false},
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ab');
});

test('an unsupported body that never ends: only its start is read, quoted, and the connection is closed', async () => {
	let closed = false;
	const {error} = await run(
		async (_request, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			response.flushHeaders();
			response.on('close', () => {
				closed = true;
			});
			// The start in two writes (two reads), then more than is ever read, and no end.
			response.write('a'.repeat(60));
			await sleep(50);
			response.write(`${'a'.repeat(140)}${'b'.repeat(100 * 1024)}`);
		},
		{idleTimeout: 10_000},
	);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe(`Local: unsupported content type text/plain (HTTP 200): “${'a'.repeat(120)}…”`);
	for (let waited = 0; !closed && waited < 5000; waited += 20) await sleep(20);
	expect(closed).toBe(true);
});

test('an unsupported content type without a body (HTTP 204) quotes nothing', async () => {
	const {error} = await run(reply('text/plain', '', 204));
	expect(error.message).toBe('Local: unsupported content type text/plain (HTTP 204): “”');
});

test("an abort while an unsupported body is read rejects with the signal's reason", async () => {
	server().setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/plain'});
		response.write('a');
	});
	const controller = new AbortController();
	const reason = new Error('caller gave up');
	setTimeout(() => {
		controller.abort(reason);
	}, 200);
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: `${server().url}/v1`,
			retry: 0,
			signal: controller.signal,
		}),
	);
	expect(error).toBe(reason);
});

test('text held back (it could have been the start of <think>) is released before a failure', async () => {
	const {chunks, error} = await run(streamHandler([`${sse([chunk({content: '<th'})], {done: false})}data: {oops\n\n`]));
	expect(textOf(chunks)).toBe('<th');
	expect(error).toBeInstanceOf(ResponseError);
});

class Painter extends Local {
	static override imageModels = ['paint'];
}

test("an image answer: the idle timer counts only the server's silence, not a consumer pausing after the provider chunk", async () => {
	server().setHandler((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end(JSON.stringify({data: [{url: 'https://img.test/1.png'}]}));
	});
	const idleTimeout = 300;
	const chunks: unknown[] = [];
	let error: unknown;
	try {
		for await (const item of Painter.createAsyncGenerator('paint', messages, {
			baseUrl: `${server().url}/v1`,
			retry: 0,
			idleTimeout,
		})) {
			chunks.push(item);
			await sleep(3 * idleTimeout);
		}
	} catch (caught) {
		error = caught;
	}

	expect(error).toBeUndefined();
	expect(error).not.toBeInstanceOf(TimeoutError);
	expect(chunks.at(-1)).toEqual({type: 'images', urls: ['https://img.test/1.png'], prompt: 'x'});
});
