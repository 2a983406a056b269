// `npm run demo` in server-key mode: a key in the environment mounts cablyai/server at /api/v1 on the Vite dev
// server, so the page (or any OpenAI client) streams with no key in the browser.
import {fileURLToPath} from 'node:url';
import {createServer, type ViteDevServer} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {demoEndpoint} from '../../demo/server/demo-endpoint.js';
import {serverKeyHandler, serverKeyMode} from '../../demo/server/server-key.js';
import {launchChromium} from '../helpers/chromium.js';
import {chunk, sse, startServer, type TestServer} from '../helpers/fake-openai.js';

const root = fileURLToPath(new URL('../../demo', import.meta.url));
const source = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const secret = 'sk-demo-SERVER-ONLY-0123456789';
let upstream: TestServer;
let vite: ViteDevServer;
let base: string;

async function startVite(environment: Record<string, string>): Promise<ViteDevServer> {
	const server = await createServer({
		configFile: false,
		root,
		resolve: {alias: {cablyai: source}},
		plugins: [demoEndpoint(), serverKeyMode(environment)],
		server: {port: 0, host: '127.0.0.1'},
		logLevel: 'silent',
	});
	await server.listen();
	return server;
}

beforeAll(async () => {
	upstream = await startServer((request, response) => {
		if (request.url.endsWith('/models')) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({object: 'list', data: [{id: 'gpt-4o-mini', object: 'model'}]}));
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.end(sse([chunk({role: 'assistant', content: 'Hello'}), chunk({content: ' from upstream'}, {}, 'stop')]));
	});
	vite = await startVite({CABLYAI_API_KEY: ` ${secret} `, CABLYAI_DEMO_UPSTREAM: `${upstream.url}/v1`});
	base = `${vite.resolvedUrls!.local[0]!.replace(/\/$/, '')}/api/v1`;
}, 30_000);

afterAll(async () => {
	await vite?.close();
	await upstream?.close();
});

test('no key in the environment: no handler', () => {
	expect(serverKeyHandler({})).toBeUndefined();
	expect(serverKeyHandler({GROQ_API_KEY: '  '})).toBeUndefined();
});

test("GET /api/v1/models lists the provider's models", async () => {
	const response = await fetch(`${base}/models`);
	expect(response.status).toBe(200);
	const body = await response.json();
	expect(body.object).toBe('list');
	expect(body.data.map((model: {id: string}) => model.id)).toContain('gpt-4o-mini');
});

test("a streamed chat goes upstream with the server's key; the client never sees it", async () => {
	upstream.requests.length = 0;
	const response = await fetch(`${base}/chat/completions`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: JSON.stringify({model: 'gpt-4o-mini', messages: [{role: 'user', content: 'hi'}], stream: true}),
	});
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/event-stream');
	const text = await response.text();
	const deltas = text
		.split('\n')
		.filter(line => line.startsWith('data: {'))
		.map(line => JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '');
	expect(deltas.join('')).toBe('Hello from upstream');
	expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
	expect(upstream.requests).toHaveLength(1);
	expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
	expect(text).not.toContain(secret);
	expect(JSON.stringify([...response.headers])).not.toContain(secret);
});

test('several keys make a fallback list in the documented order', async () => {
	const handler = serverKeyHandler({
		GROQ_API_KEY: 'k1',
		OPENAI_API_KEY: 'k2',
		CABLYAI_DEMO_UPSTREAM: `${upstream.url}/v1`,
	})!;
	upstream.requests.length = 0;
	const response = await handler(
		new Request('http://demo/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({model: '', messages: [{role: 'user', content: 'hi'}]}),
		}),
	);
	expect(response.status).toBe(200);
	expect((await response.json()).choices[0].message.content).toBe('Hello from upstream');
	// OpenAI comes before Groq in serverKeyVariables, so it answers first.
	expect(upstream.requests[0]!.headers.authorization).toBe('Bearer k2');
});

test('the page offers "Server key", streams through it, and no request from the page carries a key', async () => {
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		const sent: string[] = [];
		page.on('request', request =>
			sent.push(JSON.stringify({url: request.url(), headers: request.headers(), body: request.postData()})),
		);
		await page.goto(vite.resolvedUrls!.local[0]!);
		await page
			.locator('#provider option', {hasText: 'Server key (/api/v1)'})
			.waitFor({state: 'attached', timeout: 15_000});
		await page.locator('#provider').selectOption('Server key (/api/v1)');
		await expect.poll(async () => page.locator('#code').textContent()).toContain('/api/v1');
		await page.locator('#prompt').fill('hi');
		await page.locator('#prompt').press('Enter');
		const answer = page.locator('article.message.assistant .text').last();
		await expect.poll(async () => answer.textContent(), {timeout: 15_000}).toBe('Hello from upstream');
		expect(sent.some(request => request.includes('/api/v1/chat/completions'))).toBe(true);
		expect(sent.join('\n')).not.toContain(secret);
		expect(sent.filter(request => /"authorization"/i.test(request))).toEqual([]);
	} finally {
		await browser.close();
	}
}, 60_000);

test('without a key the page offers no "Server key"', async () => {
	const plain = await startVite({});
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await page.goto(plain.resolvedUrls!.local[0]!);
		await page.getByRole('status').filter({hasText: 'models'}).first().waitFor({timeout: 15_000});
		expect(await page.locator('#provider option').allTextContents()).not.toContain('Server key (/api/v1)');
	} finally {
		await browser.close();
		await plain.close();
	}
}, 60_000);
