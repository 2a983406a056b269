import {gzipSync} from 'node:zlib';
import {expect, test} from 'vitest';
import {ResponseError, TimeoutError} from '../../src/index.js';
import {chunk, collect, sleep, sse, streamHandler} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {messages, run, useFaultServer, within} from './fault-server.js';

// Issue 15: every body read has the idle timer, and none keeps more than a fixed amount in memory. Before the fix,
// bodies of unsupported content types, image answers and model lists were read with `response.text()`: no deadline
// (one byte, then silence, hung forever) and no size limit (a gzip bomb expanded into hundreds of megabytes).

const server = useFaultServer();
const mib = 1024 * 1024;

class Images extends Local {
	static override imageModels = ['img'];
}

/** Headers, one byte of `type`, then silence for as long as the connection lives. */
function oneByteThenSilence(type: string) {
	return (_request: unknown, response: import('node:http').ServerResponse) => {
		response.writeHead(200, {'content-type': type});
		response.write('{');
	};
}

/** A 200 that is a valid completion, image answer and model list at once, 65 MiB once unzipped (66 KiB sent). */
const bomb = gzipSync(
	`{"choices":[{"message":{"content":"hi"},"finish_reason":"stop"}],"data":[{"id":"m","url":"https://x/1.png"}],"pad":"${'a'.repeat(65 * mib)}"}`,
);
const gzipBomb = (_request: unknown, response: import('node:http').ServerResponse) => {
	response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
	response.end(bomb);
};

test('a 200 with an unsupported content type that falls silent after one byte: ResponseError after idleTimeout', async () => {
	const started = Date.now();
	const {error} = await run(server(), oneByteThenSilence('text/html'), {idleTimeout: 300}, 5000);
	expect(error).toBeInstanceOf(ResponseError);
	// The content type is reason enough to fail: what could not be read is quoted as nothing.
	expect(error.message).toBe('Local: unsupported content type text/html (HTTP 200): “”');
	expect(Date.now() - started).toBeGreaterThanOrEqual(280);
});

test('an image answer that falls silent after one byte: TimeoutError (idleTimeout)', async () => {
	server().use(oneByteThenSilence('application/json'));
	const {chunks, error} = await within(
		collect(Images.createAsyncGenerator('img', messages, {baseUrl: server().base, retry: 0, idleTimeout: 300})),
		5000,
	);
	expect(chunks).toEqual([{type: 'provider', name: 'Images', model: 'img', url: server().url}]);
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toMatch(/idleTimeout/);
});

test('getModels: a body that falls silent, or trickles a byte at a time, ends with TimeoutError within `timeout`', async () => {
	server().use(oneByteThenSilence('application/json'));
	const silent = await within(
		Local.getModels({baseUrl: server().base, retry: 0, timeout: 300}).catch((error: unknown) => error),
		5000,
	);
	expect(silent).toBeInstanceOf(TimeoutError);

	// Each byte resets an idle timer: only a deadline for the whole body ends this one.
	server().use(async (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('{"data":[');
		while (!response.destroyed) {
			response.write(' ');
			await sleep(50);
		}
	});
	const trickling = await within(
		Local.getModels({baseUrl: server().base, retry: 0, timeout: 600}).catch((error: unknown) => error),
		5000,
	);
	expect(trickling).toBeInstanceOf(TimeoutError);
	expect((trickling as Error).message).toBe('Local: the model list did not arrive within 600 ms (timeout)');
});

test('a gzip bomb (66 KiB → 65 MiB) as a JSON answer: ResponseError naming the 64 MiB limit', async () => {
	const {chunks, error} = await run(server(), gzipBomb, {stream: false});
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe('Local: the JSON answer exceeds the limit of 64 MiB');
	expect(error.provider).toBe('Local');
});

test('a gzip bomb as an image answer or a model list: ResponseError naming the limit', async () => {
	server().use(gzipBomb);
	const image = await collect(Images.createAsyncGenerator('img', messages, {baseUrl: server().base, retry: 0}));
	expect(image.error).toBeInstanceOf(ResponseError);
	expect(image.error.message).toBe('Images: the image answer exceeds the limit of 64 MiB');

	const models = await Local.getModels({baseUrl: server().base, retry: 0}).catch((error: unknown) => error);
	expect(models).toBeInstanceOf(ResponseError);
	expect((models as Error).message).toBe('Local: the model list exceeds the limit of 64 MiB');
});

test('tool-call arguments that keep growing across events: ResponseError naming the 16 MiB answer limit', async () => {
	const piece = 'a'.repeat(mib);
	const events = [
		chunk({tool_calls: [{index: 0, id: 'call_1', type: 'function', function: {name: 'f', arguments: ''}}]}),
	];
	for (let index = 0; index < 17; index++) events.push(chunk({tool_calls: [{index: 0, function: {arguments: piece}}]}));
	events.push(chunk({}, {}, 'tool_calls'));
	const {chunks, error} = await run(server(), streamHandler([sse(events)]));
	expect(chunks.filter(item => typeof item !== 'string' && item.type === 'tool_calls')).toEqual([]);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe(
		'Local: the answer exceeds `maxAnswerLength` (16777216 characters of text, reasoning and tool calls)',
	);
});

test('breaking out of an image request after the provider chunk closes the connection', async () => {
	server().use((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('{"data":[');
	});
	const closed = server().socketClosed();
	for await (const item of Images.createAsyncGenerator('img', messages, {baseUrl: server().base, retry: 0})) {
		expect(item).toMatchObject({type: 'provider'});
		break;
	}

	await within(closed, 3000, 'the server socket closing');
});
