// Every code example in README.md runs as written, against the packed package installed in a fresh project.
// Only where requests go changes: a prelude (Node --import, Bun/Deno --preload, a page's first script) sends
// requests for any non-loopback host to a loopback API, as `${api}/${host}${path}`, and CDN URLs are served
// from the installed dist/. The examples declare their keys (from environment variables, which are test values
// here, or a placeholder string in pages): nothing is predefined, so an example that uses an undeclared `apiKey`
// fails to type-check, or throws in its page, as it would for a reader who pastes it.
// How each block runs is the `<!-- run: … -->` line before it (test/consumers/readme-blocks.ts).
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import type {Browser, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {launchChromium} from '../helpers/chromium.js';
import {type Api, root, runCommand, startApi, startStatic, type StaticSite} from '../runtimes/support.js';
import {bin, childEnv, emptyProject, node, npmInstall, packTarball} from './packed.js';
import {documentedBlocks, type ReadmeBlock} from './readme-blocks.js';

const blocks = await documentedBlocks();
/** A file name for a block, unique across the pages. */
const idOf = (block: ReadmeBlock) => `${block.file.replace(/\W+/g, '-')}-${block.line}`;
const answer = 'Hello, runtime!';
const keys = {
	CABLYAI_API_KEY: 'sk-readme',
	MY_API_KEY: 'sk-readme',
	OPENAI_API_KEY: 'sk-readme',
	GROQ_API_KEY: 'sk-readme',
	OPENROUTER_API_KEY: 'sk-readme',
};

let work: string;
let project: string;
let api: Api;

/** The prelude: a fetch that reroutes every non-loopback request to the API. */
const prelude = (apiUrl: string) => `
const api = ${JSON.stringify(apiUrl)};
const realFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input, init) => {
	const request = new Request(input, init);
	const url = new URL(request.url);
	if (url.hostname === '127.0.0.1') return realFetch(request);
	const body = request.body ? await request.arrayBuffer() : undefined;
	return realFetch(api + '/' + url.host + url.pathname + url.search, {method: request.method, headers: request.headers, body, signal: request.signal});
};
`;

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'cablyai-readme-'));
	api = await startApi();
	project = await emptyProject(join(work, 'project'));
	// The runTools example's schema library comes from this project's dev dependencies, as a user's own would.
	const install = await npmInstall(project, await packTarball(work), [resolve(root, 'node_modules/zod')]);
	expect(install.code, install.stderr).toBe(0);
	await writeFile(join(project, 'prelude.mjs'), prelude(api.url));
}, 150_000);

afterAll(async () => {
	await api?.close();
	if (work) await rm(work, {recursive: true, force: true});
});

const extension = (block: ReadmeBlock) => (block.lang.startsWith('t') ? 'ts' : 'mjs');
const rerouted = () => api.postsUnder().filter(request => !request.path.startsWith('/127.0.0.1'));

/**
A script that imports the example, then streams one answer through every provider class it exports
(a block that only declares a provider is run that way).
*/
const driver = (file: string) => `
const module = await import('./${file}');
for (const [name, value] of Object.entries(module)) {
	if (typeof value?.createAsyncGenerator !== 'function') continue;
	let text = '';
	for await (const chunk of value.createAsyncGenerator('', [{role: 'user', content: 'hello'}], {apiKey: 'sk-readme', stream: true, retry: 0})) {
		if (typeof chunk === 'string') text += chunk;
	}
	console.log('\\n' + name + ': ' + text);
}
`;

function command(runner: 'node' | 'bun' | 'deno', script: string): [string, string[]] {
	if (runner === 'node') return [node, ['--import', './prelude.mjs', script]];
	if (runner === 'bun') return [bin('bun'), ['--preload', './prelude.mjs', script]];
	const port = new URL(api.url).port;
	return [
		bin('deno'),
		[
			'run',
			'--no-prompt',
			'--no-lock',
			'--node-modules-dir=manual',
			'--preload',
			'./prelude.mjs',
			`--allow-net=127.0.0.1:${port}`,
			'--allow-env',
			script,
		],
	];
}

const scriptBlocks = blocks.flatMap(block =>
	block.runners
		.filter(runner => runner === 'node' || runner === 'bun' || runner === 'deno')
		.map(runner => ({block, runner, name: `${block.file}:${block.line} (${block.lang}) under ${runner}`})),
);

describe.each(scriptBlocks)('$name', ({block, runner}) => {
	test('runs as written and its requests reach the API', async () => {
		const file = `readme-${idOf(block)}.${extension(block)}`;
		await writeFile(join(project, file), block.code);
		await writeFile(join(project, `drive-${idOf(block)}.mjs`), driver(file));
		const before = rerouted().length;
		const [program, args] = command(runner, `drive-${idOf(block)}.mjs`);
		const result = await runCommand(program, args, {cwd: project, env: childEnv(keys), timeout: 60_000});
		expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
		expect(result.stderr).not.toMatch(/error/i);
		expect(rerouted().length, 'requests the example sent').toBeGreaterThan(before);
		if (/stdout\.write|console\.log\([^)]*chunk\)|^\w+: /m.test(block.code) || /export\s+class/.test(block.code)) {
			expect(result.stdout).toContain(answer);
		}
	}, 70_000);
});

const typeChecked = blocks.filter(
	block =>
		block.lang.startsWith('t') &&
		block.runners.some(runner => runner !== 'deno' && runner !== 'skip' && runner !== 'browser'),
);

test('every TypeScript example type-checks under strict against the installed types', async () => {
	expect(typeChecked.length).toBeGreaterThan(0);
	const files = [];
	for (const block of typeChecked) {
		const file = `check-${idOf(block)}.ts`;
		// An `export {}` keeps each example a module of its own, as in a user's project.
		await writeFile(join(project, file), `${block.code}\nexport {};\n`);
		files.push(file);
	}

	await writeFile(
		join(project, 'tsconfig.json'),
		JSON.stringify({
			compilerOptions: {
				strict: true,
				noEmit: true,
				target: 'es2023',
				module: 'esnext',
				moduleResolution: 'bundler',
				lib: ['es2023', 'dom', 'dom.iterable'],
				types: ['node'],
				typeRoots: [resolve(root, 'node_modules/@types')],
				allowImportingTsExtensions: true,
				skipLibCheck: false,
			},
			files,
		}),
	);
	const result = await runCommand(bin('tsc'), ['-p', 'tsconfig.json'], {
		cwd: project,
		env: childEnv(),
		timeout: 60_000,
	});
	expect(result.code, result.stdout + result.stderr).toBe(0);
}, 70_000);

const pageBlocks = blocks.filter(block => block.runners.includes('browser'));

describe('pages', () => {
	let browser: Browser;
	let site: StaticSite;
	beforeAll(async () => {
		browser = await launchChromium();
		site = await startStatic({'/pages/': join(work, 'pages')});
	}, 60_000);
	afterAll(async () => {
		await browser?.close();
		await site?.close();
	});

	/** CDN hosts serve the installed package's files (with CORS, as CDNs do). */
	async function serveCdn(page: Page) {
		await page.route(/^https:\/\/(?:cdn\.jsdelivr\.net\/npm|unpkg\.com)\/cablyai(?:@[^/]+)?\/(.+)$/, async route => {
			const path = /\/cablyai(?:@[^/]+)?\/(.+)$/.exec(new URL(route.request().url()).pathname)![1]!;
			await route.fulfill({
				body: await readFile(join(project, 'node_modules/cablyai', path)),
				contentType: 'text/javascript',
				headers: {'access-control-allow-origin': '*'},
			});
		});
	}

	test.each(pageBlocks.map(block => ({block, name: `${block.file}:${block.line} in a Chromium page`})))(
		'$name streams as written',
		async ({block}) => {
			await mkdir(join(work, 'pages'), {recursive: true});
			// Providers a block declares (`const Name = class …`) are global lexical bindings: a script after it hands them over.
			const names = [...block.code.matchAll(/const (\w+) = class\b/g)].map(match => match[1]!);
			const handOver = `<script>window.readmeProviders = {${names.join(', ')}};</script>`;
			await writeFile(
				join(work, 'pages', `${idOf(block)}.html`),
				`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>README ${idOf(block)}</title><script>${prelude(api.url)}</script></head><body>\n${block.code}\n${handOver}</body></html>`,
			);
			const page = await browser.newPage();
			const errors: string[] = [];
			page.on('pageerror', error => errors.push(error.message));
			try {
				await serveCdn(page);
				const before = rerouted().length;
				await page.goto(`${site.url}/pages/${idOf(block)}.html`);
				if (block.code.includes('createAsyncGenerator')) {
					await page.waitForFunction(text => document.body.textContent?.includes(text), answer, {timeout: 15_000});
				} else {
					// A block that only declares providers (`const Name = class … extends cablyai.OpenaiTemplate`): stream through each.
					expect(names.length, 'providers the block declares').toBeGreaterThan(0);
					for (const name of names) {
						const text = await page.evaluate(async provider => {
							let text = '';
							const declared = (
								window as unknown as {readmeProviders: Record<string, typeof import('cablyai').OpenaiTemplate>}
							).readmeProviders[provider]!;
							for await (const chunk of declared.createAsyncGenerator('', [{role: 'user', content: 'hello'}], {
								apiKey: 'sk-readme',
								stream: true,
								retry: 0,
							})) {
								if (typeof chunk === 'string') text += chunk;
							}

							return text;
						}, name);
						expect(text, name).toBe(answer);
					}
				}

				expect(errors).toEqual([]);
				expect(rerouted().length).toBeGreaterThan(before);
			} finally {
				await page.close();
			}
		},
		40_000,
	);
});
