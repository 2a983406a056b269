// A script that aborts a stream while its loop is paused, and never touches the generator again, must be free to
// exit: nothing of the library (an idle timer, a listener) may keep the process alive once the body is cancelled.
import {writeFile, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {chunk, sse, startServer, type TestServer} from '../helpers/fake-openai.js';
import {requireDist, root, runCommand} from '../runtimes/support.js';

let server: TestServer;
let directory: string;
beforeAll(async () => {
	requireDist('index.js');
	directory = await mkdtemp(join(tmpdir(), 'cablyai-exit-'));
	// One event, then the stream stays open: only the client can end it.
	server = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.write(sse([chunk({content: 'first'})], {done: false}));
	});
});
afterAll(async () => {
	await server?.close();
	if (directory) await rm(directory, {recursive: true, force: true});
});

test('aborting while the consumer is paused at a yield lets the process exit (default idleTimeout of 5 min)', async () => {
	const script = join(directory, 'paused.mjs');
	await writeFile(
		script,
		`
import {OpenaiTemplate} from ${JSON.stringify(pathToFileURL(resolve(root, 'dist/index.js')).href)};
class Local extends OpenaiTemplate {
	static apiBase = process.argv[2];
	static defaultModel = 'm';
}
const controller = new AbortController();
const generator = Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {stream: true, signal: controller.signal, retry: 0});
while ((await generator.next()).value !== 'first');
controller.abort();
console.log('aborted');
`,
	);
	const started = Date.now();
	const result = await runCommand(resolve(root, 'node_modules/node/bin/node'), [script, `${server.url}/v1`], {
		timeout: 20_000,
	});
	expect(result.stdout).toContain('aborted');
	// Killed after 20 s when something keeps it alive; it exits at once otherwise.
	expect(result.code, `${result.stderr} after ${Date.now() - started} ms`).toBe(0);
}, 30_000);
