import {mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Browser, Page} from 'playwright-core';
import {launchChromium} from '../helpers/chromium.js';
import {createServer, type ViteDevServer} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let vite: ViteDevServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	vite = await createServer({configFile: `${root}vite.config.ts`, root: `${root}demo`, server: {port: 0, strictPort: false, host: '127.0.0.1'}, logLevel: 'silent'});
	await vite.listen();
	browser = await launchChromium();
	page = await browser.newPage({viewport: {width: 900, height: 900}});
	await page.goto(vite.resolvedUrls!.local[0]!);
	await page.getByRole('status').filter({hasText: '4 models'}).waitFor({timeout: 20_000});
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await vite?.close();
});

const lastAnswer = () => page.locator('article.message.assistant .text').last();

test('the page streams an answer in several steps on first open', async () => {
	await page.getByLabel('Message', {exact: true}).fill('hello demo');
	await page.keyboard.press('Enter');
	const seen = new Set<string>();
	for (let tries = 0; tries < 200 && !(await page.locator('article.assistant .meta').last().textContent())?.includes('finish'); tries++) {
		seen.add((await lastAnswer().textContent()) ?? '');
		await page.waitForTimeout(25);
	}

	expect(await lastAnswer().textContent()).toMatch(/^You said: “hello demo”\. Streaming means/);
	// Several different partial texts were on screen while it streamed.
	expect([...seen].filter(text => text.length > 0).length).toBeGreaterThan(3);
	await expect.poll(async () => page.locator('article.assistant .meta').last().textContent()).toMatch(/tokens\/s/);
}, 30_000);

test('Stop aborts a long answer midway and the page stays usable', async () => {
	await page.getByLabel('Message', {exact: true}).fill('a long one please');
	await page.getByRole('button', {name: 'Send'}).click();
	await expect.poll(async () => (await lastAnswer().textContent())?.length ?? 0).toBeGreaterThan(40);
	await page.getByRole('button', {name: 'Stop'}).click();
	await expect.poll(async () => page.locator('article.assistant .meta').last().textContent()).toContain('stopped');
	const stoppedAt = (await lastAnswer().textContent())!;
	await page.waitForTimeout(300);
	expect(await lastAnswer().textContent()).toBe(stoppedAt);
	expect(stoppedAt.length).toBeLessThan(400);
	expect(await page.getByRole('button', {name: 'Send'}).isEnabled()).toBe(true);
}, 30_000);

test('the rate-limited model shows a clear rate-limit message', async () => {
	await page.getByLabel('Model').fill('demo-rate-limited');
	await page.getByLabel('Message', {exact: true}).fill('one more');
	await page.keyboard.press('Enter');
	const error = page.locator('article.message.error').last();
	await error.waitFor({timeout: 15_000});
	expect(await error.textContent()).toMatch(/Rate limited: try again in 20 s/);
	// The failed turn left no empty answer behind, and the page still works.
	expect(await page.locator('article.message.assistant').count()).toBe(2);
	expect(await page.getByRole('button', {name: 'Send'}).isEnabled()).toBe(true);
	mkdirSync(`${root}.artifacts`, {recursive: true});
	await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
	await page.screenshot({path: `${root}.artifacts/demo.png`});
}, 30_000);

test('at phone width nothing overflows sideways', async () => {
	await page.setViewportSize({width: 375, height: 800});
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({path: `${root}.artifacts/demo-phone.png`});
});
