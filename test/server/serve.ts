// Starts test/server/apps/app.ts in each runtime: Node (srvx), Deno (Deno.serve), Bun (Bun.serve) as child
// processes, and workerd through miniflare. Each app is bundled with esbuild from the library's source.
import {type ChildProcess, spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {createInterface} from 'node:readline';
import {build} from 'esbuild';
import type {AppConfig} from './apps/app.js';
import {root} from '../runtimes/support.js';

export interface Served {
	/** Base URL of the app, without a trailing slash. */
	url: string;
	/** What the runtime wrote to stderr so far (shown when a test fails). */
	log(): string;
	close(): Promise<void>;
}

export interface Runtime {
	name: string;
	start(config: AppConfig): Promise<Served>;
}

const apps = resolve(root, 'test/server/apps');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

/** A compatibility date the bundled workerd supports (miniflare 4.20260426 ships workerd 1.20260426). */
export const compatibilityDate = '2026-04-01';

async function bundle(entry: string, platform: 'node' | 'neutral', conditions: string[] = []): Promise<string> {
	const result = await build({
		entryPoints: [resolve(apps, entry)],
		bundle: true,
		write: false,
		format: 'esm',
		platform,
		target: 'es2022',
		conditions,
		mainFields: ['module', 'main'],
		logLevel: 'silent',
	});
	return result.outputFiles[0]!.text;
}

/** Spawns `command` and waits for the `{"url"}` line it prints once it listens. */
async function startChild(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	cleanup: () => Promise<void>,
): Promise<Served> {
	const child: ChildProcess = spawn(command, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr!.on('data', data => {
		stderr += String(data);
	});
	const exited = new Promise<void>(done => child.once('exit', () => done()));
	const url = await new Promise<string>((resolveUrl, reject) => {
		const timer = setTimeout(() => reject(new Error(`${command} did not start within 15 s:\n${stderr}`)), 15_000);
		createInterface({input: child.stdout!}).once('line', line => {
			clearTimeout(timer);
			resolveUrl(String(JSON.parse(line).url).replace(/\/+$/, ''));
		});
		child.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`${command} exited with ${code}:\n${stderr}`));
		});
	});
	return {
		url,
		log: () => stderr,
		async close() {
			if (child.exitCode === null) child.kill();
			await exited;
			await cleanup();
		},
	};
}

async function writeBundle(code: string): Promise<{file: string; directory: string}> {
	const directory = await mkdtemp(join(tmpdir(), 'cablyai-server-'));
	const file = join(directory, 'app.mjs');
	await writeFile(file, code);
	return {file, directory};
}

const appEnv = (config: AppConfig) => ({
	PATH: process.env.PATH,
	HOME: process.env.HOME,
	CABLYAI_TEST_APP: JSON.stringify(config),
});

export const runtimes: Runtime[] = [
	{
		name: 'Node (srvx)',
		async start(config) {
			const {file, directory} = await writeBundle(await bundle('node-srvx.ts', 'node', ['node']));
			return startChild(process.execPath, [file], appEnv(config), async () =>
				rm(directory, {recursive: true, force: true}),
			);
		},
	},
	{
		name: 'Deno',
		async start(config) {
			const {file, directory} = await writeBundle(await bundle('deno.ts', 'neutral', ['deno']));
			// Only the network of this machine's loopback and the one variable; Deno's cache in the temporary directory.
			return startChild(
				bin('deno'),
				[
					'run',
					'--no-config',
					'--no-lock',
					'--no-npm',
					'--no-remote',
					'--allow-net=127.0.0.1',
					'--allow-env=CABLYAI_TEST_APP',
					file,
				],
				{
					...appEnv(config),
					DENO_DIR: join(directory, 'deno'),
					DENO_NO_UPDATE_CHECK: '1',
					NO_COLOR: '1',
				},
				async () => rm(directory, {recursive: true, force: true}),
			);
		},
	},
	{
		name: 'Bun',
		async start(config) {
			const {file, directory} = await writeBundle(await bundle('bun.ts', 'neutral', ['bun']));
			return startChild(bin('bun'), [file], appEnv(config), async () => rm(directory, {recursive: true, force: true}));
		},
	},
	{
		name: 'workerd (miniflare)',
		async start(config) {
			const {Miniflare} = await import('miniflare');
			const script = await bundle('worker.ts', 'neutral', ['workerd', 'worker']);
			let log = '';
			const miniflare = new Miniflare({
				modules: true,
				script,
				compatibilityDate,
				// request.signal then fires when the client goes away, even while nothing is being written to it.
				compatibilityFlags: ['enable_request_signal'],
				bindings: {CONFIG: JSON.stringify(config)},
				host: '127.0.0.1',
				port: 0,
				handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
					stdout.on('data', (data: unknown) => {
						log += String(data);
					});
					stderr.on('data', (data: unknown) => {
						log += String(data);
					});
				},
			});
			const url = await miniflare.ready;
			return {url: url.origin, log: () => log, close: async () => miniflare.dispose()};
		},
	},
];
