// The package as users get it: `npm pack`, then the tarball installed with install scripts on (npm, Bun) into
// fresh projects outside this repository, imported by its name from Node, Bun, Deno, TypeScript and a Vite app.
// The registry is reached only for ky and eventsource-parser, as a user's install would.
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Browser} from 'playwright-core';
import {build} from 'vite';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {launchChromium} from '../helpers/chromium.js';
import {bin, childEnv, emptyProject, node, npmInstall, packTarball} from './packed.js';
import {
	type Api,
	askedAt,
	helloExpected,
	here as runtimesDir,
	mergeReasoning,
	requireDist,
	runCommand,
	startApi,
	startStatic,
	toolExpected,
} from '../runtimes/support.js';

const smoke = resolve(runtimesDir, 'smoke.mjs');
const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'];

let work: string;
let tarball: string;
let api: Api;
const project = async (name: string) => emptyProject(join(work, name));

beforeAll(async () => {
	requireDist('index.js', 'index.d.ts');
	work = await mkdtemp(join(tmpdir(), 'cablyai-consumer-'));
	api = await startApi();
	tarball = await packTarball(work);
}, 90_000);

afterAll(async () => {
	await api?.close();
	if (work) await rm(work, {recursive: true, force: true});
});

/** Runs test/runtimes/smoke.mjs inside `directory` (so `cablyai` resolves from its node_modules) and returns its report. */
async function runSmoke(
	directory: string,
	command: string,
	args: string[],
	key: string,
	extraEnv: NodeJS.ProcessEnv = {},
) {
	await copyFile(smoke, join(directory, 'smoke.mjs'));
	const result = await runCommand(command, [...args, 'smoke.mjs', `${api.url}/${key}/v1`], {
		cwd: directory,
		env: childEnv(extraEnv),
		timeout: 60_000,
	});
	expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
	return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

function expectStreams(report: any, directory: string) {
	expect(report.resolved).toBe(pathToFileURL(join(directory, 'node_modules/cablyai/dist/index.js')).href);
	expect(report.hello).toEqual(askedAt(helloExpected, api.url));
	expect(mergeReasoning(report.tools)).toEqual(askedAt(toolExpected, api.url));
	expect(report.limit).toMatchObject({
		name: 'RateLimitError',
		rateLimit: true,
		providerError: true,
		status: 429,
		retryAfter: 7,
	});
	expect(report.abort.outcome).toBe('the reason');
	expect(report.break.server.closed).toBe(true);
}

describe('npm install <tarball> (scripts on)', () => {
	let directory: string;
	let install: Awaited<ReturnType<typeof runCommand>>;
	beforeAll(async () => {
		directory = await project('npm');
		install = await npmInstall(directory, tarball);
	}, 130_000);

	test('installs, with no install-time script and no warning about scripts', async () => {
		expect(install.code, install.stderr).toBe(0);
		expect(install.stderr).not.toMatch(/cablyai@[^\n]*\((?:preinstall|install|postinstall|prepare):/);
		const manifest = JSON.parse(await readFile(join(directory, 'node_modules/cablyai/package.json'), 'utf8'));
		expect(Object.keys(manifest.scripts ?? {}).filter(name => installScripts.includes(name))).toEqual([]);
	});

	test('a Node script imports `cablyai` by name and streams from a loopback server', async () => {
		expectStreams(await runSmoke(directory, node, [], 'npm-node'), directory);
	}, 60_000);

	test('Deno imports the installed package from node_modules (--node-modules-dir) and streams', async () => {
		const port = new URL(api.url).port;
		const args = ['run', '--no-prompt', '--no-lock', '--node-modules-dir=manual', `--allow-net=127.0.0.1:${port}`];
		const denoDir = join(work, 'deno-cache');
		await mkdir(denoDir, {recursive: true});
		const report = await runSmoke(directory, bin('deno'), args, 'npm-deno', {DENO_DIR: denoDir});
		expect(report.runtime.name).toBe('deno');
		expectStreams(report, directory);
	}, 60_000);

	test('TypeScript consumers type-check against the installed types (moduleResolution bundler and node16)', async () => {
		await writeFile(join(directory, 'consumer.ts'), typeScriptConsumer);
		for (const [resolution, module] of [
			['bundler', 'esnext'],
			['node16', 'node16'],
		] as const) {
			const config = `tsconfig.${resolution}.json`;
			await writeFile(
				join(directory, config),
				JSON.stringify({
					compilerOptions: {
						strict: true,
						noEmit: true,
						target: 'es2022',
						module,
						moduleResolution: resolution,
						lib: ['es2022', 'dom', 'dom.iterable'],
						types: [],
						skipLibCheck: false,
					},
					files: ['consumer.ts'],
				}),
			);
			const result = await runCommand(bin('tsc'), ['-p', config], {cwd: directory, env: childEnv(), timeout: 60_000});
			expect(result.code, `${resolution}:\n${result.stdout}${result.stderr}`).toBe(0);
		}
	}, 90_000);

	test('a Vite app that imports `cablyai` builds, and its bundle streams in Chromium', async () => {
		const app = join(directory, 'app');
		await mkdir(app, {recursive: true});
		await writeFile(
			join(app, 'index.html'),
			'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title></head><body><pre id="out"></pre><script type="module" src="./main.js"></script></body></html>',
		);
		await writeFile(join(app, 'main.js'), viteApp);
		await build({
			root: app,
			configFile: false,
			logLevel: 'silent',
			build: {outDir: join(app, 'dist'), emptyOutDir: true},
		});
		const site = await startStatic({'/': join(app, 'dist')}, {'/': join(app, 'dist/index.html')});
		let browser: Browser | undefined;
		try {
			browser = await launchChromium();
			const page = await browser.newPage();
			await page.goto(`${site.url}/?api=${encodeURIComponent(`${api.url}/vite-app/v1`)}`);
			await page.locator('#out[data-done]').waitFor({timeout: 20_000});
			expect(await page.locator('#out').textContent()).toBe('Hello, runtime!');
			expect(await page.locator('#out').getAttribute('data-done')).toBe('stop');
		} finally {
			await browser?.close();
			await site.close();
		}

		expect(api.postsUnder('/vite-app/')).toHaveLength(1);
	}, 90_000);
});

describe('bun add <tarball>', () => {
	test('installs, and the same script streams under Bun', async () => {
		const directory = await project('bun');
		const install = await runCommand(bin('bun'), ['add', tarball], {cwd: directory, env: childEnv(), timeout: 120_000});
		expect(install.code, install.stderr).toBe(0);
		const report = await runSmoke(directory, bin('bun'), [], 'bun-add');
		expect(report.runtime.name).toBe('bun');
		expectStreams(report, directory);
	}, 130_000);
});

/** Uses the public API as a TypeScript user would; `@ts-expect-error` lines prove the types are not `any`. */
const typeScriptConsumer = `import {CablyAI, OpenaiTemplate, ProviderError, RateLimitError, type Chunk, type CreateOptions, type Messages} from 'cablyai';

class Local extends OpenaiTemplate {
	static override apiBase = 'http://127.0.0.1:11434/v1';
	static override defaultModel = 'llama3';
}

const messages: Messages = [{role: 'system', content: 'Be brief.'}, {role: 'user', content: 'Hi'}];
const options: CreateOptions = {apiKey: 'sk-test', stream: true, temperature: 0.2, maxTokens: 64};

export async function run(): Promise<string> {
	let text = '';
	try {
		for await (const chunk of CablyAI.createAsyncGenerator('', messages, options)) {
			const value: Chunk = chunk;
			if (typeof value === 'string') text += value;
			else if (value.type === 'reasoning') text += value.text.length;
			else if (value.type === 'usage') text += value.totalTokens.toFixed(0);
			else if (value.type === 'tool_calls') text += value.calls.map(call => call.function.name).join();
		}
	} catch (error) {
		if (error instanceof RateLimitError) return String(error.retryAfter ?? error.status);
		if (error instanceof ProviderError) return error.message;
		throw error;
	}

	const models: string[] = await Local.getModels();
	return text + models.join();
}

// @ts-expect-error the model is a string
CablyAI.createAsyncGenerator(1, messages);
// @ts-expect-error maxTokens is a number
CablyAI.createAsyncGenerator('', messages, {maxTokens: 'many'});
`;

/** A browser app's entry: streams one answer from the API named in the page's query into #out. */
const viteApp = `import {OpenaiTemplate} from 'cablyai';

class Api extends OpenaiTemplate {
	static label = 'Api';
	static apiBase = new URL(location.href).searchParams.get('api');
	static defaultModel = 'gpt-4o-mini';
}

const out = document.querySelector('#out');
let reason = 'none';
for await (const chunk of Api.createAsyncGenerator('', [{role: 'user', content: 'hello'}], {stream: true, retry: 0})) {
	if (typeof chunk === 'string') out.append(chunk);
	else if (chunk.type === 'finish') reason = chunk.reason;
}

out.dataset.done = reason;
`;
