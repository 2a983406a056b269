// The upstream chat APIs behind the handler in test/server: real node:http servers on 127.0.0.1.
import {createServer} from 'node:http';
import type {Socket} from 'node:net';
import {type ApiRequest, recordApiRequest} from '../helpers/api-request.js';
import {listenOnLoopback} from '../helpers/listen.js';
import {chunk, sleep, sse} from '../helpers/server.js';

/** A request the upstream received. */
export type UpstreamRequest = ApiRequest;

export interface Upstream {
	url: string;
	requests: UpstreamRequest[];
	/** POSTs whose prompt is `prompt`. */
	posts(prompt?: string): UpstreamRequest[];
	close(): Promise<void>;
}

const usage = {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8};

/** Scenario `hello`: reasoning, text in three deltas, finish, then usage in a chunk of its own. */
export const helloChunks = [
	chunk({role: 'assistant', content: ''}, {model: 'test-model'}),
	chunk({reasoning_content: 'The user '}, {model: 'test-model'}),
	chunk({reasoning_content: 'greets.'}, {model: 'test-model'}),
	chunk({content: 'Hello'}, {model: 'test-model'}),
	chunk({content: ', world'}, {model: 'test-model'}),
	chunk({content: '!'}, {model: 'test-model'}, 'stop'),
	{id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [], usage},
];

/** Scenario `hello` as a client of the handler reads it, through the tests' `deltas()`. */
export const helloDeltas = [
	{role: 'assistant', content: ''},
	{reasoning_content: 'The user greets.'},
	{content: 'Hello'},
	{content: ', world'},
	{content: '!'},
	{finish_reason: 'stop'},
	{usage: {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8}},
	'[DONE]',
];

/** Scenario `tools`: reasoning in `<think>` tags split across deltas, then two interleaved tool calls. */
export const toolChunks = [
	chunk({content: '<thi'}, {model: 'test-model'}),
	chunk({content: 'nk>Need the weather.</th'}, {model: 'test-model'}),
	chunk({content: 'ink>'}, {model: 'test-model'}),
	chunk(
		{tool_calls: [{index: 0, id: 'call_a', type: 'function', function: {name: 'weather', arguments: ''}}]},
		{model: 'test-model'},
	),
	chunk(
		{tool_calls: [{index: 1, id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":'}}]},
		{model: 'test-model'},
	),
	chunk({tool_calls: [{index: 0, function: {arguments: '{"city":'}}]}, {model: 'test-model'}),
	chunk({tool_calls: [{index: 0, function: {arguments: '"Oslo"}'}}]}, {model: 'test-model'}),
	chunk({tool_calls: [{index: 1, function: {arguments: '"CET"}'}}]}, {model: 'test-model'}),
	chunk({}, {model: 'test-model'}, 'tool_calls'),
	{
		id: 'chatcmpl-1',
		object: 'chat.completion.chunk',
		created: 1,
		model: 'test-model',
		choices: [],
		usage: {prompt_tokens: 9, completion_tokens: 7, total_tokens: 16},
	},
];

export const toolCalls = [
	{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
	{id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":"CET"}'}},
];

/** Scenario `json`: a JSON answer (for structured-output formats) split inside a string. */
const jsonText = '{"city":"Oslo","temperature":3}';
const jsonChunks = [
	chunk({role: 'assistant', content: jsonText.slice(0, 11)}, {model: 'test-model'}),
	chunk({content: jsonText.slice(11)}, {model: 'test-model'}, 'stop'),
	{id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [], usage},
];

const refusalChunks = [
	chunk({role: 'assistant', content: '', refusal: null}, {model: 'test-model'}),
	chunk({refusal: "I can't help with that."}, {model: 'test-model'}),
	chunk({}, {model: 'test-model'}, 'stop'),
];

/** `count-N`: N numbered text events `t0 `, `t1 `, … written in blocks of 50, then finish and usage. */
function countChunks(count: number): unknown[] {
	return [
		...Array.from({length: count}, (_, index) => chunk({content: `t${index} `}, {model: 'test-model'})),
		chunk({}, {model: 'test-model'}, 'stop'),
		{
			id: 'chatcmpl-1',
			object: 'chat.completion.chunk',
			created: 1,
			model: 'test-model',
			choices: [],
			usage: {prompt_tokens: 1, completion_tokens: count, total_tokens: count + 1},
		},
	];
}

/** One token's log probability as OpenAI reports it, with one alternative. */
const tokenLogprob = (token: string, logprob: number) => ({
	token,
	logprob,
	bytes: [...new TextEncoder().encode(token)],
	top_logprobs: [
		{token, logprob, bytes: [...new TextEncoder().encode(token)]},
		{token: 'x', logprob: -9, bytes: [120]},
	],
});

/** Scenario `logprobs`: `Hello, world!` in two deltas, each with the log probabilities of its tokens. */
export const logprobsContent = [tokenLogprob('Hello', -0.25), tokenLogprob(',', -0.5), tokenLogprob(' world!', -1)];
const logprobsChunks = [
	chunk({role: 'assistant', content: 'Hello'}, {model: 'test-model'}),
	chunk({content: ', world!'}, {model: 'test-model'}, 'stop'),
	{id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [], usage},
];
(logprobsChunks[0] as any).choices[0].logprobs = {content: logprobsContent.slice(0, 1), refusal: null};
(logprobsChunks[1] as any).choices[0].logprobs = {content: logprobsContent.slice(1), refusal: null};

/** The JSON completion a non-streamed request gets for the same scenario. */
function completion(prompt: string): unknown {
	if (prompt === 'logprobs') {
		return {
			id: 'chatcmpl-1',
			object: 'chat.completion',
			created: 1,
			model: 'test-model',
			choices: [
				{
					index: 0,
					message: {role: 'assistant', content: 'Hello, world!'},
					logprobs: {content: logprobsContent, refusal: null},
					finish_reason: 'stop',
				},
			],
			usage,
		};
	}

	const message =
		prompt === 'tools'
			? {role: 'assistant', content: '<think>Need the weather.</think>', tool_calls: toolCalls}
			: prompt === 'json'
				? {role: 'assistant', content: jsonText}
				: {role: 'assistant', content: 'Hello, world!', reasoning_content: 'The user greets.'};
	return {
		id: 'chatcmpl-1',
		object: 'chat.completion',
		created: 1,
		model: 'test-model',
		choices: [{index: 0, message, finish_reason: prompt === 'tools' ? 'tool_calls' : 'stop'}],
		usage,
	};
}

/**
An OpenAI-compatible upstream. POST …/chat/completions answers by the last message's text: `hello`, `tools`,
`refuse`, `json`, `logprobs` (text with log probabilities, asked for or not), `count-N` (streamed, or as one JSON completion when `stream` is false), `limit` (429, Retry-After 7),
`fail` (500), `bad-param` (400 naming `temperature`), `echo-key` (400 whose message quotes the Authorization header), `midstream` (text, then an error
event), `long` (two events every 10 ms for 5 s, until the client goes away), `stall` (four events, then 10 s of silence), `quiet` / `quiet-mid` (`hello` with 12 s of silence before / after its first word),
`hang` (never answers).
`broken: true` answers every request with 500.
*/
export async function startUpstream({broken = false} = {}): Promise<Upstream> {
	const requests: UpstreamRequest[] = [];
	const closings = new WeakMap<Socket, Promise<void>>();
	const server = createServer(async (raw, response) => {
		const request = await recordApiRequest(raw, closings);
		const {json} = request;
		const {socket} = raw;
		requests.push(request);
		const fail = (status: number, body: unknown, headers: Record<string, string> = {}) => {
			response.writeHead(status, {'content-type': 'application/json', ...headers});
			response.end(JSON.stringify(body));
			request.ended = true;
		};

		if (broken) return fail(500, {error: {message: 'The broken upstream is down', type: 'server_error'}});
		if (request.method !== 'POST' || !request.path.endsWith('/chat/completions'))
			return fail(404, {error: {message: 'not found'}});
		const {prompt} = request;
		if (prompt === 'limit')
			return fail(
				429,
				{error: {message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded'}},
				{'retry-after': '7'},
			);
		if (prompt === 'fail') return fail(500, {error: {message: 'The upstream failed', type: 'server_error'}});
		if (prompt === 'echo-key')
			return fail(400, {
				error: {
					message: `Invalid request from ${String(request.headers.authorization)}`,
					type: 'invalid_request_error',
					code: 'bad_request',
				},
			});
		if (prompt === 'bad-param')
			return fail(400, {
				error: {
					message: 'temperature must be at most 2',
					type: 'invalid_request_error',
					param: 'temperature',
					code: 'invalid_value',
				},
			});
		if (prompt === 'hang') return;
		if (json?.stream !== true) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify(completion(prompt)));
			request.ended = true;
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache'});
		response.flushHeaders();
		if (prompt === 'long') {
			for (let index = 0; index < 1000; index += 2) {
				if (response.destroyed || socket.destroyed) return;
				response.write(
					sse(
						[
							chunk({content: `w${index} `}, {model: 'test-model'}),
							chunk({content: `w${index + 1} `}, {model: 'test-model'}),
						],
						{done: false},
					),
				);
				request.written += 2;
				await sleep(10);
			}

			response.end(sse([chunk({}, {model: 'test-model'}, 'stop')]));
			request.ended = true;
			return;
		}

		if (prompt === 'stall') {
			// Four events, then silence: only an abort (not the next chunk) can end the request early.
			response.write(
				sse(
					['w0 ', 'w1 ', 'w2 ', 'w3 '].map(text => chunk({content: text}, {model: 'test-model'})),
					{done: false},
				),
			);
			request.written = 4;
			for (let waited = 0; waited < 10_000; waited += 50) {
				if (response.destroyed || socket.destroyed) return;
				await sleep(50);
			}

			response.end(sse([chunk({}, {model: 'test-model'}, 'stop')]));
			request.ended = true;
			return;
		}

		if (prompt === 'quiet' || prompt === 'quiet-mid') {
			// 12 s of silence (a reasoning model thinking), longer than Bun's idle timeout: before the first word (`quiet`,
			// only the role comes first) or after it (`quiet-mid`, `Hello` first).
			const before = prompt === 'quiet' ? 1 : 4;
			response.write(sse(helloChunks.slice(0, before), {done: false}));
			for (let waited = 0; waited < 12_000; waited += 50) {
				if (response.destroyed || socket.destroyed) return;
				await sleep(50);
			}

			response.end(sse(helloChunks.slice(before)));
			request.ended = true;
			return;
		}

		if (prompt === 'midstream') {
			response.write(sse([chunk({content: 'Partial '}, {model: 'test-model'})], {done: false}));
			await sleep(20);
			response.end(
				sse([{error: {message: 'The model crashed', type: 'server_error', code: 'model_crashed'}}], {done: false}),
			);
			request.ended = true;
			return;
		}

		const counted = /^count-(\d+)$/.exec(prompt);
		if (counted) {
			const all = countChunks(Number(counted[1]));
			for (let index = 0; index < all.length; index += 50) {
				if (response.destroyed) return;
				response.write(sse(all.slice(index, index + 50), {done: false}));
				await sleep(1);
			}

			response.end('data: [DONE]\n\n');
			request.ended = true;
			return;
		}

		const body =
			prompt === 'tools'
				? toolChunks
				: prompt === 'refuse'
					? refusalChunks
					: prompt === 'json'
						? jsonChunks
						: prompt === 'logprobs'
							? logprobsChunks
							: helloChunks;
		// One write per event, so the handler reads a real stream rather than one buffer.
		for (const item of body) {
			if (response.destroyed) return;
			response.write(sse([item], {done: false}));
			await sleep(2);
		}

		response.end('data: [DONE]\n\n');
		request.ended = true;
	});
	const listening = await listenOnLoopback(server);
	return {
		url: listening.url,
		requests,
		posts: prompt =>
			requests.filter(item => item.method === 'POST' && (prompt === undefined || item.prompt === prompt)),
		async close() {
			await listening.close();
		},
	};
}
