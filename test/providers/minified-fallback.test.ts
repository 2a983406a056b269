import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'vite';
import {expect, test} from 'vitest';
import {chunk, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// A fallback app as users ship it: a minified Vite production build, whose minifier renames the classes
// `Primary` and `Backup`. Their labels keep the names, so the key map still matches, and the app streams
// from the second server after the first fails.

const library = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const primary = useServer(jsonHandler(503, {error: {message: 'primary is down'}}));
const backup = useServer(
	streamHandler([sse([chunk({content: 'hello '}, {model: 'm1'}), chunk({content: 'from backup'}, {}, 'stop')])]),
);

const app = `
import {IterListProvider, OpenaiTemplate} from 'cablyai';

class Primary extends OpenaiTemplate {
	static label = 'Primary';
	static apiBase = process.argv[2];
	static needsAuth = true;
	static defaultModel = 'm1';
}

class Backup extends OpenaiTemplate {
	static label = 'Backup';
	static apiBase = process.argv[3];
	static needsAuth = true;
	static defaultModel = 'm1';
}

async function run(apiKey) {
	const chat = new IterListProvider([Primary, Backup]);
	const chunks = [];
	for await (const chunk of chat.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {stream: true, apiKey})) {
		chunks.push(typeof chunk === 'object' && 'error' in chunk ? {...chunk, error: chunk.error.name + ': ' + chunk.error.message} : chunk);
	}

	return {chunks, answered: chat.lastProvider.label};
}

const byLabel = await run({Primary: 'key-primary', Backup: 'key-backup'});
const byClass = await run(new Map([[Primary, 'key-primary'], [Backup, 'key-backup']]));
console.log(JSON.stringify({byLabel, byClass, classNames: [Primary.name, Backup.name]}));
`;

test('a minified production build of a fallback app streams from the second provider, keys matched by label and by class', async () => {
	const directory = await mkdtemp(join(tmpdir(), 'cablyai-fallback-app-'));
	try {
		await writeFile(join(directory, 'app.js'), app);
		await build({
			configFile: false,
			root: directory,
			logLevel: 'silent',
			mode: 'production',
			resolve: {alias: {cablyai: library}},
			build: {
				outDir: join(directory, 'dist'),
				target: 'es2022',
				minify: true,
				lib: {entry: join(directory, 'app.js'), formats: ['es'], fileName: () => 'app.js'},
				rolldownOptions: {output: {minify: true}},
			},
		});
		const outfile = join(directory, 'dist', 'app.js');
		expect(await readdir(join(directory, 'dist'))).toEqual(['app.js']);
		const code = await readFile(outfile, 'utf8');
		// Minified for real: the class names are gone from the code, only the labels remain.
		expect(code).not.toMatch(/class Primary|class Backup/);
		expect(code.split('\n').length).toBeLessThan(20);

		const {stdout} = await promisify(execFile)(
			process.execPath,
			[outfile, `${primary().url}/v1`, `${backup().url}/v1`],
			{timeout: 30_000},
		).catch((error: {stderr?: string}) => {
			// Node prints the minified source line first; the error is at the end.
			throw new Error(`the app failed: ${String(error.stderr).split('\n').slice(-4).join('\n')}`);
		});
		const result = JSON.parse(stdout) as {
			byLabel: {chunks: unknown[]; answered: string};
			byClass: {chunks: unknown[]; answered: string};
			classNames: string[];
		};
		expect(result.classNames).not.toContain('Primary');
		expect(result.classNames).not.toContain('Backup');
		for (const run of [result.byLabel, result.byClass]) {
			expect(run.answered).toBe('Backup');
			expect(run.chunks).toEqual([
				{type: 'provider', name: 'Primary', model: 'm1', url: primary().url},
				{
					type: 'fallback',
					from: 'Primary',
					error: 'ResponseStatusError: Primary: HTTP 503 Service Unavailable: primary is down',
				},
				{type: 'provider', name: 'Backup', model: 'm1', url: backup().url},
				'hello ',
				'from backup',
				{type: 'finish', reason: 'stop'},
			]);
		}

		// Each key went to its own server only, once per run: inside a fallback a failing provider is not retried.
		expect(primary().requests.map(request => request.headers.authorization)).toEqual([
			'Bearer key-primary',
			'Bearer key-primary',
		]);
		expect(backup().requests.map(request => request.headers.authorization)).toEqual([
			'Bearer key-backup',
			'Bearer key-backup',
		]);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}, 60_000);
