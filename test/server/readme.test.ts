// README "Server: keep keys off the page": each server example runs as written in its runtime against the built
// package (dist/), with only the upstream base URL and the port changed; the page example streams in Chromium
// from the Node example's server, with no key in the page; the custom route answers a request.
import {type ChildProcess, spawn} from 'node:child_process';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {readmeBlocks} from '../consumers/readme-blocks.js';
import {launchChromium} from '../helpers/chromium.js';
import {distDir, requireDist, root} from '../runtimes/support.js';
import {compatibilityDate} from './serve.js';
import {helloDeltas, startFakeOpenai, type FakeOpenai} from '../helpers/fake-openai.js';
import {deltas, events, user} from './wire.js';

const key = 'sk-readme-server-3b1f';
// The access token the examples read from CABLYAI_TOKEN; clients send it as a Bearer token.
const token = 'readme-access-token-9c2e';
// Inside the package (git-ignored), so that `cablyai` resolves to the package's own exports (dist/), as Node resolves a
// package's name from its own files, and `srvx` to its dev dependency.
const cache = resolve(root, '.artifacts/server-readme');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

/** The code of the block under `### heading` in the README's server section. */
async function example(heading: string): Promise<string> {
	const lines = (await readFile(resolve(root, 'README.md'), 'utf8')).split('\n');
	const start = lines.indexOf('## Server: keep keys off the page');
	const at = lines.findIndex((line, index) => index > start && line.startsWith(`### ${heading}`));
	expect(at, heading).toBeGreaterThan(start);
	const block = (await readmeBlocks()).find(item => item.line > at + 1);
	return block!.code;
}

/** The code of the block under `## heading` in docs/server.md (the server recipes). */
async function recipe(heading: string): Promise<string> {
	const lines = (await readFile(resolve(root, 'docs/server.md'), 'utf8')).split('\n');
	const at = lines.findIndex(line => line.startsWith(`## ${heading}`));
	expect(at, heading).toBeGreaterThan(-1);
	const block = (await readmeBlocks('docs/server.md')).find(item => item.line > at + 1);
	return block!.code;
}

async function freePort(): Promise<number> {
	return new Promise(done => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => done(port));
		});
	});
}

let upstream: FakeOpenai;
// The port first: the upstream's own port may contain 8787 (e.g. 48787), which a later replace would mangle;
// a fresh-clone run failed that way in all six tests (an invalid URL for the servers, port 40 in workerd).
const rewrite = (code: string, port: number) =>
	code.replaceAll('8787', String(port)).replaceAll('https://cablyai.com/v1', `${upstream.url}/v1`);

beforeAll(async () => {
	requireDist('index.js', 'server.js');
	upstream = await startFakeOpenai();
	await mkdir(cache, {recursive: true});
});
afterAll(async () => {
	await upstream?.close();
	await rm(cache, {recursive: true, force: true});
});

/** Runs a server example; resolves once it answers HTTP. */
async function serveExample(
	command: string,
	args: string[],
	port: number,
	environment: Record<string, string> = {CABLYAI_TOKEN: token},
): Promise<{url: string; stop(): Promise<void>; log(): string}> {
	const child: ChildProcess = spawn(command, args, {
		cwd: cache,
		env: {
			...environment,
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			CABLYAI_API_KEY: key,
			NO_COLOR: '1',
			DENO_NO_UPDATE_CHECK: '1',
			DENO_DIR: join(cache, 'deno'),
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let log = '';
	child.stdout!.on('data', data => {
		log += String(data);
	});
	child.stderr!.on('data', data => {
		log += String(data);
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}:\n${log}`);
		if (
			await fetch(`${url}/`).then(
				() => true,
				() => false,
			)
		)
			break;
		if (Date.now() > deadline) throw new Error(`${command}: no answer within 15 s:\n${log}`);
		await new Promise(done => setTimeout(done, 100));
	}

	const exited = new Promise(done => child.once('exit', done));
	return {
		url,
		log: () => log,
		stop: async () => {
			child.kill();
			await exited;
		},
	};
}

/**
What every server example must do: refuse a client without the access token, and stream the upstream's answer to
one with it, the key staying on the server.
*/
async function checkServes(url: string): Promise<void> {
	const ask = async (headers: Record<string, string>) =>
		fetch(`${url}/v1/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'application/json', ...headers},
			body: JSON.stringify({model: 'gpt-4o-mini', messages: user('hello'), stream: true}),
		});
	// Closed to anyone without the token.
	const refused = await ask({});
	expect(refused.status, await refused.text()).toBe(401);
	const response = await ask({authorization: `Bearer ${token}`});
	const text = await response.text();
	expect(response.status, text).toBe(200);
	expect(
		deltas(events(text))
			.filter(item => item.content)
			.map(item => item.content)
			.join(''),
	).toBe('Hello, world!');
	expect(text).not.toContain(key);
	expect(upstream.posts('hello').at(-1)!.headers.authorization).toBe(`Bearer ${key}`);
}

describe('Node (srvx) and the page', () => {
	let server: Awaited<ReturnType<typeof serveExample>>;
	beforeAll(async () => {
		const port = await freePort();
		await writeFile(join(cache, 'node.mjs'), rewrite(await example('Node (srvx)'), port));
		server = await serveExample(process.execPath, ['node.mjs'], port);
	}, 30_000);
	afterAll(async () => server?.stop());

	test('serves as written', async () => {
		await checkServes(server.url);
	});

	test('without CABLYAI_TOKEN it does not start: createHandler throws', async () => {
		const port = await freePort();
		await writeFile(join(cache, 'node-no-token.mjs'), rewrite(await example('Node (srvx)'), port));
		await expect(serveExample(process.execPath, ['node-no-token.mjs'], port, {})).rejects.toThrow(
			/TypeError: cablyai\/server: .*`accessToken`/,
		);
	});

	test('the page streams through it with no key of its own', async () => {
		const code = await example('The page');
		const browser = await launchChromium();
		try {
			const page = await browser.newPage();
			const sent: string[] = [];
			page.on('request', request => sent.push(`${request.url()} ${request.headers().authorization ?? ''}`));
			// The page comes from the server's origin, as it would be deployed; the CDN file from dist/.
			await page.route(`${server.url}/`, async route =>
				route.fulfill({
					contentType: 'text/html',
					body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>page</title></head><body>\n${code}\n</body></html>`,
				}),
			);
			await page.route(/^https:\/\/cdn\.jsdelivr\.net\/npm\/cablyai\/dist\/(.+)$/, async route =>
				route.fulfill({
					contentType: 'text/javascript',
					body: await readFile(join(distDir, new URL(route.request().url()).pathname.split('/').at(-1)!)),
				}),
			);
			// The user's access token, as a sign-in would have left it.
			await page.addInitScript(value => sessionStorage.setItem('cablyai-token', value), token);
			const errors: string[] = [];
			page.on('pageerror', error => errors.push(error.message));
			await page.goto(`${server.url}/`);
			await page.waitForFunction(() => document.body.textContent?.includes('Hello, world!'), undefined, {
				timeout: 15_000,
			});
			expect(errors).toEqual([]);
			expect(sent.some(line => line.startsWith(`${server.url}/v1/chat/completions`))).toBe(true);
			expect(sent.join('\n')).not.toContain(key);
		} finally {
			await browser.close();
		}
	}, 40_000);
});

test('Bun serves as written', async () => {
	const port = await freePort();
	await writeFile(join(cache, 'bun.mjs'), rewrite(await example('Bun'), port));
	const server = await serveExample(bin('bun'), ['bun.mjs'], port);
	try {
		await checkServes(server.url);
	} finally {
		await server.stop();
	}
}, 30_000);

test('Deno serves as written (npm: specifiers mapped to dist/)', async () => {
	const port = await freePort();
	await writeFile(join(cache, 'deno.ts'), rewrite(await example('Deno'), port));
	await writeFile(
		join(cache, 'import-map.json'),
		JSON.stringify({
			imports: {
				'npm:cablyai': pathToFileURL(join(distDir, 'index.js')).href,
				'npm:cablyai/server': pathToFileURL(join(distDir, 'server.js')).href,
				ky: pathToFileURL(resolve(root, 'node_modules/ky/distribution/index.js')).href,
				'eventsource-parser': pathToFileURL(resolve(root, 'node_modules/eventsource-parser/dist/index.js')).href,
			},
		}),
	);
	// The README's command, plus what keeps Deno off the network: an import map instead of npm, no lock file.
	const server = await serveExample(
		bin('deno'),
		[
			'run',
			'--no-config',
			'--no-lock',
			'--no-remote',
			'--import-map=import-map.json',
			'--allow-net',
			'--allow-env=CABLYAI_API_KEY,CABLYAI_TOKEN',
			'--allow-read',
			'deno.ts',
		],
		port,
	);
	try {
		await checkServes(server.url);
	} finally {
		await server.stop();
	}
}, 30_000);

test('the Cloudflare Worker serves as written in workerd', async () => {
	const code = rewrite(await example('Cloudflare Workers'), 0);
	const bundled = await build({
		stdin: {contents: code, resolveDir: cache, loader: 'js'},
		bundle: true,
		write: false,
		format: 'esm',
		platform: 'neutral',
		mainFields: ['module', 'main'],
		alias: {cablyai: join(distDir, 'index.js'), 'cablyai/server': join(distDir, 'server.js')},
		logLevel: 'silent',
	});
	const {Miniflare} = await import('miniflare');
	const miniflare = new Miniflare({
		modules: true,
		script: bundled.outputFiles[0]!.text,
		compatibilityDate,
		bindings: {CABLYAI_API_KEY: key, CABLYAI_TOKEN: token},
		host: '127.0.0.1',
		port: 0,
	});
	try {
		await checkServes((await miniflare.ready).origin);
	} finally {
		await miniflare.dispose();
	}
}, 30_000);

test('the custom route with toServerSentEvents answers as written', async () => {
	const bundled = await build({
		stdin: {contents: rewrite(await recipe('Your own route'), 0), resolveDir: cache, loader: 'ts'},
		bundle: true,
		write: false,
		format: 'esm',
		platform: 'node',
		alias: {cablyai: join(distDir, 'index.js'), 'cablyai/server': join(distDir, 'server.js')},
		packages: 'external',
		logLevel: 'silent',
	});
	const file = join(cache, 'route.mjs');
	await writeFile(file, bundled.outputFiles[0]!.text);
	process.env.CABLYAI_API_KEY = key;
	try {
		const {POST} = (await import(pathToFileURL(file).href)) as {POST: (request: Request) => Promise<Response>};
		const response = await POST(
			new Request('http://app.test/api/chat', {method: 'POST', body: JSON.stringify({messages: user('hello')})}),
		);
		const text = await response.text();
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(deltas(events(text))).toEqual(helloDeltas);
	} finally {
		delete process.env.CABLYAI_API_KEY;
	}
});
