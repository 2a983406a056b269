// The tests' fake OpenAI-compatible API: one loopback node:http server, either scripted by the test (`startServer`,
// `useServer` with a handler, see `streamHandler` and `jsonHandler`) or answering named scenarios picked by the last
// message's text (`startFakeOpenai`). Special-purpose fault servers (byte-level faults) live beside their suites;
// test/README.md says which and why.
import {afterAll, beforeAll} from 'vitest';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {type ApiRequest, recordApiRequest} from './api-request.js';
import {listenOnLoopback} from './listen.js';
import {within} from './within.js';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	json: any;
}

export type Handler = (
	request: RecordedRequest,
	response: ServerResponse,
	raw: IncomingMessage,
) => void | Promise<void>;

export interface TestServer {
	url: string;
	/** Every request seen, in order. */
	requests: RecordedRequest[];
	/** Resolves when the socket of the next (or current) response closes. */
	socketClosed(): Promise<void>;
	openSockets(): number;
	setHandler(handler: Handler): void;
	close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records requests and answers with the current handler. */
export async function startServer(handler: Handler): Promise<TestServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	let closeWaiters: Array<() => void> = [];
	const server = createServer(async (raw, response) => {
		const chunks: Buffer[] = [];
		for await (const chunk of raw) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		let json: unknown;
		try {
			json = JSON.parse(body);
		} catch {}

		const request = {method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body, json};
		requests.push(request);
		response.on('close', () => {
			const waiters = closeWaiters;
			closeWaiters = [];
			for (const waiter of waiters) waiter();
		});
		try {
			await current(request, response, raw);
		} catch (error) {
			if (!response.headersSent) response.writeHead(599);
			response.end(String(error));
		}
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		socketClosed: async () => new Promise(resolve => closeWaiters.push(resolve)),
		openSockets: () => sockets.size,
		setHandler(next) {
			current = next;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

export const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** An SSE body from chunk objects: `data: {json}\n\n` each, then `data: [DONE]\n\n`. */
export function sse(chunks: unknown[], {done = true} = {}): string {
	return chunks.map(chunk => `data: ${JSON.stringify(chunk)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** A `chat.completion.chunk` with one choice. */
export function chunk(
	delta: Record<string, unknown> | undefined,
	extra: Record<string, unknown> = {},
	finishReason: string | null = null,
): Record<string, unknown> {
	return {
		id: 'chatcmpl-1',
		object: 'chat.completion.chunk',
		created: 1,
		model: 'gpt-4o-mini',
		choices: [{index: 0, ...(delta === undefined ? {} : {delta}), finish_reason: finishReason}],
		...extra,
	};
}

/** A handler that writes `body` (string or byte pieces) as an event stream, one write per piece, `gap` ms apart. */
export function streamHandler(
	pieces: Array<string | Uint8Array>,
	{gap = 0, status = 200, contentType = 'text/event-stream', end = true} = {},
): Handler {
	return async (_request, response) => {
		response.writeHead(status, {'content-type': contentType, 'cache-control': 'no-cache'});
		response.flushHeaders();
		for (const piece of pieces) {
			if (response.destroyed) return;
			response.write(piece);
			if (gap) await sleep(gap);
		}

		if (end) response.end();
	};
}

export function jsonHandler(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
	return (_request, response) => {
		response.writeHead(status, {'content-type': 'application/json', ...headers});
		response.end(typeof body === 'string' ? body : JSON.stringify(body));
	};
}

/** Everything a generator yields, or the error it ended with (and what came before). */
export async function collect<T>(generator: AsyncIterable<T>): Promise<{chunks: T[]; error?: any}> {
	const chunks: T[] = [];
	try {
		for await (const item of generator) chunks.push(item);
		return {chunks};
	} catch (error) {
		return {chunks, error};
	}
}

/** Joins the answer text of collected chunks. */
export function textOf(chunks: unknown[]): string {
	return chunks.filter((item): item is string => typeof item === 'string').join('');
}

/**
Merges adjacent text and adjacent reasoning chunks of the same field: how they split depends on the network, not the
answer.
*/
export function mergeChunks<T>(chunks: T[]): T[] {
	const result: any[] = [];
	for (const item of chunks as any[]) {
		const last = result.at(-1);
		if (typeof item === 'string' && typeof last === 'string') result[result.length - 1] = last + item;
		else if (item?.type === 'reasoning' && last?.type === 'reasoning' && last.field === item.field) {
			// The field says where the text came from; a stream's reasoning_details entries are kept in order.
			const merged = {...last, text: last.text + item.text};
			if (item.details) merged.details = [...(last.details ?? []), ...item.details];
			result[result.length - 1] = merged;
		} else result.push(item);
	}

	return result;
}

/** A server for the whole test file, started before its tests and closed after them; call to get it. */
export function useServer(handler: Handler = () => undefined): () => TestServer {
	let server: TestServer | undefined;
	beforeAll(async () => {
		server = await startServer(handler);
	});
	afterAll(async () => server?.close());
	return () => server!;
}

export type {ApiRequest} from './api-request.js';

/** How a scenario server words its answers. */
export interface ScenarioOptions {
	/** The `model` of every chunk and completion; `test-model` unless set. */
	model?: string;
	/** Who `hello` greets: `Hello, <greeting>!`; `world` unless set. The runtime suites use `runtime`. */
	greeting?: string;
	/** Whether `tools` ends with a usage chunk; true unless set (the runtime suites expect none). */
	toolUsage?: boolean;
	/** Answer every request with 500. */
	broken?: boolean;
}

/** A running scenario server; see `startFakeOpenai`. */
export interface FakeOpenai {
	url: string;
	/** Every request seen, in order. */
	requests: ApiRequest[];
	/** POSTs whose prompt is `prompt` (all POSTs without one). */
	posts(prompt?: string): ApiRequest[];
	/** POSTs whose path starts with `prefix`. */
	postsUnder(prefix?: string): ApiRequest[];
	/** OPTIONS preflights whose path starts with `prefix`. */
	preflights(prefix?: string): ApiRequest[];
	/** Lets the current `gated` response go on past its first two chunks. */
	openGate(): void;
	close(): Promise<void>;
}

const usage = {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8};

const usageChunk = (model: string, counts: Record<string, number> = usage) => ({
	id: 'chatcmpl-1',
	object: 'chat.completion.chunk',
	created: 1,
	model,
	choices: [],
	usage: counts,
});

/** Scenario `hello`: reasoning, text in three deltas, finish, then usage in a chunk of its own. */
export function helloChunksOf({model = 'test-model', greeting = 'world'}: ScenarioOptions = {}): unknown[] {
	return [
		chunk({role: 'assistant', content: ''}, {model}),
		chunk({reasoning_content: 'The user '}, {model}),
		chunk({reasoning_content: 'greets.'}, {model}),
		chunk({content: 'Hello'}, {model}),
		chunk({content: `, ${greeting}`}, {model}),
		chunk({content: '!'}, {model}, 'stop'),
		usageChunk(model),
	];
}

/** Scenario `tools`: reasoning in `<think>` tags split across deltas, then two interleaved tool calls. */
export function toolChunksOf({model = 'test-model', toolUsage = true}: ScenarioOptions = {}): unknown[] {
	return [
		chunk({content: '<thi'}, {model}),
		chunk({content: 'nk>Need the weather.</th'}, {model}),
		chunk({content: 'ink>'}, {model}),
		chunk(
			{tool_calls: [{index: 0, id: 'call_a', type: 'function', function: {name: 'weather', arguments: ''}}]},
			{model},
		),
		chunk(
			{tool_calls: [{index: 1, id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":'}}]},
			{model},
		),
		chunk({tool_calls: [{index: 0, function: {arguments: '{"city":'}}]}, {model}),
		chunk({tool_calls: [{index: 0, function: {arguments: '"Oslo"}'}}]}, {model}),
		chunk({tool_calls: [{index: 1, function: {arguments: '"CET"}'}}]}, {model}),
		chunk({}, {model}, 'tool_calls'),
		...(toolUsage ? [usageChunk(model, {prompt_tokens: 9, completion_tokens: 7, total_tokens: 16})] : []),
	];
}

/** Scenario `hello` of the default server, as chunks on the wire. */
export const helloChunks = helloChunksOf();

/** Scenario `hello` as a client of the server handler reads it, through the tests' `deltas()`. */
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

/** Scenario `tools` of the default server, as chunks on the wire. */
export const toolChunks = toolChunksOf();

/** The two tool calls of scenario `tools`, whole. */
export const toolCalls = [
	{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
	{id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":"CET"}'}},
];

/** Scenario `json`: a JSON answer (for structured-output formats) split inside a string. */
const jsonText = '{"city":"Oslo","temperature":3}';
const jsonChunksOf = (model: string) => [
	chunk({role: 'assistant', content: jsonText.slice(0, 11)}, {model}),
	chunk({content: jsonText.slice(11)}, {model}, 'stop'),
	usageChunk(model),
];

const refusalChunksOf = (model: string) => [
	chunk({role: 'assistant', content: '', refusal: null}, {model}),
	chunk({refusal: "I can't help with that."}, {model}),
	chunk({}, {model}, 'stop'),
];

/** `count-N`: N numbered text events `t0 `, `t1 `, … then finish and usage. */
function countChunks(count: number, model: string): unknown[] {
	return [
		...Array.from({length: count}, (_, index) => chunk({content: `t${index} `}, {model})),
		chunk({}, {model}, 'stop'),
		usageChunk(model, {prompt_tokens: 1, completion_tokens: count, total_tokens: count + 1}),
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
function logprobsChunksOf(model: string): unknown[] {
	const chunks = [
		chunk({role: 'assistant', content: 'Hello'}, {model}),
		chunk({content: ', world!'}, {model}, 'stop'),
		usageChunk(model),
	];
	(chunks[0] as any).choices[0].logprobs = {content: logprobsContent.slice(0, 1), refusal: null};
	(chunks[1] as any).choices[0].logprobs = {content: logprobsContent.slice(1), refusal: null};
	return chunks;
}

/** The JSON completion a non-streamed request gets for the same scenario. */
function completion(prompt: string, {model = 'test-model', greeting = 'world'}: ScenarioOptions): unknown {
	if (prompt === 'logprobs') {
		return {
			id: 'chatcmpl-1',
			object: 'chat.completion',
			created: 1,
			model,
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
				: {role: 'assistant', content: `Hello, ${greeting}!`, reasoning_content: 'The user greets.'};
	return {
		id: 'chatcmpl-1',
		object: 'chat.completion',
		created: 1,
		model,
		choices: [{index: 0, message, finish_reason: prompt === 'tools' ? 'tool_calls' : 'stop'}],
		usage,
	};
}

function deferred(): {promise: Promise<void>; resolve(): void} {
	let resolve!: () => void;
	const promise = new Promise<void>(done => {
		resolve = done;
	});
	return {promise, resolve};
}

/**
A loopback OpenAI-compatible chat API with named scenarios. Any path ending in `/chat/completions` answers by the
last message's text, streamed when the body asks for `stream: true`, else as one JSON completion:
- `hello` (the default): reasoning, `Hello, <greeting>!` in three deltas, finish, usage in a chunk of its own;
- `tools`: reasoning in `<think>` tags split across deltas, then two interleaved tool calls; `refuse`: a refusal;
  `json`: a JSON answer split inside a string; `logprobs`: text with log probabilities, asked for or not;
- `count-N`: N numbered text events, written in blocks of 50;
- errors: `limit` (429, Retry-After 7), `fail` (500), `bad-param` (400 naming `temperature`), `echo-key` (400 whose
  message quotes the Authorization header);
- mid-stream and slow: `midstream` (text, then an error event), `long` (two events every 10 ms for 5 s, until the
  client goes away), `stall` (four events, then 10 s of silence), `quiet` / `quiet-mid` (`hello` with 12 s of
  silence before / after its first word), `gated` (two chunks, then waits for `openGate()`), `hang` (never answers).
`GET …/models` lists one model, the `model` of the answers. Every answer allows CORS; preflights get a strict answer: only `Authorization` and `Content-Type` may be sent, so
any other header a library set in a browser fails the request. `GET …/probe/long-closed` waits (≤ 3 s) for the
connection of the latest `long` request under the same prefix to close and reports it, so a child process can learn
what the server saw while it still runs. `broken: true` answers every request with 500.
*/
export async function startFakeOpenai(options: ScenarioOptions = {}): Promise<FakeOpenai> {
	const {model = 'test-model', broken = false} = options;
	const requests: ApiRequest[] = [];
	/** One promise per connection: keep-alive connections carry many requests. */
	const closings = new WeakMap<Socket, Promise<void>>();
	let gate = deferred();
	const server = createServer(async (raw, response) => {
		const request = await recordApiRequest(raw, closings);
		const {json} = request;
		const {socket} = raw;
		requests.push(request);
		response.setHeader('access-control-allow-origin', '*');
		response.setHeader('access-control-expose-headers', 'retry-after, x-request-id');
		const fail = (status: number, body: unknown, headers: Record<string, string> = {}) => {
			response.writeHead(status, {'content-type': 'application/json', ...headers});
			response.end(JSON.stringify(body));
			request.ended = true;
		};

		if (request.method === 'OPTIONS') {
			response.writeHead(204, {
				'access-control-allow-methods': 'POST, GET, OPTIONS',
				'access-control-allow-headers': 'authorization, content-type',
				'access-control-max-age': '0',
			});
			response.end();
			return;
		}

		if (broken) return fail(500, {error: {message: 'The broken upstream is down', type: 'server_error'}});
		if (request.method === 'GET' && request.path.endsWith('/probe/long-closed')) {
			const prefix = request.path.slice(0, -'/probe/long-closed'.length);
			const target = requests.findLast(
				item => item.method === 'POST' && item.prompt === 'long' && item.path.startsWith(prefix),
			);
			let closed = false;
			if (target) {
				closed = await within(target.socketClosed, 3000, 'socket close').then(
					() => true,
					() => false,
				);
			}

			response.writeHead(200, {'content-type': 'application/json'});
			response.end(
				JSON.stringify({found: Boolean(target), closed, ended: target?.ended ?? false, written: target?.written ?? 0}),
			);
			return;
		}

		if (request.method === 'GET' && request.path.endsWith('/models')) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(
				JSON.stringify({object: 'list', data: [{id: model, object: 'model', created: 0, owned_by: 'fake'}]}),
			);
			request.ended = true;
			return;
		}

		if (request.method !== 'POST' || !request.path.endsWith('/chat/completions'))
			return fail(404, {error: {message: 'not found'}});
		const {prompt} = request;
		if (prompt === 'limit')
			return fail(
				429,
				{error: {message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded'}},
				{'retry-after': '7', 'x-request-id': 'req_limit'},
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
			response.end(JSON.stringify(completion(prompt, options)));
			request.ended = true;
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache'});
		response.flushHeaders();
		if (prompt === 'long') {
			// Two events per write, as a busy server or a proxy's buffering delivers them: one read holds both.
			for (let index = 0; index < 1000; index += 2) {
				if (response.destroyed || socket.destroyed) return;
				response.write(
					sse([chunk({content: `w${index} `}, {model}), chunk({content: `w${index + 1} `}, {model})], {done: false}),
				);
				request.written += 2;
				await sleep(10);
			}

			response.end(sse([chunk({}, {model}, 'stop')]));
			request.ended = true;
			return;
		}

		if (prompt === 'stall') {
			// Four events, then silence: only an abort (not the next chunk) can end the request early.
			response.write(
				sse(
					['w0 ', 'w1 ', 'w2 ', 'w3 '].map(text => chunk({content: text}, {model})),
					{done: false},
				),
			);
			request.written = 4;
			for (let waited = 0; waited < 10_000; waited += 50) {
				if (response.destroyed || socket.destroyed) return;
				await sleep(50);
			}

			response.end(sse([chunk({}, {model}, 'stop')]));
			request.ended = true;
			return;
		}

		if (prompt === 'quiet' || prompt === 'quiet-mid') {
			// 12 s of silence (a reasoning model thinking), longer than Bun's idle timeout: before the first word (`quiet`,
			// only the role comes first) or after it (`quiet-mid`, `Hello` first).
			const hello = helloChunksOf(options);
			const before = prompt === 'quiet' ? 1 : 4;
			response.write(sse(hello.slice(0, before), {done: false}));
			for (let waited = 0; waited < 12_000; waited += 50) {
				if (response.destroyed || socket.destroyed) return;
				await sleep(50);
			}

			response.end(sse(hello.slice(before)));
			request.ended = true;
			return;
		}

		if (prompt === 'gated') {
			response.write(sse([chunk({content: 'first '}, {model}), chunk({content: 'second '}, {model})], {done: false}));
			const current = gate;
			await current.promise;
			gate = deferred();
			if (response.destroyed) return;
			response.end(sse([chunk({content: 'third'}, {model}, 'stop')]));
			request.ended = true;
			return;
		}

		if (prompt === 'midstream') {
			response.write(sse([chunk({content: 'Partial '}, {model})], {done: false}));
			await sleep(20);
			response.end(
				sse([{error: {message: 'The model crashed', type: 'server_error', code: 'model_crashed'}}], {done: false}),
			);
			request.ended = true;
			return;
		}

		const counted = /^count-(\d+)$/.exec(prompt);
		if (counted) {
			const all = countChunks(Number(counted[1]), model);
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
				? toolChunksOf(options)
				: prompt === 'refuse'
					? refusalChunksOf(model)
					: prompt === 'json'
						? jsonChunksOf(model)
						: prompt === 'logprobs'
							? logprobsChunksOf(model)
							: helloChunksOf(options);
		// One write per event, so the client reads a real stream rather than one buffer.
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
		postsUnder: (prefix = '') => requests.filter(item => item.method === 'POST' && item.path.startsWith(prefix)),
		preflights: (prefix = '') => requests.filter(item => item.method === 'OPTIONS' && item.path.startsWith(prefix)),
		openGate: () => gate.resolve(),
		async close() {
			gate.resolve();
			await listening.close();
		},
	};
}
