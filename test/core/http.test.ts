// HTTP errors as classes, with what the server said and never the key; error bodies and unreadable data. Retries,
// timeouts, resets and status × body kinds are in test/reliability/ (network-faults, bad-responses).
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
	CablyAI,
	AuthenticationError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
} from '../../src/index.js';
import {
	chunk,
	collect,
	jsonHandler,
	sse,
	startServer,
	streamHandler,
	textOf,
	type Handler,
	type TestServer,
} from '../helpers/fake-openai.js';

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
	return collect(
		CablyAI.createAsyncGenerator('', messages, {apiKey: key, stream: true, baseUrl: `${server.url}/v1`, ...options}),
	);
}

function expectNoKey(error: unknown) {
	const seen = new Set<unknown>();
	for (let current = error; current && !seen.has(current); current = (current as Error).cause) {
		seen.add(current);
		const item = current as Error;
		for (const text of [item.message, item.stack, JSON.stringify(item), JSON.stringify(Object.entries(item))])
			expect(String(text)).not.toContain(key);
	}
}

const echoKey: (status: number) => Handler = status => (request, response) => {
	response.writeHead(status, {'content-type': 'application/json', 'x-request-id': 'req_123'});
	response.end(
		JSON.stringify({
			error: {
				message: `Incorrect API key provided: ${String(request.headers.authorization)}`,
				type: 'invalid_request_error',
				code: key,
			},
		}),
	);
};

test.each([
	// The request carried a key: the key was refused (a request without one gets MissingAuthError).
	[401, AuthenticationError],
	[403, AuthenticationError],
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

test('a Cloudflare HTML page is named, not dumped', async () => {
	const page = `<!DOCTYPE html><html><head><title>cablyai.com | 502: Bad gateway</title></head><body>${'<div>cloudflare</div>'.repeat(200)}</body></html>`;
	const {error} = await run(
		(_request, response) => {
			response.writeHead(502, {'content-type': 'text/html'});
			response.end(page);
		},
		{retry: 0},
	);
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).toContain('Cloudflare error page: cablyai.com | 502: Bad gateway');
	expect(error.message.length).toBeLessThan(200);
});

test('an error object in a 2xx JSON body and inside the stream raises ResponseError after the text', async () => {
	const json = await run(
		jsonHandler(200, {error: {message: 'model overloaded', code: 'overloaded', type: 'server_error'}}),
		{stream: false},
	);
	expect(json.error).toBeInstanceOf(ResponseError);
	expect(json.error.code).toBe('overloaded');

	const inStream = await run(
		streamHandler([sse([chunk({content: 'Hello'}), {error: {message: `upstream died for ${key}`, code: 502}}])]),
	);
	expect(textOf(inStream.chunks)).toBe('Hello');
	expect(inStream.error).toBeInstanceOf(ResponseError);
	expect(inStream.error.message).toContain('upstream died');
	expect(inStream.error.code).toBe('502');
	expectNoKey(inStream.error);

	const event = await run(
		streamHandler([
			`data: ${JSON.stringify(chunk({content: 'Hi'}))}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`,
		]),
	);
	expect(textOf(event.chunks)).toBe('Hi');
	expect(event.error).toBeInstanceOf(ResponseError);
	expect(event.error.message).toContain('Overloaded');
});

test('a data line that is not JSON is unreadable data, after the text before it', async () => {
	const {chunks, error} = await run(
		streamHandler([sse([chunk({content: 'ok'})], {done: false}), 'data: {not json\n\n']),
	);
	expect(textOf(chunks)).toBe('ok');
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toMatch(/unreadable/);
});

test('no retry for 400, and none with retry: 0', async () => {
	await run(jsonHandler(400, {error: {message: 'bad'}}));
	expect(server.requests).toHaveLength(1);
	await run(jsonHandler(503, {error: {message: 'busy'}}), {retry: 0});
	expect(server.requests).toHaveLength(1);
});
