// `npm run demo` in server-key mode: a key in the environment mounts cablyai/server at /api/v1 on the Vite dev
// server, so the page (or any OpenAI client) streams with no key in the browser.
import {fileURLToPath} from 'node:url';
import {createServer, type ViteDevServer} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {serverKeyHandler, serverKeyMode} from '../../demo/server/server-key.js';
import {chunk, sse, startServer, type TestServer} from '../helpers/server.js';

const root = fileURLToPath(new URL('../../demo', import.meta.url));
const secret = 'sk-demo-SERVER-ONLY-0123456789';
let upstream: TestServer;
let vite: ViteDevServer;
let base: string;

async function startVite(environment: Record<string, string>): Promise<ViteDevServer> {
	const server = await createServer({configFile: false, root, plugins: [serverKeyMode(environment)], server: {port: 0, host: '127.0.0.1'}, logLevel: 'silent'});
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

test('GET /api/v1/models lists the provider\'s models', async () => {
	const response = await fetch(`${base}/models`);
	expect(response.status).toBe(200);
	const body = await response.json();
	expect(body.object).toBe('list');
	expect(body.data.map((model: {id: string}) => model.id)).toContain('gpt-4o-mini');
});

test('a streamed chat goes upstream with the server\'s key; the client never sees it', async () => {
	upstream.requests.length = 0;
	const response = await fetch(`${base}/chat/completions`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: JSON.stringify({model: 'gpt-4o-mini', messages: [{role: 'user', content: 'hi'}], stream: true}),
	});
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/event-stream');
	const text = await response.text();
	const deltas = text.split('\n').filter(line => line.startsWith('data: {')).map(line => JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '');
	expect(deltas.join('')).toBe('Hello from upstream');
	expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
	expect(upstream.requests).toHaveLength(1);
	expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
	expect(text).not.toContain(secret);
	expect(JSON.stringify([...response.headers])).not.toContain(secret);
});

test('several keys make a fallback list in the documented order', async () => {
	const handler = serverKeyHandler({GROQ_API_KEY: 'k1', OPENAI_API_KEY: 'k2', CABLYAI_DEMO_UPSTREAM: `${upstream.url}/v1`})!;
	upstream.requests.length = 0;
	const response = await handler(new Request('http://demo/v1/chat/completions', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({model: '', messages: [{role: 'user', content: 'hi'}]})}));
	expect(response.status).toBe(200);
	expect((await response.json()).choices[0].message.content).toBe('Hello from upstream');
	// OpenAI comes before Groq in serverKeyVariables, so it answers first.
	expect(upstream.requests[0]!.headers.authorization).toBe('Bearer k2');
});
