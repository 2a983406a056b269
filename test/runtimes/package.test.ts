// Package hygiene of what `npm publish` would ship: the tarball's contents, publint, are-the-types-wrong,
// package.json fields, the three builds agreeing on their exports, tree-shaking, and the CDN file's size budget.
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {runInNewContext} from 'node:vm';
import {gzipSync} from 'node:zlib';
import {publint} from 'publint';
import {formatMessage} from 'publint/utils';
import ts from 'typescript';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {browserBundle, distDir, requireDist, root, runCommand} from './support.js';

/**
Gzipped size budget of dist/cablyai.min.js in bytes (zlib's default level, as a server compresses on the fly).
18,362 bytes when set (ky and eventsource-parser inlined); the budget was that plus about 9 %. Issue 15's hardening
(bounded body reads, redirect checks, header and body validation, secret redaction) brought it to 20,946: the
budget is now that plus about 7 %. After issue 12's redesign of the chunk path it is 22,020 (main at that point:
22,229; the chat-app API and the browser's CORS hint came in between). Issue 12's size pass brought it to 21,621:
the budget is now 22,000, about 2 % above that, so the bytes saved are not quietly spent again. Issue 25 added
fifteen presets (data a bundler drops when they are not imported, but this file carries every export), the capability
flags and getModelInfo: 23,765 (main before it: 21,642). Issue 23's runTools (with toJsonSchema and
validateWithSchema, which it brings) brings it to 25,344: the budget is 25,850, about 2 % above. Issue 23's structured
output (in every chat) and parsePartialJson (this file carries every export) bring it to 26,881 (main before it:
25,613): the budget is 27,400, about 2 % above. Issue 22 (reasoning sent back, tool-call deltas, sources, usage
details, answer images, option-key checks, AuthenticationError) and issue 24 (logprobs) bring it to 28,323: the
budget is 28,900, about 2 % above (issue 22 is over its 600 B allowance: see the session's closing note).
*/
const minGzipBudget = 28_900;

/**
Gzipped bytes (level 9) that runTools, structured output and the partial-JSON parser may add, when used, to a page that
only streams a chat (issue 23's limit). About 2,040 when set: runTools about 1,050, the parser about 1,000.
*/
const usedGzipBudget = 2500;

const manifest = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8'));
const packageName: string = manifest.name;

let packDir: string;
let tarball: string;
/** `npm pack --dry-run --json`: what `npm publish` would upload. */
let packed: {name: string; files: Array<{path: string}>};

beforeAll(async () => {
	requireDist('index.js', 'index.d.ts', 'cablyai.min.js', 'cablyai.iife.js');
	packDir = await mkdtemp(join(tmpdir(), 'cablyai-pack-'));
	// The listing, and a real tarball (outside the work tree) for the tools to read.
	const [dry, real] = await Promise.all([
		runCommand('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {timeout: 60_000}),
		runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {timeout: 60_000}),
	]);
	for (const result of [dry, real]) expect(result.code, result.stderr).toBe(0);
	packed = JSON.parse(dry.stdout)[0];
	tarball = join(packDir, JSON.parse(real.stdout)[0].filename);
	expect(JSON.parse(real.stdout)[0].files).toEqual(packed.files);
}, 90_000);

afterAll(async () => {
	if (packDir) await rm(packDir, {recursive: true, force: true});
});

describe('npm pack', () => {
	test('holds only dist/, README.md, LICENSE and package.json', () => {
		const files = packed.files.map(file => file.path).sort();
		expect(files.filter(file => !file.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
		for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cablyai.min.js', 'dist/cablyai.iife.js'])
			expect(files).toContain(file);
		// Code and declarations only: no maps, build info, tests, demo or sources.
		expect(files.filter(file => file.startsWith('dist/') && !/\.(?:js|d\.ts)$/.test(file))).toEqual([]);
		expect(files.filter(file => file.startsWith('dist/') && file.endsWith('.js'))).toEqual([
			'dist/cablyai.iife.js',
			'dist/cablyai.min.js',
			'dist/index.js',
			'dist/internal.js',
			'dist/server.js',
		]);
	});

	test('publint (strict) reports nothing', async () => {
		// publint packs with npm itself: it then also tells files that exist but are not published.
		const {messages, pkg} = await publint({pkgDir: root, pack: 'npm', strict: true, level: 'suggestion'});
		expect(
			messages.map(message => `${message.type} ${message.code}: ${formatMessage(message, pkg, {color: false})}`),
		).toEqual([]);
	}, 30_000);

	test('are-the-types-wrong (esm-only profile) reports nothing', async () => {
		const result = await runCommand(
			resolve(root, 'node_modules/.bin/attw'),
			[tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'json'],
			{timeout: 60_000},
		);
		const {analysis} = JSON.parse(result.stdout);
		expect(analysis.types).toEqual({kind: 'included'});
		expect(Object.keys(analysis.entrypoints).sort()).toEqual(['.', './package.json', './server']);
		// esm-only ignores require() from CJS (node10, node16-cjs): the package is ESM only, as designed.
		const ignored = new Set(['node10', 'node16-cjs']);
		expect(
			analysis.problems.filter((problem: {resolutionKind?: string}) => !ignored.has(problem.resolutionKind ?? '')),
		).toEqual([]);
		expect(result.code, result.stderr).toBe(0);
	}, 60_000);
});

describe('package.json', () => {
	test('ESM with an exports map (types first), types, sideEffects: false, engines', () => {
		expect(packageName).toBe('cablyai');
		expect(manifest.type).toBe('module');
		expect(manifest.exports).toEqual({
			'.': {types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js'},
			'./server': {types: './dist/server.d.ts', import: './dist/server.js', default: './dist/server.js'},
			'./package.json': './package.json',
		});
		expect(Object.keys(manifest.exports['.'])[0]).toBe('types');
		expect(manifest.types).toBe('./dist/index.d.ts');
		expect(manifest.main).toBe('./dist/index.js');
		expect(manifest.sideEffects).toBe(false);
		expect(manifest.engines).toEqual({node: '>=22.12'});
		expect(manifest.files).toEqual(['dist']);
	});

	test('unpkg and jsdelivr point at the classic IIFE, which is in the tarball', () => {
		expect(manifest.unpkg).toBe('./dist/cablyai.iife.js');
		expect(manifest.jsdelivr).toBe('./dist/cablyai.iife.js');
		expect(packed.files.map(file => file.path)).toContain('dist/cablyai.iife.js');
	});

	test('dist/index.js imports only its declared dependencies; the CDN files import nothing', async () => {
		const bareImports = (code: string) =>
			[...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'`]([^"'`]+)["'`]/g)].map(
				match => match[1]!,
			);
		// dist/index.js is the public face of dist/internal.js, the chunk it shares with dist/server.js (not in `exports`).
		const index = await readFile(resolve(distDir, 'index.js'), 'utf8');
		expect([...new Set(bareImports(index))]).toEqual(['./internal.js']);
		const internal = await readFile(resolve(distDir, 'internal.js'), 'utf8');
		expect([...new Set(bareImports(internal))].sort()).toEqual(Object.keys(manifest.dependencies).sort());
		for (const file of ['cablyai.min.js', 'cablyai.iife.js']) {
			const code = await readFile(resolve(distDir, file), 'utf8');
			expect(bareImports(code), file).toEqual([]);
			expect(code, file).not.toMatch(/\bimport\s*\(|\brequire\s*\(|["'`]node:/);
		}
	});
});

describe('the builds agree', () => {
	test('dist/index.js, cablyai.min.js, the IIFE global and index.d.ts export the same names', async () => {
		const index = Object.keys(await import(pathToFileURL(resolve(distDir, 'index.js')).href)).sort();
		const min = Object.keys(await import(pathToFileURL(resolve(distDir, 'cablyai.min.js')).href)).sort();
		expect(min).toEqual(index);
		for (const name of [
			'CablyAI',
			'OpenaiTemplate',
			'IterListProvider',
			'RotatedProvider',
			'ProviderError',
			'RateLimitError',
			'TimeoutError',
			'RetryNoProviderError',
			'isProviderError',
		])
			expect(index).toContain(name);

		// The classic script sets one global, `cablyai`, and nothing else.
		// (ky creates a TextEncoder when it loads: the one web global the sandbox has to lend.)
		const web = {TextEncoder};
		const sandbox: Record<string, unknown> = {...web};
		runInNewContext(await readFile(resolve(distDir, 'cablyai.iife.js'), 'utf8'), sandbox);
		expect(Object.keys(sandbox).filter(name => !(name in web))).toEqual(['cablyai']);
		expect(Object.keys(sandbox.cablyai as object).sort()).toEqual(index);

		// Every runtime export is declared in the types, as a value.
		const program = ts.createProgram([resolve(distDir, 'index.d.ts')], {
			noEmit: true,
			skipLibCheck: true,
			target: ts.ScriptTarget.ES2022,
			module: ts.ModuleKind.ESNext,
			moduleResolution: ts.ModuleResolutionKind.Bundler,
			types: [],
		});
		const checker = program.getTypeChecker();
		const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(resolve(distDir, 'index.d.ts'))!)!;
		const declared = checker.getExportsOfModule(moduleSymbol);
		const values = declared
			.filter(symbol => {
				const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
				return (target.flags & ts.SymbolFlags.Value) !== 0;
			})
			.map(symbol => symbol.name)
			.sort();
		expect(values).toEqual(index);
		expect(
			ts
				.getPreEmitDiagnostics(program)
				.map(diagnostic => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
		).toEqual([]);
		for (const type of ['Chunk', 'CreateOptions', 'Messages', 'ToolCalls', 'Usage', 'ProviderInfo'])
			expect(declared.map(symbol => symbol.name)).toContain(type);
	}, 30_000);

	test('sideEffects: false holds: a bundler drops an unused import and keeps one provider apart from the others', async () => {
		// Resolved by the package name (self-reference through the exports map), as an app's bundler would.
		expect((await browserBundle(`import ${JSON.stringify(packageName)};`)).trim()).toBe('');
		const groq = await browserBundle(`export {Groq} from ${JSON.stringify(packageName)};`);
		expect(groq).toContain('api.groq.com');
		for (const other of [
			'cablyai.com',
			'api.openai.com',
			'openrouter.ai',
			'api.deepseek.com',
			'api.mistral.ai',
			'api.together.xyz',
			'api.deepinfra.com',
			'localhost:11434',
			'localhost:1234',
			'api.cerebras.ai',
			'generativelanguage.googleapis.com',
			'openai.azure.com',
			'integrate.api.nvidia.com',
			'api.perplexity.ai',
		]) {
			expect(groq, other).not.toContain(other);
		}
	});

	test('a page that only streams a chat carries none of runTools; one that imports it does', async () => {
		// Strings only runTools has.
		const marks = ['stepLimitReached', 'toolConcurrency', 'tool_result', 'Arguments are not JSON'];
		const chat = await browserBundle(
			`import {CablyAI} from ${JSON.stringify(packageName)}; for await (const chunk of CablyAI.createAsyncGenerator('', [])) console.log(chunk);`,
		);
		for (const mark of marks) expect(chat, mark).not.toContain(mark);
		const tools = await browserBundle(`export {runTools} from ${JSON.stringify(packageName)};`);
		for (const mark of marks) expect(tools, mark).toContain(mark);
		// Nor does runTools bring a provider along.
		expect(tools).not.toContain('cablyai.com');
	});

	test('a page that only streams a chat carries no partial-JSON parser; one that imports parsePartialJson does', async () => {
		// Only the parser has these: the characters of a number and of a \u escape.
		const marks = ['[-+.eE\\d]', '[\\da-fA-F]'];
		const chat = await browserBundle(
			`import {CablyAI} from ${JSON.stringify(packageName)}; for await (const chunk of CablyAI.createAsyncGenerator('', [], {responseFormat: {schema: {}}})) console.log(chunk);`,
		);
		for (const mark of marks) expect(chat, mark).not.toContain(mark);
		// It does read the schema: structured output itself is part of every chat.
		expect(chat).toContain('StructuredOutputError');
		const parser = await browserBundle(`export {parsePartialJson} from ${JSON.stringify(packageName)};`);
		for (const mark of marks) expect(parser, mark).toContain(mark);
		expect(parser).not.toContain('cablyai.com');
	});

	test(`runTools, structured output and parsePartialJson add at most ${usedGzipBudget} bytes gzipped to a page that only streams a chat`, async () => {
		const gzipped = (code: string) => gzipSync(code, {level: 9}).length;
		const chat = await browserBundle(
			`import {CablyAI} from ${JSON.stringify(packageName)}; for await (const chunk of CablyAI.createAsyncGenerator('', [])) console.log(chunk);`,
		);
		const all = await browserBundle(
			`import {CablyAI, runTools, parsePartialJson} from ${JSON.stringify(packageName)}; for await (const chunk of runTools(CablyAI, '', [], {tools: {}, responseFormat: {schema: {}}, partialObjects: parsePartialJson})) console.log(chunk);`,
		);
		expect(gzipped(all) - gzipped(chat)).toBeLessThanOrEqual(usedGzipBudget);
	});
});

test(`dist/cablyai.min.js stays within its budget of ${minGzipBudget} bytes gzipped`, async () => {
	const size = gzipSync(await readFile(resolve(distDir, 'cablyai.min.js'))).length;
	expect(
		size,
		`dist/cablyai.min.js is ${size} bytes gzipped, over its budget of ${minGzipBudget} (test/runtimes/package.test.ts, CONTRIBUTING.md "Size")`,
	).toBeLessThanOrEqual(minGzipBudget);
});
