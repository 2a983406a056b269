// The built subpath export: dist/server.js imports the core from ./index.js and ./internal.js (no second copy), declares its types
// in dist/server.d.ts, uses no Node built-ins, and a page that imports only `cablyai` carries none of it.
import {readFile} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import ts from 'typescript';
import {beforeAll, expect, test} from 'vitest';
import {browserBundle, distDir, requireDist, root} from '../runtimes/support.js';

beforeAll(() => {
	requireDist('index.js', 'server.js', 'server.d.ts');
});

const imports = (code: string) =>
	[...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'`]([^"'`]+)["'`]/g)].map(
		match => match[1]!,
	);

// Strings only the server code has.
const serverMarks = ['origin_not_allowed', 'X-Accel-Buffering', 'request_too_large', 'chat.completion.chunk'];

test('dist/server.js imports the core from ./index.js and ./internal.js and holds no copy of it', async () => {
	const code = await readFile(resolve(distDir, 'server.js'), 'utf8');
	// ./internal.js: the chunk dist/index.js re-exports, where the server finds the core's own helpers.
	expect([...new Set(imports(code))].sort()).toEqual(['./index.js', './internal.js']);
	for (const coreMark of ['eventsource-parser', 'class OpenaiTemplate', 'api.groq.com', 'cablyai.com'])
		expect(code).not.toContain(coreMark);
	expect(code).not.toMatch(/["'`]node:|\brequire\s*\(/);
});

test('a page importing only cablyai carries none of the server; one importing cablyai/server does', async () => {
	const page = await browserBundle('import {CablyAI} from "cablyai"; console.log(CablyAI);');
	for (const mark of serverMarks) expect(page, mark).not.toContain(mark);
	const server = await browserBundle('import {createHandler} from "cablyai/server"; console.log(createHandler);');
	for (const mark of serverMarks) expect(server, mark).toContain(mark);
	// Bundled for the browser platform (esbuild would fail on a Node built-in), and still tree-shaken: no preset came along,
	// nor runTools.
	expect(server).not.toContain('api.groq.com');
	expect(server).not.toContain('stepLimitReached');
	// Nor the partial-JSON parser: the characters of a \u escape.
	expect(server).not.toContain('[\\da-fA-F]');
});

test('no file of the core imports src/server', async () => {
	const {globSync} = await import('node:fs');
	const files = globSync('src/**/*.ts', {cwd: root}).filter(file => !file.startsWith('src/server/'));
	expect(files.length).toBeGreaterThan(20);
	const serverDir = resolve(root, 'src/server');
	for (const file of files) {
		const targets = imports(await readFile(resolve(root, file), 'utf8'))
			.filter(path => path.startsWith('.'))
			.map(path => resolve(root, dirname(file), path));
		expect(
			targets.filter(target => target === serverDir || target.startsWith(`${serverDir}/`)),
			file,
		).toEqual([]);
	}
});

test('dist/server.d.ts declares createHandler and toServerSentEvents, and type-checks', () => {
	const file = resolve(distDir, 'server.d.ts');
	const program = ts.createProgram([file], {
		noEmit: true,
		skipLibCheck: false,
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.ESNext,
		moduleResolution: ts.ModuleResolutionKind.Bundler,
		lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
		types: [],
	});
	const checker = program.getTypeChecker();
	const names = checker
		.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!)
		.map(symbol => symbol.name);
	expect(names).toEqual(expect.arrayContaining(['createHandler', 'toServerSentEvents', 'HandlerOptions', 'HttpError']));
	expect(
		ts.getPreEmitDiagnostics(program).map(diagnostic => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
	).toEqual([]);
});
