import {execFile} from 'node:child_process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {expect, test} from 'vitest';
import {chunk, collect, sleep, sse, textOf, useServer} from '../helpers/server.js';
import {Local} from '../helpers/local-provider.js';

const server = useServer();

test('500 concurrent streams against one server all complete with the right text', async () => {
	server().setHandler(async (request, response) => {
		const id = request.json.messages[0].content;
		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (let index = 0; index < 5; index++) {
			response.write(sse([chunk({content: `${id}.${index} `})], {done: false}));
			await sleep(5);
		}

		response.end(sse([chunk({}, {}, 'stop')]));
	});
	const results = await Promise.all(Array.from({length: 500}, async (_, id) =>
		collect(Local.createAsyncGenerator('', [{role: 'user', content: String(id)}], {stream: true, baseUrl: `${server().url}/v1`}))));
	for (const [id, {chunks, error}] of results.entries()) {
		expect(error).toBeUndefined();
		expect(textOf(chunks)).toBe([0, 1, 2, 3, 4].map(index => `${id}.${index} `).join(''));
	}
}, 60_000);

test('aborting 500 streams at once leaves no open sockets on the server', async () => {
	server().setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		while (!response.destroyed) {
			response.write(': tick\n\n');
			await sleep(50);
		}
	});
	server().requests.length = 0;
	const controller = new AbortController();
	const all = Array.from({length: 500}, async () => {
		try {
			for await (const _ of Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {stream: true, baseUrl: `${server().url}/v1`, signal: controller.signal})) {
				// Comments yield nothing.
			}
		} catch (error) {
			return error;
		}
	});
	// Abort once every stream is being served.
	for (let wait = 0; wait < 500 && server().requests.length < 500; wait++) await sleep(20);
	expect(server().requests).toHaveLength(500);
	const reason = new Error('all stop');
	controller.abort(reason);
	const errors = await Promise.all(all);
	expect(errors.every(error => error === reason)).toBe(true);
	for (let wait = 0; wait < 100 && server().openSockets() > 0; wait++) await sleep(50);
	expect(server().openSockets()).toBe(0);
}, 60_000);

test('a 1,000,000-event stream is consumed with flat memory', async () => {
	const events = 1_000_000;
	const event = Buffer.from(`data: ${JSON.stringify(chunk({content: 'token '}))}\n\n`);
	const block = Buffer.concat(Array.from({length: 1000}, () => event));
	server().setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (let sent = 0; sent < events; sent += 1000) {
			if (!response.write(block)) await new Promise(resolve => response.once('drain', resolve));
		}

		response.end(sse([chunk({}, {}, 'stop')]));
	});
	const root = fileURLToPath(new URL('../..', import.meta.url));
	const {stdout} = await promisify(execFile)(process.execPath, ['--expose-gc', fileURLToPath(new URL('memory-child.mjs', import.meta.url)), pathToFileURL(`${root}dist/index.js`).href, `${server().url}/v1`, String(events)], {timeout: 120_000});
	const result = JSON.parse(stdout);
	console.log('1M-event stream, heap growth (bytes):', result);
	expect(result.count).toBe(events);
	// The text alone would be 6 MB if anything kept it; peak growth stays far below that.
	expect(result.peak).toBeLessThan(4 * 1024 * 1024);
}, 150_000);
