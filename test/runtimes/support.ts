// Shared by the runtime checks (test/runtimes/*.test.ts): the built files, the tests' scenario chat API
// (test/helpers/fake-openai.ts, which answers CORS and records what reached it), a static file server, Chromium and
// child-process helpers.
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {extname, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

import {listenOnLoopback} from '../helpers/listen.js';
import {type FakeOpenai, startFakeOpenai} from '../helpers/fake-openai.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const here = fileURLToPath(new URL('.', import.meta.url));
export const distDir = resolve(root, 'dist');

/** What CablyAI sends outside browsers (the seed's browser-like headers); none of it may leave a browser page. */
export const seedHeaders = {
	origin: 'https://cablyai.com',
	referer: 'https://cablyai.com/chat',
	userAgent:
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
	acceptLanguage: 'en-US,en;q=0.9',
};

/** Fails with a clear message when the build output the runtime checks load is missing. */
export function requireDist(...files: string[]): void {
	const missing = files.filter(file => !existsSync(resolve(distDir, file)));
	if (missing.length > 0) {
		throw new Error(
			`dist/${missing.join(', dist/')} missing: the runtime checks test the built package; run \`npm run build\` first (npm test does).`,
		);
	}
}

import {within} from '../helpers/within.js';

export {within};

export type {ApiRequest} from '../helpers/api-request.js';

/** The runtime suites' chat API: the tests' scenario server, answering `Hello, runtime!` as `gpt-4o-mini`. */
export type Api = FakeOpenai;

/** Starts the runtime suites' chat API; its `tools` answer ends without usage, as `toolExpected` says. */
export async function startApi(): Promise<Api> {
	return startFakeOpenai({model: 'gpt-4o-mini', greeting: 'runtime', toolUsage: false});
}

/**
`expected` with the provider chunk naming `origin`: with `baseUrl` given, the chunk names the server asked (the test
API), not the class's `url`.
*/
export function askedAt<T>(expected: readonly T[], origin: string): T[] {
	return expected.map(item =>
		typeof item === 'object' && item !== null && (item as {type?: string}).type === 'provider'
			? {...item, url: new URL(origin).origin}
			: item,
	);
}

/** What the library yields for `hello` (`askedAt` sets the provider chunk's url). */
export const helloExpected = [
	{type: 'provider', name: 'CablyAI', model: 'gpt-4o-mini', url: 'https://cablyai.com/chat'},
	{type: 'reasoning', text: 'The user ', field: 'reasoning_content'},
	{type: 'reasoning', text: 'greets.', field: 'reasoning_content'},
	'Hello',
	', runtime',
	'!',
	{type: 'finish', reason: 'stop'},
	{
		type: 'usage',
		promptTokens: 5,
		completionTokens: 3,
		totalTokens: 8,
		raw: {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8},
	},
];

export const toolExpected = [
	{type: 'provider', name: 'CablyAI', model: 'gpt-4o-mini', url: 'https://cablyai.com/chat'},
	{type: 'reasoning', text: 'Need the weather.'},
	{
		type: 'tool_calls',
		calls: [
			{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
			{id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":"CET"}'}},
		],
	},
	{type: 'finish', reason: 'tool_calls'},
];

/** Merges adjacent reasoning chunks: how `<think>` text splits into chunks depends on the reads, not the answer. */
export function mergeReasoning(chunks: unknown[]): unknown[] {
	const result: any[] = [];
	for (const item of chunks as any[]) {
		const last = result.at(-1);
		if (item?.type === 'reasoning' && last?.type === 'reasoning')
			result[result.length - 1] = {...last, text: last.text + item.text};
		else result.push(item);
	}

	return result;
}

const contentTypes: Record<string, string> = {
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.html': 'text/html; charset=utf-8',
	'.json': 'application/json',
};

export interface StaticSite {
	url: string;
	/** Request headers of every request, by path. */
	requests: Array<{path: string; headers: IncomingHttpHeaders}>;
	close(): Promise<void>;
}

/**
A static host on 127.0.0.1: `mounts` maps URL prefixes (ending in `/`) to directories, `files` single URL
paths to files. Nothing else is reachable (no directory listing, no path outside a mount).
*/
export async function startStatic(
	mounts: Record<string, string>,
	files: Record<string, string> = {},
): Promise<StaticSite> {
	const requests: StaticSite['requests'] = [];
	const server = createServer(async (raw, response) => {
		const path = decodeURIComponent(new URL(raw.url ?? '/', 'http://x').pathname);
		requests.push({path, headers: raw.headers});
		let file = files[path];
		if (!file) {
			for (const [prefix, directory] of Object.entries(mounts)) {
				if (!path.startsWith(prefix)) continue;
				const candidate = resolve(directory, path.slice(prefix.length));
				if (candidate.startsWith(resolve(directory) + sep)) file = candidate;
				break;
			}
		}

		try {
			if (!file) throw new Error('not served');
			const body = await readFile(file);
			response.writeHead(200, {
				'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
				'cache-control': 'no-store',
			});
			response.end(body);
		} catch {
			response.writeHead(404, {'content-type': 'text/plain'});
			response.end('not found');
		}
	});
	const listening = await listenOnLoopback(server);
	return {
		url: listening.url,
		requests,
		async close() {
			await listening.close();
		},
	};
}

export {launchChromium} from '../helpers/chromium.js';

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs a command to its end (killed after `timeout` ms); never rejects, so failures can show stderr. */
export async function runCommand(
	command: string,
	args: string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number} = {},
): Promise<RunResult> {
	return new Promise(done => {
		execFile(
			command,
			args,
			{
				cwd: options.cwd ?? root,
				env: options.env ?? process.env,
				timeout: options.timeout ?? 30_000,
				maxBuffer: 16 * 1024 * 1024,
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
				done({
					code,
					stdout: String(stdout),
					stderr: String(stderr) + (error && code === null ? `\n${error.message}` : ''),
				});
			},
		);
	});
}

export interface Trap {
	url: string;
	/** Every request or CONNECT that reached the trap (`METHOD target`). */
	hits: string[];
	close(): Promise<void>;
}

/**
A proxy that answers nothing: give it as HTTP_PROXY/HTTPS_PROXY to a runtime, and any attempt of the runtime
itself to reach the outside (update checks, registries, remote modules) is recorded here instead of leaving.
*/
export async function startTrap(): Promise<Trap> {
	const hits: string[] = [];
	const server = createServer((raw, response) => {
		hits.push(`${raw.method} ${raw.url}`);
		response.writeHead(502);
		response.end();
	});
	server.on('connect', (raw, socket: Socket) => {
		hits.push(`CONNECT ${raw.url}`);
		socket.destroy();
	});
	await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits,
		close: async () =>
			new Promise(done => {
				server.closeAllConnections();
				server.close(() => done());
			}),
	};
}

/** `strace` when it is installed and may trace here (containers may forbid ptrace); otherwise undefined. */
export async function usableStrace(): Promise<string | undefined> {
	for (const path of ['/usr/bin/strace', '/bin/strace']) {
		if (!existsSync(path)) continue;
		const probe = await runCommand(path, ['-f', '-qq', '-e', 'trace=connect', '-o', '/dev/null', 'true'], {
			timeout: 10_000,
		});
		return probe.code === 0 ? path : undefined;
	}

	return undefined;
}

/** Internet-family `connect()` targets (`address:port`) in an `strace -e trace=connect` log. */
export function connectTargets(log: string): string[] {
	const targets: string[] = [];
	for (const line of log.split('\n')) {
		const inet =
			/sa_family=AF_INET6?, sin6?_port=htons\((\d+)\).*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/.exec(
				line,
			);
		if (inet) targets.push(`${inet[2] ?? inet[3]}:${inet[1]}`);
		else if (/connect\(/.test(line) && /AF_INET/.test(line)) targets.push(`unparsed: ${line}`);
	}

	return targets;
}

/** Minified browser bundle of `contents`, resolving `cablyai` by name (the package's own exports map). */
export async function browserBundle(contents: string): Promise<string> {
	const result = await build({
		stdin: {contents, resolveDir: root, loader: 'js'},
		bundle: true,
		write: false,
		format: 'esm',
		minify: true,
		platform: 'browser',
		logLevel: 'silent',
	});
	return result.outputFiles[0]!.text;
}
