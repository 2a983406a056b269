// The demo page in headless Chromium, served by Vite with its local endpoint. Every test opens its own page
// (its own browser context), so each can run alone and in any order.
import {execFile} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {createServer, type ViteDevServer} from 'vite';
import {afterAll, afterEach, beforeAll, expect, test} from 'vitest';
import {launchChromium} from '../helpers/chromium.js';
import {requireDist} from '../runtimes/support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = `${root}.artifacts`;
let vite: ViteDevServer;
let browser: Browser;
let url: string;
let contexts: BrowserContext[] = [];
let problems: string[] = [];

beforeAll(async () => {
	mkdirSync(artifacts, {recursive: true});
	vite = await createServer({
		configFile: `${root}demo/vite.config.ts`,
		root: `${root}demo`,
		server: {port: 0, strictPort: false, host: '127.0.0.1'},
		logLevel: 'silent',
	});
	await vite.listen();
	url = vite.resolvedUrls!.local[0]!;
	browser = await launchChromium();
}, 60_000);

afterEach(async () => {
	await Promise.all(contexts.map(async context => context.close()));
	contexts = [];
	// Errors thrown in the page or logged to its console fail the test that caused them.
	const seen = problems;
	problems = [];
	expect(seen).toEqual([]);
});

afterAll(async () => {
	await browser?.close();
	await vite?.close();
});

/** A fresh page in its own context, loaded and with the demo's model list in. */
async function openPage({width = 1280, height = 900, colorScheme = 'light' as 'light' | 'dark'} = {}): Promise<Page> {
	const context = await browser.newContext({viewport: {width, height}, colorScheme});
	contexts.push(context);
	const page = await context.newPage();
	page.on('pageerror', error => problems.push(`page error: ${error.message}`));
	page.on('console', message => {
		// A failed request (the 429, a refused connection) is logged by Chromium itself; anything else is the page's.
		if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
			problems.push(`console error: ${message.text()}`);
	});
	await page.goto(url);
	await page.locator('#settings-status').filter({hasText: '5 models'}).waitFor({timeout: 20_000});
	return page;
}

async function openPanels(page: Page): Promise<void> {
	for (const id of ['inspector-panel', 'code-panel']) {
		if ((await page.locator(`#${id}`).getAttribute('open')) === null) await page.locator(`#${id} > summary`).click();
	}
}

/** Picks a model, types a message and presses Enter. */
async function ask(page: Page, model: string, text: string): Promise<void> {
	await page.getByLabel('Model', {exact: true}).fill(model);
	await page.getByLabel('Message', {exact: true}).fill(text);
	await page.getByLabel('Message', {exact: true}).press('Enter');
}

/** Waits until the request ended; returns the status line ("Answer finished in …", "Stopped.", "The request failed."). */
async function settled(page: Page): Promise<string> {
	const status = page.locator('#chat-status');
	await expect.poll(async () => status.textContent(), {timeout: 15_000}).toMatch(/finished|Stopped|failed/);
	return (await status.textContent())!;
}

interface Row {
	at: number;
	kind: string;
	name: string;
	detail: string;
}

async function inspectorRows(page: Page): Promise<Row[]> {
	return page.locator('#chunks li').evaluateAll(items =>
		items.map(item => ({
			at: Number.parseInt(item.querySelector('.at')?.textContent?.slice(1) ?? 'NaN', 10),
			kind: (item as HTMLElement).dataset.kind ?? '',
			name: item.querySelector('.kind')?.textContent ?? '',
			detail: item.querySelector('.detail')?.textContent ?? '',
		})),
	);
}

/** Kinds in order, with runs of one kind (text pieces, reasoning pieces) collapsed into one entry. */
const kindsInOrder = (rows: Row[]) =>
	rows.map(row => row.kind).filter((kind, index, kinds) => kind !== kinds[index - 1]);

const lastAnswer = (page: Page) => page.locator('article.message.assistant').last();

function expectTimedInOrder(rows: Row[]): void {
	const times = rows.map(row => row.at);
	expect(times.every(Number.isFinite)).toBe(true);
	expect(times).toEqual([...times].sort((a, b) => a - b));
}

/** axe-core over the whole page as it is now; `state` names it in the failure. */
async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
	if (!(await page.evaluate(() => 'axe' in window)))
		await page.addScriptTag({path: `${root}node_modules/axe-core/axe.min.js`});
	const violations = await page.evaluate(async () => {
		type Axe = {
			run(context: Document): Promise<{
				violations: Array<{id: string; help: string; nodes: Array<{target: unknown[]; failureSummary?: string}>}>;
			}>;
		};
		const {axe} = window as unknown as {axe: Axe};
		const result = await axe.run(document);
		return result.violations.map(
			violation =>
				`${violation.id}: ${violation.help} at ${violation.nodes.map(node => `${JSON.stringify(node.target)} (${node.failureSummary ?? ''})`).join('; ')}`,
		);
	});
	expect(violations, state).toEqual([]);
}

/**
Elements that stick out of the viewport sideways, either way (content pushed out to the left does not widen the
page, so scrollWidth alone misses it). Scrolling boxes (code, chunk list) may hold wider content; the skip link
waits off-screen until focused.
*/
async function outOfView(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const scrolls = (node: Element) => ['auto', 'scroll'].includes(getComputedStyle(node).overflowX);
		const result: string[] = [];
		if (document.documentElement.scrollWidth > width)
			result.push(`the page is ${document.documentElement.scrollWidth} px wide`);
		for (const node of document.querySelectorAll('body *')) {
			if (node.closest('.skip-link, .visually-hidden')) continue;
			let inScrollBox = false;
			for (let parent = node.parentElement; parent && !inScrollBox; parent = parent.parentElement)
				inScrollBox = scrolls(parent);
			const box = node.getBoundingClientRect();
			if (inScrollBox || (box.width === 0 && box.height === 0)) continue;
			if (box.left < -0.5 || box.right > width + 0.5)
				result.push(
					`${node.tagName.toLowerCase()}.${node.className} from ${Math.round(box.left)} to ${Math.round(box.right)} px`,
				);
		}

		return result;
	});
}

/** The whole page in a viewport as tall as the page, so the sticky message box sits where it belongs. */
async function screenshot(page: Page, name: string): Promise<void> {
	const width = page.viewportSize()!.width;
	await page.setViewportSize({width, height: await page.evaluate(() => document.documentElement.scrollHeight)});
	await page.screenshot({path: `${artifacts}/${name}`});
}

test('demo-echo streams in several steps; the inspector lists provider, every text piece, finish and usage in order, timed since Send', async () => {
	const page = await openPage();
	await openPanels(page);
	await expectNoAxeViolations(page, 'first open, panels open');
	// Names as a screen reader reads them: the slider's is not its output's, the model field's not its button's.
	expect(await page.getByRole('slider', {name: 'Temperature', exact: true}).count()).toBe(1);
	expect(await page.getByRole('combobox', {name: 'Model', exact: true}).count()).toBe(1);
	// Only status lines are live: the conversation, which changes on every piece, is not announced piece by piece.
	const live = await page
		.locator('[aria-live], [role="status"], [role="log"], [role="alert"]')
		.evaluateAll(nodes => nodes.map(node => node.id));
	expect(live).toEqual(['settings-status', 'chat-status', 'copy-status']);
	await ask(page, 'demo-echo', 'hello demo');
	const seen = new Set<string>();
	const liveFigures = new Set<string>();
	while (!(await page.locator('#chat-status').textContent())?.includes('finished')) {
		seen.add((await lastAnswer(page).locator('.text').textContent()) ?? '');
		liveFigures.add((await lastAnswer(page).locator('.meta').textContent()) ?? '');
		await page.waitForTimeout(25);
	}

	// While it streams, usage has not come yet: the speed is characters so far, the time is elapsed, not total.
	expect(
		[...liveFigures].some(figures =>
			/^LocalDemo · demo-echo · first token \d+ ms · elapsed [\d.]+ m?s · \d+ chars\/s so far$/.test(figures),
		),
	).toBe(true);

	const answer = (await lastAnswer(page).locator('.text').textContent())!;
	expect(answer).toMatch(/^You said: “hello demo”\. Streaming means/);
	// Several different partial texts were on screen while it streamed.
	expect([...seen].filter(text => text.length > 0).length).toBeGreaterThan(3);

	const rows = await inspectorRows(page);
	expect(kindsInOrder(rows)).toEqual(['provider', 'text', 'finish', 'usage']);
	expect(rows[0]!.detail).toBe(`LocalDemo · demo-echo · ${new URL(url).origin}`);
	const texts = rows.filter(row => row.kind === 'text');
	expect(texts.length).toBeGreaterThan(20);
	expect(texts.map(row => JSON.parse(row.detail) as string).join('')).toBe(answer);
	expect(rows.at(-2)!.detail).toBe('stop');
	expect(rows.at(-1)!.detail).toMatch(
		new RegExp(`^promptTokens \\d+ · completionTokens ${texts.length} · totalTokens \\d+$`),
	);
	expectTimedInOrder(rows);
	expect(await page.locator('#chunk-count').textContent()).toBe(`(${rows.length})`);

	// Honest figures: tokens/s from the usage the server reported, timed from the first token.
	const meta = await lastAnswer(page).locator('.meta').textContent();
	expect(meta).toMatch(
		/^LocalDemo · demo-echo · finish: stop · \d+ \+ \d+ = \d+ tokens · first token \d+ ms · total [\d.]+ s · [\d.]+ tokens\/s$/,
	);
	const [, seconds, rate] = /total ([\d.]+) s · ([\d.]+) tokens/.exec(meta!)!;
	// About 40 ms a piece: the rate is pieces over time, not a count of text chunks over nothing.
	expect(Number(rate)).toBeGreaterThan((texts.length / Number(seconds)) * 0.9);
	expect(Number(rate)).toBeLessThan(40);
	await expectNoAxeViolations(page, 'after an echo answer');
}, 40_000);

test('without streaming, from a server that reports no usage: one text chunk, speed in characters per second, labelled so', async () => {
	const page = await openPage();
	await openPanels(page);
	// Like many servers: the same answer without its usage.
	await page.route('**/v1/chat/completions', async route => {
		const response = await route.fetch();
		const {usage, ...body} = (await response.json()) as {usage: unknown};
		expect(usage).toBeDefined();
		await route.fulfill({response, json: body});
	});
	await page.getByLabel('Stream').uncheck();
	await ask(page, 'demo-echo', 'all at once');
	await settled(page);
	const rows = await inspectorRows(page);
	expect(rows.map(row => row.kind)).toEqual(['provider', 'text', 'finish']);
	expect(await lastAnswer(page).locator('.meta').textContent()).toMatch(
		/^LocalDemo · demo-echo · finish: stop · first token \d+ ms · total \d+ ms · \d+ chars\/s \(no token usage reported\)$/,
	);
	expect(await page.locator('#code').textContent()).toContain('stream: false,');
}, 30_000);

test('demo-reasoner: provider, reasoning pieces, then text pieces, finish and usage', async () => {
	const page = await openPage({colorScheme: 'dark'});
	await openPanels(page);
	await ask(page, 'demo-reasoner', 'why');
	expect(await settled(page)).toMatch(/finished/);
	const rows = await inspectorRows(page);
	expect(kindsInOrder(rows)).toEqual(['provider', 'reasoning', 'text', 'finish', 'usage']);
	expect(
		rows
			.filter(row => row.kind === 'reasoning')
			.map(row => JSON.parse(row.detail) as string)
			.join(''),
	).toBe('The user asked about “why”. A short, friendly answer will do. ');
	expectTimedInOrder(rows);
	expect(await lastAnswer(page).locator('details p').textContent()).toContain('The user asked about “why”');
	expect(await lastAnswer(page).locator('.text').textContent()).toBe(
		'Here is my considered answer to “why”: think first, then speak.',
	);
	await expectNoAxeViolations(page, 'after reasoning, dark scheme');
}, 30_000);

test('demo-tools: the tool call is shown, kept in the history, and its result goes back with it', async () => {
	const page = await openPage();
	await openPanels(page);
	await ask(page, 'demo-tools', 'Oslo');
	await settled(page);
	const rows = await inspectorRows(page);
	// The page asks for toolCallDeltas: each piece of the call as it streams, then the whole call once.
	const pieces = rows.filter(row => row.kind === 'tool_call_delta');
	expect(rows.map(row => row.kind)).toEqual([
		'provider',
		...pieces.map(() => 'tool_call_delta'),
		'tool_calls',
		'finish',
		'usage',
	]);
	expect(pieces[0]!.detail).toBe('#0 call_demo_1 get_weather · ""');
	expect(
		pieces
			.slice(1)
			.map(row => JSON.parse(row.detail.split(' · ')[1]!))
			.join(''),
	).toBe('{"city":"Oslo","unit":"celsius"}');
	const calls = rows.length - 3;
	expect(rows[calls]!.detail).toBe('call_demo_1 get_weather({"city":"Oslo","unit":"celsius"})');
	expect(rows[calls + 1]!.detail).toBe('tool_calls');
	expect(await lastAnswer(page).locator('pre.tool-call').textContent()).toContain(
		'get_weather({"city":"Oslo","unit":"celsius"})',
	);
	await expectNoAxeViolations(page, 'tool call with its result form');

	await page.getByLabel('Result of get_weather (call_demo_1)').fill('{"celsius": 21}');
	await page.getByRole('button', {name: 'Send tool results'}).click();
	await settled(page);
	// The endpoint names the call from the assistant message in the history it received.
	expect(await lastAnswer(page).locator('.text').textContent()).toBe(
		'Thanks: get_weather({"city":"Oslo","unit":"celsius"}) returned {"celsius": 21}. A real model would now answer with that result.',
	);
	expect(kindsInOrder(await inspectorRows(page))).toEqual(['provider', 'text', 'finish', 'usage']);
	expect(await page.getByRole('button', {name: 'Send tool results'}).isDisabled()).toBe(true);
	await expectNoAxeViolations(page, 'after the tool result was answered');
}, 30_000);

test("demo-rate-limited: a retry, then the error that ended it, announced as an alert; the user's turn stays", async () => {
	const page = await openPage();
	await openPanels(page);
	await ask(page, 'demo-rate-limited', 'one more');
	expect(await settled(page)).toBe('The request failed.');
	// The page allows one retry, its wait capped at 1.5 s (the server asked for 20 s): no response, so no provider chunk.
	const rows = await inspectorRows(page);
	expect(rows.map(row => row.kind)).toEqual(['retry', 'error']);
	expect(rows[0]!.detail).toMatch(/^attempt 1 in \d+ ms · RateLimitError · status 429 · code rate_limit_exceeded · /);
	expect(Number(/in (\d+) ms/.exec(rows[0]!.detail)![1])).toBeLessThanOrEqual(1500);
	expect(rows[1]).toMatchObject({kind: 'error', name: 'RateLimitError'});
	expect(rows[1]!.detail).toMatch(
		/^status 429 · code rate_limit_exceeded · type requests · retryAfter 20 · .*Rate limit reached/,
	);
	expectTimedInOrder(rows);
	const alert = page.getByRole('alert');
	expect(await alert.textContent({timeout: 5000})).toMatch(/^Rate limited: try again in 20 s\./);
	// The answer's place holds the retry note only; the question is still on screen and in the history sent next.
	const answer = page.locator('article.message.assistant');
	expect(await answer.count()).toBe(1);
	expect(await answer.locator('.note').textContent()).toMatch(
		/^Attempt 1 failed \(RateLimitError, HTTP 429\); retrying in [\d.]+ m?s\.$/,
	);
	expect(await answer.locator('.text').isHidden()).toBe(true);
	expect(await answer.locator('.meta').textContent()).toMatch(/^total [\d.]+ m?s · failed$/);
	expect(await page.locator('article.message.user').textContent()).toBe('one more');
	expect(await page.locator('#code').textContent()).toContain('{role: "user", content: "one more"}');
	expect(await page.getByRole('button', {name: 'Send'}).isEnabled()).toBe(true);
	await expectNoAxeViolations(page, 'after a rate-limit error');
}, 30_000);

test('demo-image shows the picture the images chunk carries', async () => {
	const page = await openPage();
	await openPanels(page);
	await ask(page, 'demo-image', 'a red fox');
	await settled(page);
	const rows = await inspectorRows(page);
	expect(rows.map(row => row.kind)).toEqual(['provider', 'images']);
	expect(rows[1]!.detail).toMatch(/^data:image\/svg\+xml;base64,.*…\nprompt "a red fox"$/s);
	const image = lastAnswer(page).getByRole('img', {name: 'Generated image: a red fox'});
	await expect.poll(async () => image.evaluate(node => (node as HTMLImageElement).naturalWidth)).toBe(256);
	await expectNoAxeViolations(page, 'with a generated image');
}, 30_000);

test('keyboard only: every control is reached with a visible focus; Enter sends, Escape stops, Stop stops', async () => {
	const page = await openPage();
	// The page opens with the message box focused; Tab goes round the whole page and back to it.
	expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');
	const order: string[] = [];
	for (let step = 0; step < 30 && order.at(-1) !== 'prompt'; step++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const node = document.activeElement;
			if (!(node instanceof HTMLElement) || node === document.body) return undefined;
			const style = getComputedStyle(node);
			return {
				id: node.id || node.parentElement?.id || node.tagName,
				outline: `${style.outlineStyle} ${style.outlineWidth}`,
			};
		});
		if (!focused) continue;
		order.push(focused.id);
		expect(focused.outline, `focus on ${focused.id}`).toMatch(/^solid [3-9]px$/);
	}

	// Buttons (Stop is off while idle), panels, then from the top: the skip link (an <a> without id), the settings.
	expect(order).toEqual([
		'send',
		'clear',
		'inspector-panel',
		'code-panel',
		'A',
		'provider',
		'api-key',
		'model',
		'load-models',
		'system',
		'temperature',
		'stream',
		'prompt',
	]);
	for (let step = 0; step < 4; step++) await page.keyboard.press('Tab');
	expect(await page.evaluate(() => document.activeElement?.parentElement?.id)).toBe('code-panel');

	// Open both panels from the keyboard, change the temperature with the arrow keys, pick the model by typing.
	await page.keyboard.press('Enter');
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Enter');
	expect(await page.locator('details[open]').count()).toBe(2);
	await page.locator('#temperature').focus();
	await page.keyboard.press('ArrowRight');
	expect(await page.locator('#temperature-value').textContent()).toBe('0.8');
	await page.locator('#model').focus();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type('demo-echo');

	// Enter in the message box sends; Escape stops.
	await page.locator('#prompt').focus();
	await page.keyboard.type('first question');
	await page.keyboard.press('Enter');
	await expect
		.poll(async () => (await lastAnswer(page).locator('.text').textContent())?.length ?? 0)
		.toBeGreaterThan(40);
	await page.keyboard.press('Escape');
	expect(await settled(page)).toBe('Stopped.');
	const stoppedAt = (await lastAnswer(page).locator('.text').textContent())!;
	await page.waitForTimeout(300);
	expect(await lastAnswer(page).locator('.text').textContent()).toBe(stoppedAt);
	expect(stoppedAt.length).toBeLessThan(400);
	expect(await lastAnswer(page).locator('.meta').textContent()).toMatch(/ · stopped$/);
	expect(await inspectorRows(page).then(rows => rows.at(-1))).toMatchObject({
		kind: 'error',
		name: 'AbortError',
		detail: 'Stopped by the user',
	});
	// The question and the partial answer stay in the history.
	const code = (await page.locator('#code').textContent())!;
	expect(code).toContain('{role: "user", content: "first question"}');
	expect(code).toContain(`content: ${JSON.stringify(stoppedAt)}`);
	expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');
	await expectNoAxeViolations(page, 'after Escape stopped an answer');

	// Tab to Send and press Enter; focus moves to Stop, and Enter on it stops.
	await page.keyboard.type('second question');
	await page.keyboard.press('Tab');
	expect(await page.evaluate(() => document.activeElement?.id)).toBe('send');
	await page.keyboard.press('Enter');
	await expect.poll(async () => page.evaluate(() => document.activeElement?.id)).toBe('stop');
	await expect
		.poll(async () => (await lastAnswer(page).locator('.text').textContent())?.length ?? 0)
		.toBeGreaterThan(20);
	await page.keyboard.press('Enter');
	expect(await settled(page)).toBe('Stopped.');
	expect(await page.locator('article.message.user').allTextContents()).toEqual(['first question', 'second question']);
	expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');
}, 40_000);

test("the code panel's snippet runs as written in Node against the demo endpoint, and never holds the key", async () => {
	requireDist('index.js');
	const page = await openPage();
	await openPanels(page);
	await page.getByLabel('API key').fill('sk-demo-secret-1234');
	await page.getByLabel('System prompt').fill('Answer briefly.');
	await page.getByLabel('Model', {exact: true}).fill('demo-echo');
	await page.getByLabel('Message', {exact: true}).fill('from node');
	const code = (await page.locator('#code').textContent())!;
	expect(code).not.toContain('sk-demo-secret-1234');
	expect(code).toContain('apiKey: process.env.LOCALDEMO_API_KEY,');
	expect(code).toContain('LocalDemo.createAsyncGenerator("demo-echo", messages, {');
	expect(code).toContain('temperature: 0.7,');
	expect(code).toContain('{role: "system", content: "Answer briefly."}');

	// Inside the repository, `cablyai` resolves to the package itself (its exports map, dist/).
	const file = `${artifacts}/snippet-${process.pid}.mjs`;
	writeFileSync(file, code);
	try {
		const {stdout} = await promisify(execFile)(`${root}node_modules/.bin/node`, [file], {
			timeout: 20_000,
			env: {...process.env, LOCALDEMO_API_KEY: ''},
		});
		expect(stdout).toMatch(
			/^\{\s+type: 'provider',\s+name: 'LocalDemo',\s+model: 'demo-echo',[^}]*\}\nYou said: “from node”\. Streaming means/,
		);
		expect(stdout).toContain("{ type: 'finish', reason: 'stop' }");
		expect(stdout).toMatch(/type: 'usage'/);
	} finally {
		rmSync(file, {force: true});
	}

	// Copy puts exactly that text on the clipboard.
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.getByRole('button', {name: 'Copy code'}).click();
	await expect.poll(async () => page.locator('#copy-status').textContent()).toBe('Copied.');
	expect(await page.evaluate(async () => navigator.clipboard.readText())).toBe(code);

	// A preset that needs a key: imported by name, the key read from its environment variable.
	await page.getByLabel('Provider').selectOption('Groq');
	await page.getByLabel('API key').fill('gsk-not-for-the-snippet');
	const groq = (await page.locator('#code').textContent())!;
	expect(groq).toMatch(/^import \{Groq\} from 'cablyai';/);
	expect(groq).toContain(
		'Groq.createAsyncGenerator("llama-3.3-70b-versatile", messages, {\n\tapiKey: process.env.GROQ_API_KEY,',
	);
	expect(groq).not.toContain('gsk-not-for-the-snippet');
	await expectNoAxeViolations(page, 'code panel for a preset');
}, 40_000);

test("a local preset that cannot be reached shows the library's message with its CORS setting", async () => {
	const page = await openPage();
	// Nothing listens there in the test; the page shows the NetworkError as is.
	await page.getByLabel('Provider').selectOption('Ollama');
	await page.route('http://localhost:11434/**', route => route.abort('connectionrefused'));
	await page.getByRole('button', {name: 'Load models'}).click();
	// getModels retries a refused connection (the library's default policy) before it gives up.
	await expect
		.poll(async () => page.locator('#settings-status').textContent(), {timeout: 15_000})
		.toMatch(
			/^Could not load models: Ollama: request failed: .*unreachable, or the browser blocked the request \(CORS.*OLLAMA_ORIGINS/,
		);
	await ask(page, 'llama3.2', 'hi');
	expect(await settled(page)).toBe('The request failed.');
	expect(await page.getByRole('alert').textContent()).toContain('OLLAMA_ORIGINS');
	await expectNoAxeViolations(page, 'network error');
}, 30_000);

test('the provider list is the package presets; one pages cannot call says so, Azure asks for its base URL', async () => {
	const page = await openPage();
	const options = await page.locator('#provider option').allTextContents();
	for (const preset of ['Gemini', 'Cerebras', 'Perplexity', 'Nvidia', 'AzureOpenAI', 'LlamaCpp', 'VLLM', 'Scaleway'])
		expect(options).toContain(preset);
	await page.getByLabel('Provider').selectOption('Nvidia');
	expect(await page.locator('#settings-status').textContent()).toMatch(
		/^NVIDIA's API does not answer pages \(no CORS\)/,
	);
	expect(await page.locator('#base-url-field').isHidden()).toBe(true);
	await page.getByLabel('Provider').selectOption('AzureOpenAI');
	expect(await page.locator('#settings-status').textContent()).toBe('');
	expect(await page.locator('#base-url-field').isVisible()).toBe(true);
}, 30_000);

for (const colorScheme of ['light', 'dark'] as const) {
	for (const [label, width] of [
		['desktop', 1280],
		['phone', 360],
	] as const) {
		test(`screenshot, ${label} width, ${colorScheme} scheme: nothing overflows, axe finds nothing`, async () => {
			const page = await openPage({width, height: 900, colorScheme});
			await openPanels(page);
			await ask(page, 'demo-reasoner', 'What does streaming change?');
			await settled(page);
			await ask(page, 'demo-tools', 'Lisbon');
			await settled(page);
			await page.locator('#inspector-panel').scrollIntoViewIfNeeded();
			expect(await outOfView(page)).toEqual([]);
			await expectNoAxeViolations(page, `${label}, ${colorScheme}`);
			await screenshot(page, `demo-${label}-${colorScheme}.png`);
		}, 40_000);
	}
}

test('at 320 px, with a conversation and both panels open, nothing overflows sideways', async () => {
	const page = await openPage({width: 320, height: 700});
	await openPanels(page);
	await ask(
		page,
		'demo-tools',
		'A city with a rather long name, Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch',
	);
	await settled(page);
	await ask(page, 'demo-rate-limited', 'x');
	await settled(page);
	expect(await outOfView(page)).toEqual([]);
	await screenshot(page, 'demo-320-light.png');
}, 30_000);
