import {afterEach, beforeEach, expect, test, vi, type MockInstance} from 'vitest';
import {IterListProvider, ProviderError, RetryNoProviderError, type CreateOptions} from '../../src/index.js';
import {chunk, collect, sleep, sse, streamHandler, type Handler, type RecordedRequest} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {closedPort, exposed, fragments, messages, openStream, run, useFaultServer} from './fault-server.js';

// A distinctive API key, echoed back by the server wherever a server can put it (bodies, headers, status text,
// HTML titles, stream events, even a broken response), never shows in any error: message, stack, cause chain,
// enumerable or hidden properties, JSON.stringify or util.inspect output. No piece of it either.

const key = 'sk-cably-7Qz9XwV3pL0tRm8KdJ4hN2bY6cF1sGe5';
const server = useFaultServer();

class Other extends Local {
	static override get name(): string {
		return 'Other';
	}
}

/** What the server saw in the Authorization header: the key, proving it was sent and can be echoed. */
const echo = (request: RecordedRequest) => String(request.headers.authorization);

function reply(
	status: number,
	type: string | undefined,
	body: (request: RecordedRequest) => string,
	headers: (request: RecordedRequest) => Record<string, string> = () => ({}),
): Handler {
	return (request, response) => {
		response.writeHead(status, {...(type ? {'content-type': type} : {}), ...headers(request)});
		response.end(body(request));
	};
}

const json = (value: unknown) => JSON.stringify(value);
const html = (title: string) =>
	`<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

async function chat(handler: Handler, options: CreateOptions = {}) {
	const {error} = await run(server(), handler, {apiKey: key, ...options});
	return error;
}

const statusBodies: Array<[string, string | undefined, (request: RecordedRequest) => string]> = [
	[
		'JSON error message',
		'application/json',
		request =>
			json({
				error: {
					message: `Incorrect API key provided: ${echo(request)}`,
					type: 'invalid_request_error',
					code: 'invalid_api_key',
				},
			}),
	],
	[
		'JSON code and type',
		'application/json',
		request => json({error: {message: 'no', code: echo(request), type: echo(request)}}),
	],
	[
		'JSON metadata.raw (OpenRouter)',
		'application/json',
		request => json({error: {message: 'Provider returned error', metadata: {raw: `upstream said ${echo(request)}`}}}),
	],
	[
		'JSON detail list (FastAPI)',
		'application/json',
		request => json({detail: [{loc: ['header', 'authorization'], msg: 'invalid', input: echo(request)}]}),
	],
	['JSON top-level message', 'application/json', request => json({message: echo(request), code: echo(request)})],
	['plain text', 'text/plain', request => `invalid key ${echo(request)}`],
	['HTML title', 'text/html', request => html(`Denied for ${echo(request)}`)],
	['Cloudflare HTML title', 'text/html', request => html(`cf-ray 8a | ${echo(request)}`)],
	['empty', undefined, () => ''],
];

const headerEcho = (request: RecordedRequest) => ({
	'x-echo': echo(request),
	'www-authenticate': `Bearer realm="${echo(request)}"`,
	'x-request-id': 'req_abc',
});

type Path = [string, () => Promise<unknown>];
const paths: Path[] = [];

for (const status of [400, 401, 402, 403, 404, 422, 429, 500, 503]) {
	for (const [kind, type, body] of statusBodies) {
		paths.push([`HTTP ${status}, ${kind} body`, async () => chat(reply(status, type, body, headerEcho))]);
	}
}

paths.push(
	[
		'HTTP 429 after all retries (Retry-After), key in the body',
		async () =>
			chat(
				reply(
					429,
					'application/json',
					request => json({error: {message: echo(request)}}),
					() => ({'retry-after': '0'}),
				),
				{retry: 2},
			),
	],
	[
		'HTTP 503 after retries (retry-after-ms), key in text',
		async () =>
			chat(
				reply(503, 'text/plain', echo, () => ({'retry-after-ms': '1'})),
				{retry: 1},
			),
	],
	[
		'HTTP 400 with the key as status text',
		async () =>
			chat((request, response) => {
				response.writeHead(400, `Bad ${echo(request)}`, {'content-type': 'text/plain'});
				response.end();
			}),
	],
	[
		'HTTP 401 with the key as x-request-id',
		async () =>
			chat(
				reply(
					401,
					'application/json',
					() => '{"error":{"message":"nope"}}',
					request => ({'x-request-id': echo(request)}),
				),
			),
	],
	[
		'200 with a wrong content type, key in text',
		async () => chat(reply(200, 'text/plain', request => `your key: ${echo(request)}`)),
	],
	[
		'200 with an HTML page, key in its title',
		async () => chat(reply(200, 'text/html', request => html(echo(request)))),
	],
	[
		'200 JSON with an error object',
		async () =>
			chat(
				reply(200, 'application/json', request =>
					json({error: {message: echo(request), code: echo(request), type: echo(request)}}),
				),
			),
	],
	[
		'200 JSON that is not a completion',
		async () => chat(reply(200, 'application/json', request => json({echo: echo(request)}))),
	],
	[
		'200 JSON content type, body not JSON',
		async () => chat(reply(200, 'application/json', request => `oops ${echo(request)}`)),
	],
	[
		'event: error with a JSON error',
		async () =>
			chat(
				reply(
					200,
					'text/event-stream',
					request =>
						`event: error\ndata: ${json({error: {message: echo(request), code: echo(request), type: echo(request)}})}\n\n`,
				),
			),
	],
	[
		'event: error with text data',
		async () => chat(reply(200, 'text/event-stream', request => `event: error\ndata: ${echo(request)}\n\n`)),
	],
	[
		'an error object inside a data event',
		async () =>
			chat(
				reply(
					200,
					'text/event-stream',
					request =>
						`${sse([chunk({content: 'a'})], {done: false})}data: ${json({error: {message: echo(request)}})}\n\n`,
				),
			),
	],
	[
		'a data line that is not JSON',
		async () => chat(reply(200, 'text/event-stream', request => `data: {${echo(request)}\n\n`)),
	],
	[
		'JSON that is not a chunk',
		async () =>
			chat(
				reply(
					200,
					'text/event-stream',
					request => `data: ${json({choices: echo(request)})}\n\ndata: ${json([echo(request)])}\n\n`,
				),
			),
	],
	[
		'a stream truncated after the key as text',
		async () => chat(reply(200, 'text/event-stream', request => sse([chunk({content: echo(request)})], {done: false}))),
	],
	[
		'idleTimeout after the key as text',
		async () =>
			chat(
				async (request, response) => {
					openStream(response);
					response.write(sse([chunk({content: echo(request)})], {done: false}));
				},
				{idleTimeout: 200},
			),
	],
	[
		'a reset after the key as text',
		async () =>
			chat(async (request, response) => {
				openStream(response);
				response.write(sse([chunk({content: echo(request)})], {done: false}));
				await sleep(20);
				response.socket?.resetAndDestroy();
			}),
	],
	['headers that never come (timeout)', async () => chat(() => undefined, {timeout: 200})],
	[
		'connection refused',
		async () => {
			const {error} = await collect(
				Local.createAsyncGenerator('', messages, {
					apiKey: key,
					stream: true,
					baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
					retry: {limit: 1, delay: () => 1},
				}),
			);
			return error;
		},
	],
	[
		'a reset before headers, after a retry',
		async () =>
			chat(
				(_request, _response, raw) => {
					raw.socket.resetAndDestroy();
				},
				{retry: {limit: 1, delay: () => 1}},
			),
	],
	[
		'a close without any response',
		async () =>
			chat((_request, _response, raw) => {
				raw.socket.end();
			}),
	],
	[
		'an answer that is not HTTP, echoing the key',
		async () =>
			chat((request, _response, raw) => {
				raw.socket.end(`${echo(request)}\r\n\r\n`);
			}),
	],
	[
		'a status line that is cut, echoing the key',
		async () =>
			chat((request, _response, raw) => {
				raw.socket.end(`HTTP/1.1 200 OK\r\nx-echo: ${echo(request)}`);
			}),
	],
	[
		'a key with a line break (caller fault)',
		async () =>
			(
				await collect(
					Local.createAsyncGenerator('', messages, {apiKey: `${key}\n`, stream: true, baseUrl: server().base}),
				)
			).error,
	],
	[
		'a key with a non-ASCII character (caller fault)',
		async () =>
			(
				await collect(
					Local.createAsyncGenerator('', messages, {apiKey: `${key}é`, stream: true, baseUrl: server().base}),
				)
			).error,
	],
	[
		'getModels: HTTP 401 echoing the key',
		async () => {
			server().use(reply(401, 'application/json', request => json({error: {message: echo(request)}}), headerEcho));
			return Local.getModels({apiKey: key, baseUrl: server().base, retry: 0}).then(
				() => undefined,
				(error: unknown) => error,
			);
		},
	],
	[
		'getModels: a list that is no list, echoing the key',
		async () => {
			server().use(reply(200, 'application/json', request => json({models: echo(request)})));
			return Local.getModels({apiKey: key, baseUrl: server().base, retry: 0}).then(
				() => undefined,
				(error: unknown) => error,
			);
		},
	],
	[
		'fallback: every provider fails echoing its key',
		async () => {
			server().use(reply(500, 'application/json', request => json({error: {message: `bad ${echo(request)}`}})));
			const {error} = await collect(
				new IterListProvider([Local, Other]).createAsyncGenerator('', messages, {
					apiKey: {Local: key, Other: key},
					stream: true,
					baseUrl: server().base,
					retry: 0,
				}),
			);
			expect(error).toBeInstanceOf(RetryNoProviderError);
			return error;
		},
	],
);

let consoleSpies: MockInstance[] = [];
beforeEach(() => {
	consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map(method =>
		vi.spyOn(console, method).mockImplementation(() => undefined),
	);
});
afterEach(() => {
	for (const spy of consoleSpies) spy.mockRestore();
});

test.each(paths)('%s: the key shows nowhere in the error', async (_path, produce) => {
	const error = await produce();
	expect(error).toBeInstanceOf(Error);
	const everything = exposed(error);
	expect(everything).not.toContain(key);
	for (const piece of fragments(key)) expect(everything).not.toContain(piece);
	// The library logs nothing of its own (no debug hooks exist to leak through).
	for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
	if (!(error instanceof TypeError)) expect(error).toBeInstanceOf(ProviderError);
});

test('the echoed key is redacted, not the whole message: what the server said stays readable', async () => {
	const error = await chat(
		reply(401, 'application/json', request =>
			json({error: {message: `Incorrect API key provided: ${echo(request)}. Find yours at https://example.com`}}),
		),
	);
	expect(error.message).toBe(
		'Local: HTTP 401 Unauthorized: Incorrect API key provided: Bearer [redacted]. Find yours at https://example.com',
	);
});

// Snippets are cut to a length; a key straddling the cut must not leave its first characters behind.
const straddle = (limit: number, prefix: string) => 'p'.repeat(limit - prefix.length - key.length + 3);

test('a key cut by the 120-character snippet of an unreadable data line leaves no piece behind', async () => {
	const error = await chat(reply(200, 'text/event-stream', () => `data: ~${straddle(120, '~')}${key}\n\n`));
	expect(error.message).toMatch(/unreadable response data/);
	for (const piece of fragments(key)) expect(exposed(error)).not.toContain(piece);
});

test('a key cut by the 120-character quote of a wrong content type leaves no piece behind', async () => {
	const error = await chat(reply(200, 'text/plain', () => `${straddle(120, '')}${key}`));
	expect(error.message).toMatch(/unsupported content type/);
	for (const piece of fragments(key)) expect(exposed(error)).not.toContain(piece);
});

test('a key cut by the 300-character limit on error messages leaves no piece behind', async () => {
	for (const [type, body] of [
		['text/plain', `${straddle(300, '')}${key}`],
		['application/json', json({error: {message: `${straddle(300, '')}${key}`}})],
		['text/html', html(`${straddle(300, '')}${key}`)],
	] as const) {
		const error = await chat(reply(400, type, () => body));
		expect(error.status).toBe(400);
		for (const piece of fragments(key)) expect(exposed(error), type).not.toContain(piece);
	}
});

test('a stream that yields the key as answer text still raises errors without it', async () => {
	const {chunks, error} = await run(
		server(),
		streamHandler([`${sse([chunk({content: key})], {done: false})}data: ${key}\n\n`]),
		{apiKey: key},
	);
	expect(chunks).toContain(key);
	expect(exposed(error)).not.toContain(key);
});

test('a key that begins another secret (a longer header value) leaves no piece of the longer one', async () => {
	// The longer secret is masked first: masking the key inside it first would leave the rest of it readable.
	const longer = `${key}-second-part-Xy7`;
	const error = await chat(
		reply(401, 'application/json', request => json({error: {message: `bad ${request.headers['x-api-key']}`}})),
		{headers: {'x-api-key': longer}},
	);
	expect(error.message).toBe('Local: HTTP 401 Unauthorized: bad [redacted]');
});
