import fc from 'fast-check';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {OpenaiTemplate, type Chunk} from '../../src/index.js';
import {chunk, collect, sleep, sse, startServer, type TestServer, mergeChunks} from '../helpers/fake-openai.js';

class Local extends OpenaiTemplate {
	static override defaultModel = 'gpt-4o-mini';
}

let server: TestServer;
beforeAll(async () => {
	server = await startServer(() => undefined);
});
afterAll(async () => server.close());

/** Serves `bytes` split at `cuts`, each piece in its own network write (Nagle off, a pause between writes). */
function serveSplit(bytes: Uint8Array, cuts: number[]) {
	server.setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.socket?.setNoDelay(true);
		response.flushHeaders();
		let start = 0;
		for (const cut of [...cuts, bytes.length]) {
			if (cut > start) {
				response.write(bytes.subarray(start, cut));
				await sleep(1);
			}

			start = Math.max(start, cut);
		}

		response.end();
	});
}

async function read(): Promise<Chunk[]> {
	const {chunks, error} = await collect(
		Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
			stream: true,
			baseUrl: `${server.url}/v1`,
			retry: 0,
		}),
	);
	if (error) throw error;
	return chunks;
}

// A recorded-style stream with everything that can be split badly: multi-byte code points, CRLF, comments,
// a multi-line data field, think tags, tool-call fragments, usage after finish and no blank line at the very end.
const recording = [
	': keep-alive\r\n\r\n',
	`data: ${JSON.stringify(chunk({role: 'assistant', content: ''}))}\r\n\r\n`,
	`data: ${JSON.stringify(chunk({content: '<think>Ду'}))}\n\n`,
	`data: ${JSON.stringify(chunk({content: 'маю 🤔</think>'}))}\n\n`,
	'data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini",\ndata: "choices":[{"index":0,"delta":{"content":"Привет, мир! 👋🏽 "}}]}\n\n',
	`data: ${JSON.stringify(chunk({tool_calls: [{index: 0, id: 'call_1', function: {name: 'weather', arguments: '{"city":'}}]}))}\n\n`,
	`data: ${JSON.stringify(chunk({tool_calls: [{index: 0, function: {arguments: '"Zürich"}'}}]}))}\n\n`,
	`data: ${JSON.stringify(chunk({}, {}, 'tool_calls'))}\n\n`,
	`data: ${JSON.stringify({id: 'c', choices: [], usage: {prompt_tokens: 9, completion_tokens: 8, total_tokens: 17}})}\n\n`,
	'data: [DONE]',
].join('');
const bytes = new TextEncoder().encode(recording);
const expected: Chunk[] = [
	// The origin asked: the test server's (known once it listens).
	{
		type: 'provider',
		name: 'Local',
		model: 'gpt-4o-mini',
		get url() {
			return server.url;
		},
	},
	{type: 'reasoning', text: 'Думаю 🤔'},
	'Привет, мир! 👋🏽 ',
	{
		type: 'tool_calls',
		calls: [{id: 'call_1', type: 'function', function: {name: 'weather', arguments: '{"city":"Zürich"}'}}],
	},
	{type: 'finish', reason: 'tool_calls'},
	{
		type: 'usage',
		promptTokens: 9,
		completionTokens: 8,
		totalTokens: 17,
		raw: {prompt_tokens: 9, completion_tokens: 8, total_tokens: 17},
	},
];

test('the recording read in one piece', async () => {
	serveSplit(bytes, []);
	expect(mergeChunks(await read())).toEqual(expected);
});

test('the recording delivered one byte per write', async () => {
	serveSplit(
		bytes,
		Array.from({length: bytes.length}, (_, index) => index),
	);
	expect(mergeChunks(await read())).toEqual(expected);
});

test('any split of the recording into network reads yields the same chunks', async () => {
	await fc.assert(
		fc.asyncProperty(fc.uniqueArray(fc.integer({min: 1, max: bytes.length - 1}), {maxLength: 12}), async cuts => {
			serveSplit(
				bytes,
				cuts.sort((a, b) => a - b),
			);
			expect(mergeChunks(await read())).toEqual(expected);
		}),
		{numRuns: 40},
	);
});

test('each event is yielded as soon as its bytes arrive', async () => {
	let release!: () => void;
	const released = new Promise<void>(resolve => {
		release = resolve;
	});
	server.setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.write(sse([chunk({content: 'first'})], {done: false}));
		// The second event is only sent once the client has yielded the first.
		await released;
		response.end(sse([chunk({content: 'second'}, {}, 'stop')]));
	});
	const seen: Chunk[] = [];
	for await (const item of Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
		stream: true,
		baseUrl: `${server.url}/v1`,
	})) {
		seen.push(item);
		if (item === 'first') release();
	}

	expect(seen.filter(item => typeof item === 'string')).toEqual(['first', 'second']);
});
