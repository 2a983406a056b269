// In a page, a request that fails before any response is one opaque "Failed to fetch", whether the server is down
// or CORS blocked it. The NetworkError says both, and the local presets name the setting that lets pages in.
// The page loads the built dist/cablyai.min.js from one loopback origin; the "servers" are another.
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Browser, Page} from 'playwright-core';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {NetworkError, Ollama} from '../../src/index.js';
import {launchChromium} from '../helpers/chromium.js';
import {distDir, requireDist} from '../runtimes/support.js';

let site: Server;
let noCors: Server;
let closedBase: string;
let noCorsBase: string;
let browser: Browser;
let page: Page;

const listen = async (server: Server) =>
	new Promise<string>(resolve => {
		server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
	});

beforeAll(async () => {
	requireDist('cablyai.min.js');
	const library = readFileSync(`${distDir}/cablyai.min.js`);
	site = createServer((request, response) => {
		if (request.url === '/cablyai.min.js') {
			response.writeHead(200, {'content-type': 'text/javascript'});
			response.end(library);
		} else {
			response.writeHead(200, {'content-type': 'text/html'});
			response.end(
				'<!doctype html><title>network error</title><script type="module">import * as lib from "/cablyai.min.js"; window.lib = lib;</script>',
			);
		}
	});
	// A working chat API on another origin that sends no CORS headers: the browser hides its answers.
	noCors = createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"object":"list","data":[]}');
	});
	const closed = createServer();
	closedBase = `${await listen(closed)}/v1`;
	await new Promise(resolve => closed.close(resolve));
	noCorsBase = `${await listen(noCors)}/v1`;
	const origin = await listen(site);
	browser = await launchChromium();
	page = await browser.newPage();
	await page.goto(`${origin}/`);
	await page.waitForFunction(() => 'lib' in window);
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await Promise.all([site, noCors].map(async server => new Promise(resolve => server?.close(resolve))));
});

/** Subclasses a provider with another base URL inside the page and returns the error its request raised. */
async function failureIn(
	preset: 'Ollama' | 'LMStudio' | 'Nvidia' | 'OpenaiTemplate',
	baseUrl: string,
	call: 'chat' | 'models',
) {
	return page.evaluate(
		async ({preset, baseUrl, call}) => {
			type Lib = Record<
				string,
				{
					createAsyncGenerator(model: string, messages: unknown[], options: object): AsyncGenerator;
					getModels(options: object): Promise<string[]>;
				}
			>;
			const provider = (window as unknown as {lib: Lib}).lib[preset]!;
			try {
				// A key for the presets that need one (it makes the request a preflighted one, as a real page's is).
				if (call === 'models') await provider.getModels({baseUrl, retry: 0, apiKey: 'sk-page-test-key'});
				else
					for await (const _ of provider.createAsyncGenerator('some-model', [{role: 'user', content: 'hi'}], {
						baseUrl,
						apiKey: 'sk-page-test-key',
						retry: 0,
						stream: true,
					})) {
					}
				return undefined;
			} catch (error) {
				return {name: (error as Error).name, message: (error as Error).message};
			}
		},
		{preset, baseUrl, call},
	);
}

test("a closed port: the message says unreachable or blocked (CORS), with Ollama's OLLAMA_ORIGINS", async () => {
	const error = await failureIn('Ollama', closedBase, 'chat');
	expect(error?.name).toBe('NetworkError');
	expect(error?.message).toMatch(
		/^Ollama: request failed: Failed to fetch\. The server is unreachable, or the browser blocked the request \(CORS: the server must allow the origin http:\/\/127\.0\.0\.1:\d+\)/,
	);
	expect(error?.message).toContain('OLLAMA_ORIGINS');
});

test('a server without CORS headers: LM Studio\'s "Enable CORS" is named, for chat and for the model list', async () => {
	for (const call of ['chat', 'models'] as const) {
		const error = await failureIn('LMStudio', noCorsBase, call);
		expect(error?.name).toBe('NetworkError');
		expect(error?.message).toContain('the browser blocked the request (CORS');
		expect(error?.message).toContain('"Enable CORS"');
	}
});

test("a service that does not answer pages (browserCors: false): NVIDIA's hint says to call it from a server", async () => {
	const error = await failureIn('Nvidia', noCorsBase, 'chat');
	expect(error?.name).toBe('NetworkError');
	expect(error?.message).toContain('the browser blocked the request (CORS');
	expect(error?.message).toContain("NVIDIA's API does not answer pages (no CORS): call it from a server");
});

test('other providers get the general sentence only', async () => {
	const error = await failureIn('OpenaiTemplate', closedBase, 'chat');
	expect(error?.message).toContain('The server is unreachable, or the browser blocked the request (CORS');
	expect(error?.message).not.toMatch(/OLLAMA_ORIGINS|Enable CORS/);
});

test('outside browsers the message stays about the connection', async () => {
	const failure = await Ollama.getModels({baseUrl: closedBase, retry: 0}).catch((error: unknown) => error);
	expect(failure).toBeInstanceOf(NetworkError);
	expect((failure as Error).message).toMatch(/ECONNREFUSED/);
	expect((failure as Error).message).not.toMatch(/CORS|OLLAMA_ORIGINS/);
});
