import {expect, test} from 'vitest';
import {
	MissingAuthError,
	NetworkError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
	TimeoutError,
} from '../../src/index.js';
import {chunk, collect, jsonHandler, sleep, sse, streamHandler, textOf, type Handler, useServer} from '../helpers/server.js';
import {Local} from '../helpers/local-provider.js';

const key = 'sk-RELIABILITY-abcdef0123456789';

const server = useServer();

async function run(handler: Handler, options: Record<string, unknown> = {}) {
	server().setHandler(handler);
	server().requests.length = 0;
	return collect(Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {apiKey: key, stream: true, baseUrl: `${server().url}/v1`, retry: 0, ...options}));
}

/** Everything an error exposes, down its cause chain. */
function exposed(error: unknown): string {
	const parts: string[] = [];
	for (let current = error, depth = 0; current && depth < 5; current = (current as Error).cause, depth++) {
		const item = current as Error;
		parts.push(String(item.message), String(item.stack), JSON.stringify(item) ?? '', JSON.stringify(Object.entries(item)));
	}

	return parts.join('\n');
}

const classFor = (status: number) => ({401: MissingAuthError, 402: PaymentRequiredError, 429: RateLimitError}[status] ?? ResponseStatusError);
const bodies: Record<string, [string, (status: number) => string]> = {
	json: ['application/json', status => JSON.stringify({error: {message: `failure ${status} for ${key}`, type: 'server_error', code: `c${status}`}})],
	text: ['text/plain', status => `plain failure ${status} Bearer ${key}`],
	html: ['text/html', status => `<!DOCTYPE html><html><head><title>${status} Error ${key}</title></head><body>${'<p>x</p>'.repeat(500)}</body></html>`],
	empty: ['text/plain', () => ''],
};

for (const status of [400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504]) {
	test(`HTTP ${status} with JSON, text, HTML and empty bodies`, async () => {
		for (const [kind, [type, body]] of Object.entries(bodies)) {
			const {error} = await run((_request, response) => {
				response.writeHead(status, {'content-type': type});
				response.end(body(status));
			});
			expect(error, kind).toBeInstanceOf(classFor(status));
			expect(error.status).toBe(status);
			expect(error.message).toContain(`HTTP ${status}`);
			if (kind === 'json') expect(error.message).toContain(`failure ${status}`);
			if (kind === 'text') expect(error.message).toContain(`plain failure ${status}`);
			if (kind === 'html') expect(error.message.length).toBeLessThan(200);
			expect(exposed(error)).not.toContain(key);
		}
	});
}

test('200 with a wrong content type', async () => {
	const {error} = await run((_request, response) => {
		response.writeHead(200, {'content-type': 'image/png'});
		response.end(`not an image ${key}`);
	});
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toContain('image/png');
	expect(exposed(error)).not.toContain(key);
});

test('a body trickling one byte at a time keeps going while bytes come; silence fires idleTimeout', async () => {
	const body = sse([chunk({content: 'slow'}, {}, 'stop')]);
	const trickle = await run(streamHandler([...body.slice(0, 40)].concat(body.slice(40)), {gap: 40}), {idleTimeout: 200});
	expect(trickle.error).toBeUndefined();
	expect(textOf(trickle.chunks)).toBe('slow');

	const silent = await run(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.write('d');
		await sleep(2000);
		response.end();
	}, {idleTimeout: 200});
	expect(silent.error).toBeInstanceOf(TimeoutError);
});

test('a server that closes without a response: NetworkError, after the retries', async () => {
	const {error} = await run((_request, _response, raw) => {
		raw.socket.destroy();
	}, {retry: {limit: 1, delay: () => 10}});
	expect(error).toBeInstanceOf(NetworkError);
	expect(error).toBeInstanceOf(ProviderError);
	expect(server().requests).toHaveLength(2);
	expect(exposed(error)).not.toContain(key);
});

test('Retry-After as an HTTP date is honoured', async () => {
	const times: number[] = [];
	const {error} = await run((_request, response) => {
		times.push(Date.now());
		response.writeHead(503, {'retry-after': new Date(Date.now() + 2000).toUTCString()});
		response.end();
	}, {retry: 1});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(times).toHaveLength(2);
	// HTTP dates have one-second precision.
	expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
});

test('one options object reused by concurrent calls is not mutated', async () => {
	server().setHandler(async (request, response) => {
		await sleep(Math.random() * 20);
		streamHandler([sse([chunk({content: request.json.messages[0].content}, {}, 'stop')])])(request, response, undefined as never);
	});
	const options = Object.freeze({apiKey: key, stream: true, baseUrl: `${server().url}/v1`, headers: Object.freeze({'x-a': '1'}), extraBody: Object.freeze({k: 1})});
	const answers = await Promise.all(Array.from({length: 20}, async (_, index) => textOf((await collect(Local.createAsyncGenerator('', [{role: 'user', content: `n${index}`}], options))).chunks)));
	expect(answers).toEqual(Array.from({length: 20}, (_, index) => `n${index}`));
});

test('an abort during a retry wait rejects at once with its reason, and nothing more is sent', async () => {
	const controller = new AbortController();
	const reason = new Error('user left');
	setTimeout(() => controller.abort(reason), 200);
	const started = Date.now();
	const {error} = await run(jsonHandler(503, {error: {message: 'busy'}}, {'retry-after': '5'}), {retry: 2, signal: controller.signal});
	expect(error).toBe(reason);
	expect(Date.now() - started).toBeLessThan(3000);
	await sleep(100);
	expect(server().requests).toHaveLength(1);
});
