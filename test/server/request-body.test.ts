// Client mistakes are 400s naming the field (a fuzz test: no body ever gets a 5xx); reading the body has a
// deadline (408); `upstream.deadline` ends an answer that trickles; the 404 does not tell the base path.
import fc from 'fast-check';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {OpenaiTemplate, type ProviderClass} from '../../src/index.js';
import {createHandler} from '../../src/server/index.js';
import {chunk, sleep, sse, startServer, type TestServer} from '../helpers/fake-openai.js';
import {events} from './wire.js';

class Canned extends OpenaiTemplate {
	static override label = 'Canned';
	static override apiBase = 'http://upstream.test/v1';
	static override defaultModel = 'm';
}

// The upstream answers at once without a network: the body still goes through everything the library does with it.
const cannedFetch: typeof fetch = async () =>
	new Response(sse([chunk({content: 'ok'}, {model: 'm'}, 'stop')]), {headers: {'content-type': 'text/event-stream'}});
const handler = createHandler({
	public: true,
	provider: Canned,
	apiKey: 'sk-key-1234',
	upstream: {fetch: cannedFetch, retry: 0},
	onError() {},
});
const post = async (body: string) =>
	handler(
		new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body,
		}),
	);

const deep = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

test.each([
	['content', `{"messages":[{"role":"user","content":${deep(200_000)}}]}`, 'messages'],
	['a content part', `{"messages":[{"role":"user","content":[{"type":"text","text":${deep(200_000)}}]}]}`, 'messages'],
	['tools', `{"messages":[{"role":"user","content":"hi"}],"tools":${deep(200_000)}}`, 'tools'],
	['metadata', `{"messages":[{"role":"user","content":"hi"}],"metadata":${deepObject(100_000)}}`, 'metadata'],
	[
		'response_format',
		`{"messages":[{"role":"user","content":"hi"}],"response_format":${deepObject(100_000)}}`,
		'response_format',
	],
])('200k-deep %s: 400 naming the field', async (_name, body, param) => {
	const response = await post(body);
	expect(response.status).toBe(400);
	expect((await response.json()).error).toMatchObject({type: 'invalid_request_error', param});
});

test.each([
	['content: [null]', {messages: [{role: 'user', content: [null]}]}],
	['content: [1]', {messages: [{role: 'user', content: [1]}]}],
	['a part without a type', {messages: [{role: 'user', content: [{text: 'hi'}]}]}],
	['content: {}', {messages: [{role: 'user', content: {}}]}],
	['role: 5', {messages: [{role: 5, content: 'hi'}]}],
	['a message that is null', {messages: [null]}],
	['tool_calls: "x"', {messages: [{role: 'assistant', content: null, tool_calls: 'x'}]}],
	['tool_calls: [null]', {messages: [{role: 'assistant', content: null, tool_calls: [null]}]}],
	['name: 5', {messages: [{role: 'user', content: 'hi', name: 5}]}],
])('%s: 400 naming messages', async (_name, body) => {
	const response = await post(JSON.stringify(body));
	expect(response.status).toBe(400);
	expect((await response.json()).error.param).toBe('messages');
});

test('fuzz: no request body gets a 5xx', async () => {
	const anything = fc.jsonValue({maxDepth: 4});
	// Mostly well-formed, so that a body gets past the first check and its odd field reaches the code behind it.
	const mostly = <T>(valid: fc.Arbitrary<T>) =>
		fc.oneof({arbitrary: valid, weight: 4}, {arbitrary: anything as fc.Arbitrary<unknown>, weight: 1});
	const part = mostly(
		fc.record(
			{
				type: mostly(fc.constantFrom('text', 'image_url', 'input_audio', 'file')),
				text: mostly(fc.string()),
				image_url: mostly(fc.record({url: mostly(fc.webUrl())})),
			},
			{requiredKeys: ['type']},
		),
	);
	const message = mostly(
		fc.record(
			{
				role: mostly(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function')),
				content: mostly(fc.oneof(fc.string(), fc.constant(null), fc.array(part, {maxLength: 3}))),
				name: anything,
				tool_call_id: anything,
				tool_calls: mostly(
					fc.array(
						mostly(
							fc.record(
								{
									id: mostly(fc.string()),
									type: anything,
									function: mostly(fc.record({name: anything, arguments: anything})),
								},
								{requiredKeys: []},
							),
						),
						{maxLength: 2},
					),
				),
				reasoning_content: anything,
			},
			{requiredKeys: ['role']},
		),
	);
	// Typed fields mostly valid too: one wrong field is a 400 before the rest of the body is looked at.
	const optional = {
		stream: mostly(fc.boolean()),
		stream_options: mostly(fc.record({include_usage: mostly(fc.boolean())})),
		temperature: mostly(fc.double({min: 0, max: 2, noNaN: true})),
		top_p: mostly(fc.double({min: 0, max: 1, noNaN: true})),
		max_tokens: mostly(fc.integer({min: 1, max: 4096})),
		seed: mostly(fc.integer()),
		stop: mostly(fc.array(fc.string(), {maxLength: 2})),
		tools: mostly(fc.array(anything, {maxLength: 2})),
		tool_choice: mostly(fc.constantFrom('auto', 'none', 'required')),
		parallel_tool_calls: mostly(fc.boolean()),
		response_format: mostly(fc.record({type: mostly(fc.constantFrom('text', 'json_object'))})),
		reasoning_effort: mostly(fc.constantFrom('low', 'medium', 'high')),
		user: mostly(fc.string()),
		metadata: anything,
		logit_bias: anything,
		prediction: anything,
	};
	const body = mostly(
		fc.record(
			{
				model: mostly(fc.constant('m')),
				messages: mostly(fc.array(message, {minLength: 1, maxLength: 3})),
				...optional,
			},
			{requiredKeys: ['model', 'messages']},
		),
	);
	await fc.assert(
		fc.asyncProperty(body, async value => {
			const response = await post(JSON.stringify(value));
			const text = await response.text();
			if (response.status >= 500) throw new Error(`${response.status} ${text} for ${JSON.stringify(value)}`);
		}),
		{numRuns: 500},
	);
});

test("a number out of JSON's range and the library's own response_format {schema} are the client's 400s", async () => {
	const cases: Array<[string, string]> = [
		['{"model":"m","messages":[{"role":"user","content":"hi"}],"frequency_penalty":1e999}', 'frequency_penalty'],
		['{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"x":-1e999}]}', 'tools'],
		[
			'{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"schema":{"~standard":{"vendor":"x"}}}}',
			'response_format',
		],
	];
	for (const [body, param] of cases) {
		const response = await post(body);
		expect(response.status, body).toBe(400);
		expect((await response.json()).error.param).toBe(param);
	}
});

test('a body that trickles past bodyTimeout gets 408', async () => {
	const slow = createHandler({public: true, provider: Canned, apiKey: 'sk-key-1234', bodyTimeout: 200, onError() {}});
	let cancelled = false;
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(new TextEncoder().encode('{"messages":'));
		},
		cancel() {
			cancelled = true;
		},
	});
	const response = await slow(
		new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body,
			duplex: 'half',
		} as RequestInit),
	);
	expect(response.status).toBe(408);
	expect((await response.json()).error.code).toBe('request_timeout');
	expect(cancelled).toBe(true);
	expect(() => createHandler({public: true, provider: Canned, bodyTimeout: -1})).toThrow(/bodyTimeout/);
});

let trickle: TestServer;
beforeAll(async () => {
	// A chunk every 100 ms, for a minute: only a deadline on the whole answer ends it early.
	trickle = await startServer(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (let index = 0; index < 600 && !response.destroyed; index++) {
			response.write(sse([chunk({content: `t${index} `}, {model: 'm'})], {done: false}));
			await sleep(100);
		}

		response.end(sse([chunk({}, {model: 'm'}, 'stop')]));
	});
});
afterAll(async () => trickle?.close());

test('upstream.deadline ends an answer that trickles on: a last upstream_timeout event', async () => {
	class Trickling extends OpenaiTemplate {
		static override label = 'Trickling';
		static override apiBase = `${trickle.url}/v1`;
		static override defaultModel = 'm';
	}

	const reported: unknown[] = [];
	const limited = createHandler({
		public: true,
		provider: Trickling as ProviderClass,
		apiKey: 'sk-key-1234',
		upstream: {deadline: 500, retry: 0},
		onError: error => {
			reported.push(error);
		},
	});
	const response = await limited(
		new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({model: 'm', messages: [{role: 'user', content: 'hi'}], stream: true}),
		}),
	);
	expect(response.status).toBe(200);
	const list = events(await response.text());
	expect(list.at(-1)).toMatchObject({error: {code: 'upstream_timeout'}});
	expect(reported).toHaveLength(1);
	expect(() => createHandler({public: true, provider: Canned, upstream: {deadline: -5}})).toThrow(/deadline/);
});

test('the 404 for an unknown path does not tell the base path', async () => {
	const hidden = createHandler({public: true, provider: Canned, basePath: '/hidden-base-4f2a/v1'});
	for (const path of ['/', '/v1/models', '/hidden-base-4f2a/v2/chat/completions']) {
		const response = await hidden(new Request(`http://server.test${path}`));
		expect(response.status).toBe(404);
		expect(await response.text()).not.toContain('hidden-base');
	}
});
