// Script tags, as a page loads the package from a CDN or static host: dist/ is the site's root (nothing else but
// the two pages is served), a classic <script> loads cablyai.iife.js and uses the global `cablyai`, a
// <script type="module"> imports cablyai.min.js. Both stream a completion from an API on another origin.
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Browser, BrowserContext} from 'playwright-core';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
	type Api,
	distDir,
	here,
	launchChromium,
	requireDist,
	seedHeaders,
	startApi,
	startStatic,
	type StaticSite,
} from './support.js';

let api: Api;
let site: StaticSite;
let browser: Browser;
let context: BrowserContext;
let exportNames: string[];

beforeAll(async () => {
	requireDist('index.js', 'cablyai.min.js', 'cablyai.iife.js');
	const pages = resolve(here, 'pages');
	[api, site, browser] = await Promise.all([
		startApi(),
		startStatic(
			{'/': distDir},
			{'/classic.html': resolve(pages, 'cdn-classic.html'), '/module.html': resolve(pages, 'cdn-module.html')},
		),
		launchChromium(),
	]);
	context = await browser.newContext({locale: 'de-CH'});
	exportNames = Object.keys(await import(pathToFileURL(resolve(distDir, 'index.js')).href)).sort();
}, 60_000);

afterAll(async () => {
	await context?.close();
	await browser?.close();
	await site?.close();
	await api?.close();
});

const pages = [
	{
		name: 'classic <script src="cablyai.iife.js">, global cablyai',
		path: '/classic.html',
		key: 'classic',
		script: '/cablyai.iife.js',
	},
	{
		name: '<script type="module"> importing cablyai.min.js',
		path: '/module.html',
		key: 'module',
		script: '/cablyai.min.js',
	},
];

for (const {name, path, key, script} of pages) {
	test(`${name}: streams a completion; no Origin, Referer, User-Agent or Accept-Language from the library`, async () => {
		const page = await context.newPage();
		const problems: string[] = [];
		page.on('pageerror', error => problems.push(`page error: ${error.message}`));
		page.on('console', message => {
			if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
		});
		const firstRequest = site.requests.length;
		try {
			const response = await page.goto(`${site.url}${path}?api=${encodeURIComponent(`${api.url}/${key}/v1`)}`);
			expect(response?.ok()).toBe(true);
			await page
				.waitForFunction(() => (window as any).result !== undefined, undefined, {timeout: 10_000})
				.catch((error: Error) => {
					throw new Error(`${error.message}\n${problems.join('\n')}`);
				});
			const result = await page.evaluate(() => (window as any).result);
			expect(result).toEqual({
				text: 'Hello, runtime!',
				kinds: ['provider', 'reasoning', 'reasoning', 'finish', 'usage'],
			});
			expect(await page.textContent('output')).toBe('Hello, runtime!');
			// The same named exports as the npm build.
			expect(await page.evaluate(() => (window as any).exportNames)).toEqual(exportNames);
			if (key === 'classic') expect(await page.evaluate(() => (window as any).namesAdded)).toEqual(['cablyai']);
			expect(problems).toEqual([]);

			// The page needed nothing but itself and the one file (self-contained: no chunks, no dependencies).
			const fetched = new Set(site.requests.slice(firstRequest).map(request => request.path));
			expect([...fetched].sort()).toEqual([path, script].sort());

			const posts = api.postsUnder(`/${key}/`);
			expect(posts).toHaveLength(1);
			const headers = posts[0]!.headers;
			expect(headers.authorization).toBe('Bearer sk-page');
			expect(headers.origin).toBe(site.url);
			expect(headers.referer === undefined || headers.referer.startsWith(`${site.url}/`), String(headers.referer)).toBe(
				true,
			);
			expect(headers.referer).not.toBe(seedHeaders.referer);
			expect(headers['user-agent']).toBe(await page.evaluate(() => navigator.userAgent));
			expect(headers['user-agent']).not.toBe(seedHeaders.userAgent);
			expect(headers['accept-language']).toMatch(/^de-CH/);
			const preflights = api.preflights(`/${key}/`);
			expect(preflights.length).toBeGreaterThan(0);
			for (const preflight of preflights)
				expect(preflight.headers['access-control-request-headers']).toBe('authorization,content-type');
		} finally {
			await page.close();
		}
	});
}
