import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {gzipSync} from 'node:zlib';
import {expect, test} from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** Gzipped size budget of dist/cablyai.min.js, in bytes (README, "Size"). */
const minGzipBudget = 20_000;

test('package.json: ESM, exports with types, side-effect free, CDN fields on the IIFE', () => {
	expect(manifest.type).toBe('module');
	expect(manifest.sideEffects).toBe(false);
	expect(manifest.exports['.']).toEqual({types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js'});
	expect(manifest.types).toBe('./dist/index.d.ts');
	expect(manifest.unpkg).toBe('./dist/cablyai.iife.js');
	expect(manifest.jsdelivr).toBe('./dist/cablyai.iife.js');
});

test('npm pack holds only what users need', async () => {
	const {stdout} = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root});
	const files: string[] = JSON.parse(stdout)[0].files.map((file: {path: string}) => file.path);
	expect(files.filter(file => !file.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
	for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cablyai.min.js', 'dist/cablyai.iife.js']) expect(files).toContain(file);
	expect(files.filter(file => file.startsWith('dist/') && !/\.(js|d\.ts)$/.test(file))).toEqual([]);
});

test('publint reports no problems', async () => {
	const {stdout} = await run(bin('publint'), ['--strict'], {cwd: root});
	expect(stdout).toContain('All good!');
}, 60_000);

test('are-the-types-wrong reports no problems for ESM consumers', async () => {
	// Exits non-zero on any problem.
	await run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii'], {cwd: root});
}, 120_000);

test(`dist/cablyai.min.js stays within ${minGzipBudget} bytes gzipped`, () => {
	const size = gzipSync(readFileSync(`${root}dist/cablyai.min.js`), {level: 9}).length;
	expect(size).toBeLessThanOrEqual(minGzipBudget);
});
