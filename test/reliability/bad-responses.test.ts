import {expect, test} from 'vitest';
import {
	MissingAuthError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
	TimeoutError,
} from '../../src/index.js';
import {chunk, sleep, sse, streamHandler, textOf} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {answer, eventually, messages, openStream, run, trickle, useFaultServer} from './fault-server.js';

// Bad responses: error statuses with every kind of body, a 200 that is not a stream or completion, headers that never
// come, and bodies that trickle or fall silent.

const server = useFaultServer();

const classFor = (status: number) =>
	({401: MissingAuthError, 402: PaymentRequiredError, 429: RateLimitError})[status] ?? ResponseStatusError;
const retried = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

const bodies: Record<string, {type: string; body: (status: number) => string}> = {
	json: {
		type: 'application/json',
		body: status => JSON.stringify({error: {message: `failure ${status}`, type: 'server_error', code: `c${status}`}}),
	},
	'json (FastAPI detail)': {type: 'application/json', body: status => JSON.stringify({detail: `failure ${status}`})},
	'json (string error)': {
		type: 'application/problem+json; charset=utf-8',
		body: status => JSON.stringify({error: `failure ${status}`}),
	},
	text: {type: 'text/plain; charset=utf-8', body: status => `failure ${status}\n`},
	html: {
		type: 'text/html',
		body: status =>
			`<!DOCTYPE html><html><head><title>${status} Gateway trouble</title></head><body>${'<p>padding</p>'.repeat(2000)}</body></html>`,
	},
	'cloudflare html': {
		type: 'text/html',
		body: status =>
			`<!DOCTYPE html><html><head><title>example.com | ${status}: Bad gateway</title></head><body><div id="cf-error-details">cf-ray: 8a1b</div>${'<p>x</p>'.repeat(500)}</body></html>`,
	},
	empty: {type: 'text/plain', body: () => ''},
	'none (no content type)': {type: '', body: () => ''},
};

const statuses = [
	400, 401, 402, 403, 404, 405, 408, 409, 410, 413, 415, 422, 429, 451, 500, 501, 502, 503, 504, 507, 520, 524, 529,
];

for (const status of statuses) {
	test(`HTTP ${status}: ${classFor(status).name} with JSON, text, HTML and empty bodies; ${retried(status) ? 'retried' : 'not retried'}`, async () => {
		for (const [kind, {type, body}] of Object.entries(bodies)) {
			const {chunks, error} = await run(
				server(),
				answer(status, body(status), type ? {'content-type': type, 'x-request-id': `req_${status}`} : {}),
				{retry: {limit: 1, delay: () => 1}},
			);
			// A retried status is announced before its wait, with the error it would otherwise have raised.
			expect(chunks, kind).toEqual(
				retried(status)
					? [{type: 'retry', attempt: 1, delay: expect.any(Number), error: expect.any(classFor(status))}]
					: [],
			);
			expect(error, kind).toBeInstanceOf(classFor(status));
			expect(error, kind).toBeInstanceOf(ProviderError);
			expect(error.status, kind).toBe(status);
			expect(error.provider, kind).toBe('Local');
			expect(error.message, kind).toMatch(new RegExp(`^Local: HTTP ${status}\\b`));
			expect(error.message.length, kind).toBeLessThan(400);
			expect(server().requests, kind).toHaveLength(retried(status) ? 2 : 1);
			if (type) expect(error.requestId, kind).toBe(`req_${status}`);
			if (kind.startsWith('json') || kind === 'text') expect(error.message, kind).toContain(`failure ${status}`);
			if (kind === 'json') expect([error.code, error.type], kind).toEqual([`c${status}`, 'server_error']);
			if (kind === 'html') expect(error.message, kind).toContain(`HTML page: ${status} Gateway trouble`);
			if (kind === 'cloudflare html') expect(error.message, kind).toContain('Cloudflare error page');
			if (kind.includes('html')) expect(error.message, kind).not.toMatch(/<|padding/);
		}
	});
}

test('RateLimitError carries retryAfter from Retry-After seconds, an HTTP date, or retry-after-ms', async () => {
	const seconds = await run(
		server(),
		answer(429, '{"error":{"message":"slow down"}}', {'content-type': 'application/json', 'retry-after': '7'}),
	);
	expect(seconds.error).toBeInstanceOf(RateLimitError);
	expect(seconds.error.retryAfter).toBe(7);

	const date = await run(server(), answer(429, '', {'retry-after': new Date(Date.now() + 30_000).toUTCString()}));
	expect(date.error.retryAfter).toBeGreaterThanOrEqual(28);
	expect(date.error.retryAfter).toBeLessThanOrEqual(31);

	const milliseconds = await run(server(), answer(429, '', {'retry-after-ms': '1500'}));
	expect(milliseconds.error.retryAfter).toBe(1.5);

	const none = await run(server(), answer(429, ''));
	expect(none.error.retryAfter).toBeUndefined();
});

test.each([
	['image/png', 'not an image at all'],
	['text/plain', 'Service temporarily unavailable'],
	['application/octet-stream', '\u0000\u0001\u0002'],
])('200 with the wrong content type %s: ResponseError naming it, no chunks', async (type, body) => {
	const {chunks, error} = await run(server(), answer(200, body, {'content-type': type}));
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.status).toBe(200);
	expect(error.message).toContain(type);
});

test('200 with an HTML page (a login wall or captcha) on a stream request: named, not dumped, not an empty answer', async () => {
	const {chunks, error} = await run(
		server(),
		answer(
			200,
			`<!doctype html><html><head><title>Just a moment...</title></head><body>${'<script>x</script>'.repeat(1000)}</body></html>`,
			{'content-type': 'text/html; charset=UTF-8'},
		),
	);
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.message).toContain('an HTML page');
	expect(error.message).not.toContain('<script>');
});

test('200 JSON that is no completion, and 200 bodies that are empty: ResponseError, never an empty answer', async () => {
	for (const [type, body] of [
		['application/json', '{"status":"ok"}'],
		['application/json', '[]'],
		['application/json', ''],
		['application/json', '{"choices": ['],
		['text/event-stream', ''],
	]) {
		const {chunks, error} = await run(server(), answer(200, body, {'content-type': type!}));
		expect(chunks, `${type} ${body}`).toEqual([]);
		expect(error, `${type} ${body}`).toBeInstanceOf(ResponseError);
	}

	const noContent = await run(server(), answer(204));
	expect(noContent.chunks).toEqual([]);
	expect(noContent.error).toBeInstanceOf(ResponseError);
});

test('headers that never come: TimeoutError from `timeout`, not retried, and the connection is closed', async () => {
	const started = Date.now();
	let closed = false;
	const {chunks, error} = await run(
		server(),
		(_request, _response, raw) => {
			raw.socket.on('close', () => {
				closed = true;
			});
			// Never answers.
		},
		{timeout: 300, retry: 2},
	);
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toMatch(/no response within 300 ms \(timeout\)/);
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	expect(server().requests).toHaveLength(1);
	expect(await eventually(() => closed)).toBe(true);
});

test('timeout bounds only the wait for headers: a stream lasting several times `timeout` is read to its end', async () => {
	const pieces = [
		sse([chunk({content: 'a'})], {done: false}),
		sse([chunk({content: 'b'})], {done: false}),
		sse([chunk({content: 'c'}, {}, 'stop')]),
	];
	const {chunks, error} = await run(server(), streamHandler(pieces, {gap: 600}), {timeout: 500});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('abc');
});

// One complete event, small enough to trickle byte by byte in a couple of seconds.
const compact = `data: ${JSON.stringify({choices: [{delta: {content: 'slow'}, finish_reason: 'stop'}]})}\n\n`;

test('a body trickling one byte every 50 ms: idleTimeout (well above the gap) never fires, though the whole takes far longer', async () => {
	const started = Date.now();
	const {chunks, error} = await run(server(), trickle(compact, 50), {idleTimeout: 500, timeout: 500}, 30_000);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('slow');
	expect(Date.now() - started).toBeGreaterThan(5 * 500);
}, 30_000);

test('keep-alive comments every 100 ms hold a slow answer open past idleTimeout', async () => {
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			for (let index = 0; index < 12 && !response.destroyed; index++) {
				response.write(': ping\n\n');
				await sleep(100);
			}

			response.end(compact);
		},
		{idleTimeout: 500},
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('slow');
});

test('a body that falls silent after some bytes: idleTimeout fires, after the text so far', async () => {
	const started = Date.now();
	let closed = false;
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			response.on('close', () => {
				closed = true;
			});
			response.write(sse([chunk({content: 'so far'})], {done: false}));
			response.write('data: {"cho');
		},
		{idleTimeout: 300},
	);
	expect(textOf(chunks)).toBe('so far');
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toBe('Local: no data for 300 ms while reading the response (idleTimeout)');
	expect(error.provider).toBe('Local');
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	expect(await eventually(() => closed)).toBe(true);
});

test('a slow consumer does not trip idleTimeout: only silence while a read is waiting counts', async () => {
	// The server sends each event a moment (well under idleTimeout) after the consumer took the previous one, so every
	// event comes in its own read; the consumer then spends several idleTimeouts on each before reading on. A timer
	// that counted the consumer's time instead of the server's silence would fire during those pauses.
	const idleTimeout = 300;
	const taken: Array<() => void> = [];
	server().use(async (_request, response) => {
		openStream(response);
		for (const piece of [
			sse([chunk({content: 'a'})], {done: false}),
			sse([chunk({content: 'b'})], {done: false}),
			sse([chunk({content: 'c'}, {}, 'stop')]),
		]) {
			if (response.destroyed) return;
			response.write(piece);
			await new Promise<void>(resolve => {
				taken.push(resolve);
				response.once('close', resolve);
			});
			await sleep(50);
		}

		response.end();
	});
	const texts: string[] = [];
	let error: unknown;
	try {
		for await (const item of Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: server().base,
			retry: 0,
			idleTimeout,
		})) {
			if (typeof item !== 'string') continue;
			texts.push(item);
			taken.shift()?.();
			await sleep(3 * idleTimeout);
		}
	} catch (caught) {
		error = caught;
	}

	expect(error).toBeUndefined();
	expect(texts.join('')).toBe('abc');
});

test('idleTimeout covers a JSON completion body too', async () => {
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"choices":[{"message":{"content":"never fin');
		},
		{stream: false, idleTimeout: 300},
	);
	expect(chunks).toEqual([]);
	expect(error).toBeInstanceOf(TimeoutError);
});
