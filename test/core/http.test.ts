import {createServer as createTcpServer} from 'node:net';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
	CablyAI,
	MissingAuthError,
	NetworkError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
	TimeoutError,
} from '../../src/index.js';
import {chunk, collect, jsonHandler, sleep, sse, startServer, streamHandler, textOf, type Handler, type TestServer} from '../helpers/server.js';

const key = 'sk-DISTINCTIVE-KEY-0123456789abcdef';
const messages = [{role: 'user' as const, content: 'hi'}];
let server: TestServer;
beforeAll(async () => {
	server = await startServer(jsonHandler(500, {}));
});
afterAll(async () => server.close());

async function run(handler: Handler, options: Record<string, unknown> = {}) {
	server.setHandler(handler);
	server.requests.length = 0;
	return collect(CablyAI.createAsyncGenerator('', messages, {apiKey: key, stream: true, baseUrl: `${server.url}/v1`, ...options}));
}

function expectNoKey(error: unknown) {
	const seen = new Set<unknown>();
	for (let current = error; current && !seen.has(current); current = (current as Error).cause) {
		seen.add(current);
		const item = current as Error;
		for (const text of [item.message, item.stack, JSON.stringify(item), JSON.stringify(Object.entries(item))]) expect(String(text)).not.toContain(key);
	}
}

const echoKey: (status: number) => Handler = status => (request, response) => {
	response.writeHead(status, {'content-type': 'application/json', 'x-request-id': 'req_123'});
	response.end(JSON.stringify({error: {message: `Incorrect API key provided: ${String(request.headers.authorization)}`, type: 'invalid_request_error', code: key}}));
};

test.each([
	[401, MissingAuthError],
	[402, PaymentRequiredError],
	[429, RateLimitError],
	[400, ResponseStatusError],
	[404, ResponseStatusError],
	[500, ResponseStatusError],
])('HTTP %i → %o, with what the server said and never the key', async (status, ErrorClass) => {
	const {error} = await run(echoKey(status), {retry: 0});
	expect(error).toBeInstanceOf(ErrorClass);
	expect(error).toBeInstanceOf(ProviderError);
	expect(error.status).toBe(status);
	expect(error.provider).toBe('CablyAI');
	expect(error.requestId).toBe('req_123');
	expect(error.type).toBe('invalid_request_error');
	expect(error.message).toContain('Incorrect API key provided');
	expectNoKey(error);
});

test('429 carries retryAfter from Retry-After', async () => {
	const {error} = await run(jsonHandler(429, {error: {message: 'slow down'}}, {'retry-after': '7'}), {retry: 0});
	expect(error).toBeInstanceOf(RateLimitError);
	expect(error.retryAfter).toBe(7);
});

test('a Cloudflare HTML page is named, not dumped', async () => {
	const page = `<!DOCTYPE html><html><head><title>cablyai.com | 502: Bad gateway</title></head><body>${'<div>cloudflare</div>'.repeat(200)}</body></html>`;
	const {error} = await run((_request, response) => {
		response.writeHead(502, {'content-type': 'text/html'});
		response.end(page);
	}, {retry: 0});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).toContain('Cloudflare error page: cablyai.com | 502: Bad gateway');
	expect(error.message.length).toBeLessThan(200);
});

test('a 200 HTML page on a stream request is reported, not taken for an empty answer', async () => {
	const {chunks, error} = await run((_request, response) => {
		response.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
		response.end('<html><body>Login</body></html>');
	});
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toMatch(/unsupported content type text\/html.*HTML page/);
});

test('an error object in a 2xx JSON body and inside the stream raises ResponseError after the text', async () => {
	const json = await run(jsonHandler(200, {error: {message: 'model overloaded', code: 'overloaded', type: 'server_error'}}), {stream: false});
	expect(json.error).toBeInstanceOf(ResponseError);
	expect(json.error.code).toBe('overloaded');

	const inStream = await run(streamHandler([sse([chunk({content: 'Hello'}), {error: {message: `upstream died for ${key}`, code: 502}}])]));
	expect(textOf(inStream.chunks)).toBe('Hello');
	expect(inStream.error).toBeInstanceOf(ResponseError);
	expect(inStream.error.message).toContain('upstream died');
	expect(inStream.error.code).toBe('502');
	expectNoKey(inStream.error);

	const event = await run(streamHandler([`data: ${JSON.stringify(chunk({content: 'Hi'}))}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`]));
	expect(textOf(event.chunks)).toBe('Hi');
	expect(event.error).toBeInstanceOf(ResponseError);
	expect(event.error.message).toContain('Overloaded');
});

test('a data line that is not JSON is unreadable data, after the text before it', async () => {
	const {chunks, error} = await run(streamHandler([sse([chunk({content: 'ok'})], {done: false}), 'data: {not json\n\n']));
	expect(textOf(chunks)).toBe('ok');
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toMatch(/unreadable/);
});

test('retries 408, 409, 429 and 5xx (POST included), twice by default', async () => {
	for (const status of [408, 409, 429, 500, 503]) {
		const {error} = await run(jsonHandler(status, {error: {message: 'again'}}, {'retry-after-ms': '10'}));
		expect(error.status).toBe(status);
		expect(server.requests).toHaveLength(3);
	}
});

test('no retry for 400, and none with retry: 0', async () => {
	await run(jsonHandler(400, {error: {message: 'bad'}}));
	expect(server.requests).toHaveLength(1);
	await run(jsonHandler(503, {error: {message: 'busy'}}), {retry: 0});
	expect(server.requests).toHaveLength(1);
});

test('a retried request succeeds, honouring Retry-After in seconds', async () => {
	let calls = 0;
	const times: number[] = [];
	const {chunks, error} = await run((request, response) => {
		times.push(Date.now());
		if (++calls === 1) {
			response.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'});
			response.end('{"error":{"message":"wait"}}');
			return;
		}

		streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])])(request, response, undefined as never);
	});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('ok');
	expect(server.requests).toHaveLength(2);
	expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
});

test('the server\'s wait is capped by retry.maxRetryAfter', async () => {
	const times: number[] = [];
	await run((_request, response) => {
		times.push(Date.now());
		response.writeHead(503, {'retry-after': '3600'});
		response.end();
	}, {retry: {limit: 1, maxRetryAfter: 50}});
	expect(times).toHaveLength(2);
	expect(times[1]! - times[0]!).toBeLessThan(2000);
});

test('connection refused is retried, then a NetworkError with the runtime error as cause', async () => {
	const tcp = createTcpServer();
	await new Promise<void>(resolve => tcp.listen(0, '127.0.0.1', resolve));
	const {port} = tcp.address() as {port: number};
	await new Promise(resolve => tcp.close(resolve));
	let attempts = 0;
	const {error} = await collect(CablyAI.createAsyncGenerator('', messages, {
		apiKey: key, stream: true, baseUrl: `http://127.0.0.1:${port}/v1`, retry: {limit: 2, delay: () => 10},
		fetch: async (input, init) => {
			attempts++;
			return fetch(input, init);
		},
	}));
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.cause).toBeInstanceOf(Error);
	expect(error.message).toMatch(/ECONNREFUSED/);
	expect(attempts).toBe(3);
	expectNoKey(error);
});

test('a reset before headers is retried', async () => {
	let calls = 0;
	const {chunks, error} = await run((request, response, raw) => {
		if (++calls === 1) {
			raw.socket.destroy();
			return;
		}

		streamHandler([sse([chunk({content: 'second try'}, {}, 'stop')])])(request, response, raw);
	}, {retry: {limit: 2, delay: () => 10}});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('second try');
	expect(server.requests).toHaveLength(2);
});

test('a reset after the first body byte is not retried; the text before it stays yielded', async () => {
	const {chunks, error} = await run(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.write(sse([chunk({content: 'half an ans'})], {done: false}));
		await sleep(30);
		response.socket?.destroy();
	});
	expect(textOf(chunks)).toBe('half an ans');
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.message).toMatch(/connection lost while reading/);
	expect(server.requests).toHaveLength(1);
});

test('timeout bounds the wait for headers', async () => {
	const {error} = await run(async (_request, response) => {
		await sleep(1500);
		response.end();
	}, {timeout: 200, retry: 0});
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toMatch(/timeout/);
});

test('idleTimeout fires on a stalled stream, after the text so far', async () => {
	const {chunks, error} = await run(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.write(sse([chunk({content: 'so far'})], {done: false}));
		await sleep(3000);
		response.end();
	}, {idleTimeout: 300});
	expect(textOf(chunks)).toBe('so far');
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toMatch(/idleTimeout/);
});

test('idleTimeout does not fire while bytes keep coming', async () => {
	const pieces = sse([chunk({content: 'a'}), chunk({content: 'b'}), chunk({content: 'c'}, {}, 'stop')]).match(/[\s\S]{1,40}/g)!;
	const {chunks, error} = await run(streamHandler(pieces, {gap: 60}), {idleTimeout: 250});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('abc');
	expect(pieces.length * 60).toBeGreaterThan(250);
});

test('timeout covers only the wait for headers: a longer stream after them is read to its end', async () => {
	const pieces = [sse([chunk({content: 'a'})], {done: false}), sse([chunk({content: 'b'})], {done: false}), sse([chunk({content: 'c'}, {}, 'stop')])];
	const {chunks, error} = await run(streamHandler(pieces, {gap: 300}), {timeout: 200});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('abc');
});
