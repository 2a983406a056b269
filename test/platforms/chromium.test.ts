import {readFile} from 'node:fs/promises';
import {extname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type Browser, chromium, type Page} from 'playwright-core';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {chunk, sleep, sse, startServer, type RecordedRequest, type TestServer} from '../helpers/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const types: Record<string, string> = {'.js': 'text/javascript', '.html': 'text/html'};

/** The page's origin: serves dist/ and test pages. */
let site: TestServer;
/** The API, on another origin: answers CORS like a real provider and records what reached it. */
let api: TestServer;
let browser: Browser;
let page: Page;

const pages: Record<string, string> = {
	'/module.html': `<!doctype html><script type="module">
		import * as cablyai from '/dist/cablyai.min.js';
		window.cablyai = cablyai;
		window.ready = true;
	</script>`,
	'/classic.html': '<!doctype html><script src="/dist/cablyai.iife.js"></script><script>window.ready = typeof cablyai === "object";</script>',
};

function cors(request: RecordedRequest, response: import('node:http').ServerResponse): boolean {
	response.setHeader('access-control-allow-origin', '*');
	if (request.method !== 'OPTIONS') return false;
	response.writeHead(204, {
		'access-control-allow-methods': 'POST, GET, OPTIONS',
		'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? '*'),
	});
	response.end();
	return true;
}

beforeAll(async () => {
	site = await startServer(async (request, response) => {
		const path = request.url.split('?')[0]!;
		if (pages[path]) {
			response.writeHead(200, {'content-type': 'text/html'});
			response.end(pages[path]);
			return;
		}

		try {
			const body = await readFile(`${root}${path.slice(1)}`);
			response.writeHead(200, {'content-type': types[extname(path)] ?? 'application/octet-stream'});
			response.end(body);
		} catch {
			response.writeHead(404);
			response.end();
		}
	});
	api = await startServer(async (request, response) => {
		if (cors(request, response)) return;
		const prompt = request.json?.messages?.at(-1)?.content;
		if (prompt === 'limit') {
			response.writeHead(429, {'content-type': 'application/json', 'retry-after': '3', 'access-control-expose-headers': 'retry-after'});
			response.end('{"error":{"message":"Rate limit reached","type":"requests"}}');
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream'});
		if (prompt === 'long') {
			for (let index = 0; index < 300 && !response.destroyed; index++) {
				response.write(sse([chunk({content: `w${index} `})], {done: false}));
				await sleep(15);
			}

			response.end();
			return;
		}

		response.end(sse([
			chunk({reasoning_content: 'thinking'}),
			chunk({content: '<b>Hello'}),
			chunk({content: ' browser</b>'}),
			chunk({tool_calls: [{index: 0, id: 'call_1', function: {name: 'lookup', arguments: '{"q":'}}]}),
			chunk({tool_calls: [{index: 0, function: {arguments: '"x"}'}}]}, {}, 'tool_calls'),
		]));
	});
	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
	});
	page = await browser.newPage();
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await site?.close();
	await api?.close();
});

/** Runs a completion in the page with the loaded `window.cablyai`. */
async function complete(prompt: string, extra: {abortAfter?: number; breakAfter?: number} = {}) {
	return page.evaluate(async ({base, prompt, extra}) => {
		const {CablyAI} = (window as any).cablyai;
		const controller = new AbortController();
		const reason = new Error('stop pressed');
		const chunks: unknown[] = [];
		try {
			let texts = 0;
			for await (const chunk of CablyAI.createAsyncGenerator('', [{role: 'user', content: prompt}], {apiKey: 'sk-browser', stream: true, baseUrl: base, signal: controller.signal, retry: 0})) {
				chunks.push(chunk);
				if (typeof chunk === 'string') texts++;
				if (texts === extra.abortAfter) controller.abort(reason);
				if (texts === extra.breakAfter) break;
			}

			return {chunks};
		} catch (error: any) {
			return {chunks, error: {name: error?.name, message: error?.message, retryAfter: error?.retryAfter, isReason: error === reason, isProviderError: error instanceof (window as any).cablyai.ProviderError}};
		}
	}, {base: `${api.url}/v1`, prompt, extra});
}

for (const [kind, path] of [['ES module (cablyai.min.js)', '/module.html'], ['classic script (cablyai.iife.js, global cablyai)', '/classic.html']] as const) {
	test(`${kind}: streams text, reasoning and tool calls`, async () => {
		await page.goto(`${site.url}${path}`);
		await page.waitForFunction(() => (window as any).ready === true);
		api.requests.length = 0;
		const {chunks, error} = await complete('hi');
		expect(error).toBeUndefined();
		expect(chunks).toEqual([
			{type: 'provider', name: 'CablyAI', model: 'gpt-4o-mini', url: 'https://cablyai.com/chat'},
			{type: 'reasoning', text: 'thinking'},
			'<b>Hello',
			' browser</b>',
			{type: 'tool_calls', calls: [{id: 'call_1', type: 'function', function: {name: 'lookup', arguments: '{"q":"x"}'}}]},
			{type: 'finish', reason: 'tool_calls'},
		]);
		const post = api.requests.find(request => request.method === 'POST')!;
		// Only CORS-safe headers from the library: none of CablyAI's browser-like headers.
		expect(post.headers.authorization).toBe('Bearer sk-browser');
		expect(post.headers.origin).toBe(site.url);
		expect(post.headers.referer ?? '').not.toContain('cablyai.com');
		expect(post.headers['user-agent']).not.toContain('Windows NT 10.0');
	});
}

test('a classic-script user declares a provider in one statement and streams through it', async () => {
	await page.goto(`${site.url}/classic.html`);
	await page.waitForFunction(() => (window as any).ready === true);
	api.requests.length = 0;
	const result = await page.evaluate(async base => {
		// The README's one-statement provider, written as a page script would.
		const MyGateway = class MyGateway extends (window as any).cablyai.OpenaiTemplate {
			static apiBase = base;
			static needsAuth = true;
			static defaultModel = 'gateway-model';
		};
		let text = '';
		let name = '';
		for await (const chunk of MyGateway.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {apiKey: 'sk-gw', stream: true})) {
			if (typeof chunk === 'string') text += chunk;
			else if (chunk.type === 'provider') name = chunk.name;
		}

		return {text, name};
	}, `${api.url}/v1`);
	expect(result).toEqual({text: '<b>Hello browser</b>', name: 'MyGateway'});
	expect(api.requests.find(request => request.method === 'POST')!.json.model).toBe('gateway-model');
});

test('an HTTP error class crosses into the page: 429 → RateLimitError with retryAfter', async () => {
	const {error} = await complete('limit');
	expect(error).toEqual({name: 'RateLimitError', message: expect.stringContaining('Rate limit reached'), retryAfter: 3, isReason: false, isProviderError: true});
});

test('abort mid-stream rejects with the signal\'s reason; the server sees the socket close', async () => {
	const closed = api.socketClosed();
	const {chunks, error} = await complete('long', {abortAfter: 3});
	expect(error?.isReason).toBe(true);
	expect(chunks.filter(item => typeof item === 'string').length).toBeGreaterThanOrEqual(3);
	await closed;
});

test('break closes the socket as seen by the server', async () => {
	const closed = api.socketClosed();
	const {chunks, error} = await complete('long', {breakAfter: 2});
	expect(error).toBeUndefined();
	expect(chunks.filter(item => typeof item === 'string')).toHaveLength(2);
	await closed;
});
