// Helpers shared by the benchmark scripts: the server process, the machine line, statistics and tables.
import {execFileSync, fork} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {cpus, loadavg, totalmem} from 'node:os';
import {fileURLToPath} from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds dist/ when it is missing (a fresh clone) or predates cablyai/server. */
export function ensureBuilt() {
	if (!existsSync(`${root}dist/index.js`) || !existsSync(`${root}dist/server.js`))
		execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'});
}

/** Starts bench/server.js in its own process; resolves to its base URL and a `stop()`. */
export async function startServer() {
	const server = fork(fileURLToPath(new URL('server.js', import.meta.url)), [], {stdio: 'inherit'});
	const port = await new Promise((resolve, reject) => {
		server.once('message', message => resolve(message.port));
		server.once('exit', code => reject(new Error(`bench server exited (${code})`)));
	});
	return {baseURL: `http://127.0.0.1:${port}/v1`, stop: () => server.kill()};
}

function version(name) {
	try {
		return JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version;
	} catch {
		return '?';
	}
}

export function machine() {
	const cores = cpus();
	const peers = ['openai', 'ai', '@ai-sdk/openai-compatible', 'eventsource-parser', 'ky', 'esbuild']
		.map(name => `${name} ${version(name)}`)
		.join(', ');
	// The load average says how much else ran on the machine: on a shared one, it explains a noisy run.
	const load = loadavg()
		.map(value => value.toFixed(2))
		.join(', ');
	return `${cores[0]?.model?.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version} (${process.platform}-${process.arch}), load average ${load} at the start\n${peers}`;
}

export const sorted = values => [...values].sort((a, b) => a - b);
export const median = values => {
	const list = sorted(values);
	const middle = list.length >> 1;
	return list.length % 2 ? list[middle] : (list[middle - 1] + list[middle]) / 2;
};

export const percentile = (values, p) => {
	const list = sorted(values);
	return list[Math.min(list.length - 1, Math.floor(list.length * p))];
};

export const format = (value, digits = 2) =>
	value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});

/** Prints a Markdown table (so the output pastes into the README as is). */
export function table(title, header, rows) {
	const lines = [`\n${title}\n`, `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
	for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
	console.log(lines.join('\n'));
}

/**
Milliseconds on the system's monotonic clock (CLOCK_MONOTONIC on Linux, where libuv's hrtime reads it), which is
the same in every process on the machine: the server stamps events with it and the client subtracts.
*/
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
