import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {expect, test} from 'vitest';
import {chunk, collect, sleep, sse, startServer, textOf} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {eventually, messages, openStream, useFaultServer} from './fault-server.js';

// Load, bounded to finish in seconds on a shared two-core machine: no assertions on speed, only on correctness,
// memory (after GC, with a generous bound) and sockets left open.

const server = useFaultServer();

test('500 concurrent streams against one server all complete with their own text', async () => {
	server().use(async (request, response) => {
		const id = request.json.messages[0].content as string;
		openStream(response);
		for (let index = 0; index < 5; index++) {
			response.write(sse([chunk({content: `${id}.${index} `})], {done: false}));
			await sleep(5);
		}

		response.end(sse([chunk({}, {usage: {prompt_tokens: 1, completion_tokens: 5, total_tokens: 6}}, 'stop')]));
	});
	const results = await Promise.all(
		Array.from({length: 500}, async (_, id) =>
			collect(
				Local.createAsyncGenerator('', [{role: 'user', content: String(id)}], {stream: true, baseUrl: server().base}),
			),
		),
	);
	for (const [id, {chunks, error}] of results.entries()) {
		expect(error).toBeUndefined();
		expect(textOf(chunks)).toBe([0, 1, 2, 3, 4].map(index => `${id}.${index} `).join(''));
		expect(chunks.slice(-2)).toEqual([
			{type: 'finish', reason: 'stop'},
			{
				type: 'usage',
				promptTokens: 1,
				completionTokens: 5,
				totalTokens: 6,
				raw: {prompt_tokens: 1, completion_tokens: 5, total_tokens: 6},
			},
		]);
	}

	expect(server().requests).toHaveLength(500);
}, 60_000);

test('aborting 500 streams at once leaves no open sockets on the server', async () => {
	// A server of its own: idle keep-alive connections from other tests must not count, nor be reused.
	const own = await startServer(async (_request, response) => {
		openStream(response);
		response.write(sse([chunk({content: 'started'})], {done: false}));
		while (!response.destroyed) {
			response.write(': tick\n\n');
			await sleep(50);
		}
	});
	try {
		const controller = new AbortController();
		let started = 0;
		const all = Array.from({length: 500}, async () => {
			try {
				for await (const item of Local.createAsyncGenerator('', messages, {
					stream: true,
					baseUrl: `${own.url}/v1`,
					signal: controller.signal,
				})) {
					if (item === 'started') started++;
				}
			} catch (error) {
				return error;
			}
		});
		// Abort once every stream is being read.
		expect(await eventually(() => started === 500, 20_000)).toBe(true);
		expect(own.requests).toHaveLength(500);
		expect(own.openSockets()).toBeGreaterThanOrEqual(500);
		const reason = new Error('all stop');
		controller.abort(reason);
		const errors = await Promise.all(all);
		expect(errors.every(error => error === reason)).toBe(true);
		expect(await eventually(() => own.openSockets() === 0, 10_000)).toBe(true);
	} finally {
		await own.close();
	}
}, 60_000);

test('a 1,000,000-event stream is consumed keeping only its text (child process, heap measured after GC)', async () => {
	const events = 1_000_000;
	// 32 characters an event: were the library to keep each chunk it yields, the heap would grow by far more than the bound.
	const text = 'tok-0123456789abcdefghijklmnopqr';
	const first = Buffer.from(sse([chunk({content: text})], {done: false}));
	const event = Buffer.from(`data: ${JSON.stringify({choices: [{delta: {content: text}}]})}\n\n`);
	const block = Buffer.concat(Array.from({length: 1000}, () => event));
	server().use(async (_request, response) => {
		openStream(response);
		response.write(first);
		for (let sent = 1; sent < events && !response.destroyed; sent += 1000) {
			const piece = sent + 1000 > events ? Buffer.concat(Array.from({length: events - sent}, () => event)) : block;
			if (!response.write(piece)) await new Promise(resolve => response.once('drain', resolve).once('close', resolve));
		}

		response.end(sse([chunk({}, {}, 'stop')]));
	});

	// The library as users get it, bundled from src/ (no build step needed before this test).
	const directory = await mkdtemp(join(tmpdir(), 'cablyai-memory-'));
	try {
		const bundle = join(directory, 'cablyai.mjs');
		await build({
			entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
			bundle: true,
			format: 'esm',
			platform: 'node',
			target: 'node22',
			outfile: bundle,
			logLevel: 'silent',
		});
		const {stdout} = await promisify(execFile)(
			process.execPath,
			[
				'--expose-gc',
				fileURLToPath(new URL('memory-child.mjs', import.meta.url)),
				pathToFileURL(bundle).href,
				server().base,
				String(events),
				text,
			],
			{timeout: 90_000},
		);
		const result = JSON.parse(stdout) as {
			count: number;
			wrong: number;
			finish: string;
			samples: number[];
			peak: number;
			after: number;
		};
		console.log('1,000,000-event stream, heap growth after GC (bytes):', {
			peak: result.peak,
			after: result.after,
			samples: result.samples,
		});
		expect(result.count).toBe(events);
		expect(result.wrong).toBe(0);
		expect(result.finish).toBe('stop');
		const mb = 1024 * 1024;
		// The generator keeps the answer text for the result it returns (32 MB here, one byte a character), and
		// nothing else per chunk: keeping each yielded chunk would cost about twice the text.
		const kept = (count: number) => count * text.length;
		expect(result.peak - kept(events)).toBeLessThan(10 * mb);
		// From the first sample (100,000 events in) to the last, no climb beyond the text itself.
		expect(result.samples.at(-1)! - result.samples[0]! - kept(events - 100_000)).toBeLessThan(10 * mb);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}, 120_000);
