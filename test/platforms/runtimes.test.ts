import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {chunk, sleep, sse, startServer, type TestServer} from '../helpers/server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = `${root}dist/index.js`;
const script = fileURLToPath(new URL('smoke-script.mjs', import.meta.url));
const bin = (path: string) => `${root}node_modules/${path}`;

let server: TestServer;
beforeAll(async () => {
	expect(existsSync(dist), 'dist/index.js is missing: run npm run build first').toBe(true);
	server = await startServer(async (request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		if (request.json?.messages?.[0]?.content === 'slow') {
			for (let index = 0; index < 100 && !response.destroyed; index++) {
				response.write(sse([chunk({content: 'tick '})], {done: false}));
				await sleep(20);
			}
		} else {
			response.write(sse([chunk({reasoning_content: 'r'}), chunk({content: 'Hello from '}), chunk({content: 'loopback'}, {}, 'stop'), {id: 'u', choices: [], usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3}}]));
		}

		response.end();
	});
});
afterAll(async () => server.close());

const expected = {text: 'Hello from loopback', kinds: ['provider', 'reasoning', 'finish', 'usage'], aborted: 'reason', timeoutClass: 'function'};

async function smoke(command: string, args: string[]) {
	const {stdout} = await run(command, args, {cwd: root, timeout: 60_000, env: {...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1'}});
	return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe.each([
	['Node 22', 'node22/bin/node'],
	['Node 24', 'node/bin/node'],
])('%s', (_name, path) => {
	test('streams and aborts with the built package', async () => {
		const {stdout: version} = await run(bin(path), ['--version']);
		expect(version).toMatch(path.startsWith('node22') ? /^v22\./ : /^v24\./);
		expect(await smoke(bin(path), [script, pathToFileURL(dist).href, `${server.url}/v1`])).toEqual(expected);
	});
});

test('Bun streams and aborts with the built package', async () => {
	expect(await smoke(bin('.bin/bun'), [script, pathToFileURL(dist).href, `${server.url}/v1`])).toEqual(expected);
});

test('Deno streams and aborts with the built package, with only the permissions it needs', async () => {
	const port = new URL(server.url).port;
	expect(await smoke(bin('.bin/deno'), [
		'run',
		'--no-prompt',
		'--node-modules-dir=manual',
		`--allow-net=127.0.0.1:${port}`,
		`--allow-read=${root}`,
		script,
		pathToFileURL(dist).href,
		`${server.url}/v1`,
	])).toEqual(expected);
});
