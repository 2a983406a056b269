// The core behaviours inside headless Chromium (Debian's /usr/bin/chromium via playwright-core), with both ESM
// builds a page can import: dist/index.js (ky and eventsource-parser through an import map) and the
// self-contained dist/cablyai.min.js. The API is another origin (another port) and answers CORS strictly.
import {resolve} from 'node:path';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {
	type Api,
	distDir,
	askedAt,
	helloExpected,
	here,
	launchChromium,
	mergeReasoning,
	requireDist,
	root,
	seedHeaders,
	startApi,
	startStatic,
	type StaticSite,
	toolExpected,
	within,
} from './support.js';

let api: Api;
let site: StaticSite;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	requireDist('index.js', 'cablyai.min.js');
	[api, site, browser] = await Promise.all([
		startApi(),
		startStatic({
			'/dist/': distDir,
			'/pages/': resolve(here, 'pages'),
			'/node_modules/ky/': resolve(root, 'node_modules/ky'),
			'/node_modules/eventsource-parser/': resolve(root, 'node_modules/eventsource-parser'),
		}),
		launchChromium(),
	]);
	// A locale of its own, so the browser's Accept-Language can be told from the seed's `en-US,en;q=0.9`.
	context = await browser.newContext({locale: 'de-CH'});
}, 60_000);

afterAll(async () => {
	await context?.close();
	await browser?.close();
	await site?.close();
	await api?.close();
});

const builds = [
	{name: 'dist/index.js with an import map', key: 'esm', page: '/pages/esm.html'},
	{name: 'dist/cablyai.min.js', key: 'min', page: '/pages/min.html'},
];

type Result = {chunks: unknown[]; afterAbort?: unknown[]; error?: Record<string, any>};

describe.each(builds)('Chromium, $name', build => {
	let page: Page;
	const base = () => `${api.url}/${build.key}/v1`;
	const complete = async (prompt: string, extra: {abortAfter?: number; breakAfter?: number} = {}): Promise<Result> =>
		page.evaluate(
			async ({base, prompt, extra}) => (window as any).runCompletion((window as any).lib, {base, prompt, ...extra}),
			{base: base(), prompt, extra},
		);
	const lastPost = (prompt: string) => api.postsUnder(`/${build.key}/`).findLast(post => post.prompt === prompt)!;

	/** Page errors and console errors (a module that failed to load shows here). */
	const problems: string[] = [];

	beforeAll(async () => {
		page = await context.newPage();
		page.on('pageerror', error => problems.push(`page error: ${error.message}`));
		page.on('console', message => {
			if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
		});
		const loaded = await page.goto(`${site.url}${build.page}`);
		expect(loaded?.ok()).toBe(true);
		await page
			.waitForFunction(() => (window as any).lib?.CablyAI !== undefined, undefined, {timeout: 10_000})
			.catch((error: Error) => {
				throw new Error(`${build.page} did not load the library: ${error.message}\n${problems.join('\n')}`);
			});
	});
	afterAll(async () => page?.close());

	test('streams text, reasoning, finish and usage', async () => {
		const {chunks, error} = await complete('hello');
		expect(error).toBeUndefined();
		expect(chunks).toEqual(askedAt(helloExpected, api.url));
	});

	test("sends only Authorization, Content-Type and Accept: none of CablyAI's Origin, Referer, User-Agent or Accept-Language", async () => {
		expect((await complete('hello')).error).toBeUndefined();
		const post = lastPost('hello');
		expect(post.headers.authorization).toBe('Bearer sk-browser');
		expect(post.headers['content-type']).toBe('application/json');
		expect(post.headers.accept).toContain('text/event-stream');
		// The browser's own values, not the library's.
		expect(post.headers.origin).toBe(site.url);
		expect(post.headers.origin).not.toBe(seedHeaders.origin);
		expect(
			post.headers.referer === undefined || post.headers.referer.startsWith(`${site.url}/`),
			String(post.headers.referer),
		).toBe(true);
		expect(post.headers['user-agent']).toBe(await page.evaluate(() => navigator.userAgent));
		expect(post.headers['user-agent']).not.toBe(seedHeaders.userAgent);
		const pageLoad = site.requests.find(request => request.path === build.page)!;
		expect(post.headers['accept-language']).toBe(pageLoad.headers['accept-language']);
		expect(post.headers['accept-language']).toMatch(/^de-CH/);
		// The preflight lists every header the script set beyond the CORS-safelisted ones: exactly these two.
		const preflights = api.preflights(`/${build.key}/`);
		expect(preflights.length).toBeGreaterThan(0);
		for (const preflight of preflights) {
			expect(preflight.headers['access-control-request-method']).toBe('POST');
			expect(preflight.headers['access-control-request-headers']).toBe('authorization,content-type');
		}
	});

	test('yields each event as soon as its bytes arrive', async () => {
		const running = complete('gated');
		// The server holds the rest of the answer until the page has shown the first two chunks.
		await page.waitForFunction(
			() => (window as any).progress.filter((item: unknown) => typeof item === 'string').length === 2,
			undefined,
			{timeout: 5000},
		);
		expect(lastPost('gated').ended).toBe(false);
		api.openGate();
		const {chunks, error} = await running;
		expect(error).toBeUndefined();
		expect(chunks.filter(item => typeof item === 'string')).toEqual(['first ', 'second ', 'third']);
	});

	test('reasoning from split <think> tags and tool calls assembled from interleaved fragments', async () => {
		const {chunks, error} = await complete('tools');
		expect(error).toBeUndefined();
		expect(mergeReasoning(chunks)).toEqual(askedAt(toolExpected, api.url));
	});

	test("HTTP 429 → RateLimitError, instanceof the page's own classes, with Retry-After and request id", async () => {
		const {chunks, error} = await complete('limit');
		expect(chunks).toEqual([]);
		expect(error).toEqual({
			name: 'RateLimitError',
			message: expect.stringContaining('Rate limit reached for requests'),
			status: 429,
			retryAfter: 7,
			requestId: 'req_limit',
			code: 'rate_limit_exceeded',
			isReason: false,
			isError: true,
			classes: {ProviderError: true, RateLimitError: true},
		});
		expect(api.postsUnder(`/${build.key}/`).filter(post => post.prompt === 'limit')).toHaveLength(1);
	});

	test("abort mid-stream rejects with the signal's reason, yields nothing more; the server sees the socket close", async () => {
		const {chunks, afterAbort, error} = await complete('long', {abortAfter: 3});
		expect(chunks.filter(item => typeof item === 'string')).toEqual(['w0 ', 'w1 ', 'w2 ']);
		expect(error?.isReason).toBe(true);
		// The next `next()` after abort() rejects: nothing more is yielded, not even text already read (w3 came in
		// the same network read as w2).
		expect(afterAbort, 'chunks yielded after abort()').toEqual([]);
		const post = lastPost('long');
		await within(post.socketClosed, 3000, "the aborted request's socket closing");
		expect(post.ended).toBe(false);
		expect(post.written).toBeLessThan(1000);
	});

	test('break closes the socket as seen by the server', async () => {
		const {chunks, error} = await complete('long', {breakAfter: 2});
		expect(error).toBeUndefined();
		expect(chunks.filter(item => typeof item === 'string')).toEqual(['w0 ', 'w1 ']);
		const post = lastPost('long');
		await within(post.socketClosed, 3000, 'the socket closing after break');
		expect(post.ended).toBe(false);
		expect(post.written).toBeLessThan(1000);
	});

	// Each test answers for the errors it caused, whatever ran before it: no page errors, console errors or unhandled
	// rejections. Chromium logs the 429 of the rate-limit test itself; anything else is a problem.
	afterEach(async () => {
		const pageErrors = await page.evaluate(() => (window as any).pageErrors.splice(0));
		const logged = problems.splice(0);
		expect(pageErrors, 'page errors').toEqual([]);
		expect(
			logged.filter(problem => !problem.includes('the server responded with a status of 429')),
			'console errors',
		).toEqual([]);
	});
});

test('Chromium, module Web Worker: streams with dist/cablyai.min.js, CORS-safe headers only', async () => {
	const page = await context.newPage();
	try {
		await page.goto(`${site.url}/pages/min.html`);
		const result = await page.evaluate(
			async base =>
				new Promise(resolve => {
					const worker = new Worker('/pages/worker.js', {type: 'module'});
					worker.addEventListener('message', event => {
						resolve(event.data);
						worker.terminate();
					});
					worker.addEventListener('error', event => resolve({error: `worker error: ${event.message}`}));
					worker.postMessage({base, prompt: 'hello'});
				}),
			`${api.url}/worker/v1`,
		);
		expect(result).toEqual({chunks: askedAt(helloExpected, api.url)});
		const post = api.postsUnder('/worker/').at(-1)!;
		expect(post.headers.origin).toBe(site.url);
		expect(post.headers['user-agent']).not.toBe(seedHeaders.userAgent);
		expect(post.headers['accept-language']).toMatch(/^de-CH/);
		for (const preflight of api.preflights('/worker/'))
			expect(preflight.headers['access-control-request-headers']).toBe('authorization,content-type');
	} finally {
		await page.close();
	}
});
