import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {expect, test} from 'vitest';
import {IterListProvider, OpenaiTemplate, ProviderError, ResponseError} from '../../src/index.js';
import {chunk, collect, jsonHandler, sse, streamHandler, textOf} from '../helpers/fake-openai.js';
import {messages, run, useFaultServer, within} from './fault-server.js';

// Issue 20, point 2: every answer has a ceiling. The generator keeps the answer for the `ChatResult` it returns; before
// the fix nothing bounded it (0.57 MB of deflate became 300 MB of text, 1.14 MB a raw `RangeError`), and the server
// handler, which never uses that copy, grew by the whole answer per stream.

const server = useFaultServer();
const mib = 1024 * 1024;
const limitMessage = (limit: number) =>
	`Local: the answer exceeds \`maxAnswerLength\` (${limit} characters of text, reasoning and tool calls)`;

test('past 16 MiB of text by default: a ResponseError naming the limit after the text before it, never a RangeError', async () => {
	const piece = 'a'.repeat(mib);
	const events = Array.from({length: 17}, () => sse([chunk({content: piece})], {done: false}));
	const {chunks, error} = await run(server(), streamHandler([...events, sse([chunk({}, {}, 'stop')])]), {}, 60_000);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toBe(limitMessage(16 * mib));
	// Exactly the limit was yielded: the event that crossed it is not.
	expect(textOf(chunks)).toHaveLength(16 * mib);
}, 60_000);

test('maxAnswerLength: text, reasoning and tool-call arguments count against one total, streamed or read whole', async () => {
	const streamed = await run(
		server(),
		streamHandler([
			sse(
				[
					chunk({reasoning_content: 'abc'}),
					chunk({content: 'def'}),
					chunk({tool_calls: [{index: 0, id: 'c', function: {name: 'f', arguments: '{"a":'}}]}),
					chunk({tool_calls: [{index: 0, function: {arguments: '1}'}}]}),
				],
				{done: false},
			),
		]),
		{maxAnswerLength: 12},
	);
	expect(streamed.chunks).toEqual([
		{type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: server().url},
		{type: 'reasoning', text: 'abc', field: 'reasoning_content'},
		'def',
	]);
	expect(streamed.error.message).toBe(limitMessage(12));

	const whole = await run(
		server(),
		jsonHandler(200, {choices: [{message: {content: 'twelve chars'}, finish_reason: 'stop'}]}),
		{stream: false, maxAnswerLength: 11},
	);
	expect(whole.error).toBeInstanceOf(ResponseError);
	expect(whole.error.message).toBe(limitMessage(11));
});

test('a fallback sees the limit as a ProviderError: before any text it moves on, after text it stops', async () => {
	const provider = (name: string) =>
		Object.defineProperties(
			class extends OpenaiTemplate {
				static override defaultModel = 'm';
			},
			{name: {value: name}, apiBase: {value: `${server().url}/${name}/v1`}},
		) as typeof OpenaiTemplate;
	const [Long, Short] = [provider('Long'), provider('Short')];
	const answers: Record<string, string[]> = {Long: ['much too long'], Short: ['ok']};
	server().use((request, response) =>
		streamHandler([
			sse([...(answers[request.url.split('/')[1]!] ?? []).map(text => chunk({content: text})), chunk({}, {}, 'stop')]),
		])(request, response, undefined as never),
	);
	const fallback = new IterListProvider([Long, Short]);
	const movedOn = await within(
		collect(fallback.createAsyncGenerator('m', messages, {stream: true, maxAnswerLength: 5})),
		15_000,
	);
	expect(movedOn.error).toBeUndefined();
	expect(textOf(movedOn.chunks)).toBe('ok');
	const skipped = movedOn.chunks.find(item => typeof item !== 'string' && item.type === 'fallback');
	expect(skipped).toMatchObject({type: 'fallback', from: 'Long'});
	expect((skipped as {error: unknown}).error).toBeInstanceOf(ResponseError);

	answers.Long = ['1234', '56'];
	const stopped = await within(
		collect(fallback.createAsyncGenerator('m', messages, {stream: true, maxAnswerLength: 5})),
		15_000,
	);
	expect(textOf(stopped.chunks)).toBe('1234');
	expect(stopped.error).toBeInstanceOf(ProviderError);
	expect(stopped.error.message).toBe(limitMessage(5).replace('Local', 'Long'));
});

/** Runs bench/answer-memory.js on a bundle of src/ (the library and cablyai/server) in a child process with --expose-gc. */
async function answerMemory(which: 'handler' | 'client', megabytes: number) {
	const directory = await mkdtemp(join(tmpdir(), 'cablyai-answer-'));
	try {
		const bundle = join(directory, 'cablyai.mjs');
		await build({
			stdin: {
				contents: "export * from './src/index.ts'; export {createHandler} from './src/server/index.ts';",
				resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
				loader: 'ts',
			},
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
				fileURLToPath(new URL('../../bench/answer-memory.js', import.meta.url)),
				which,
				String(megabytes),
				pathToFileURL(bundle).href,
			],
			{timeout: 120_000},
		);
		return JSON.parse(stdout) as {end: string; samples: number[]; after: number};
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

test('the handler streams a 32 MB answer, twice the ceiling, whole, its heap flat (child process, heap after GC)', async () => {
	const {end, samples} = await answerMemory('handler', 32);
	console.log('handler, 32 MB answer: live heap over the start at each twentieth (bytes):', samples);
	expect(end).toBe('[DONE]');
	expect(samples).toHaveLength(20);
	// Keeping the answer, the live heap grew with it: about 30 MB from the first twentieth to the last.
	expect(Math.max(...samples) - samples[0]!).toBeLessThan(4 * mib);
	expect(Math.max(...samples)).toBeLessThan(8 * mib);
}, 150_000);

test('a client that keeps nothing: the generator keeps the answer up to the ceiling, then a ResponseError (child process)', async () => {
	const {end, samples, after} = await answerMemory('client', 32);
	console.log('client, 32 MB answer: live heap over the start at each twentieth (bytes):', samples, 'after:', after);
	expect(end).toBe(
		'ResponseError: Upstream: the answer exceeds `maxAnswerLength` (16777216 characters of text, reasoning and tool calls)',
	);
	// The text up to the ceiling (one byte a character), and nothing once the generator has ended.
	expect(Math.max(...samples)).toBeLessThan(16 * mib + 4 * mib);
	expect(after).toBeLessThan(4 * mib);
}, 150_000);
