// The README's provider matrix is generated from the presets' statics (scripts/provider-matrix.ts, `npm run matrix`):
// this fails when the two disagree, naming the command that brings them back together.
import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {matrixEnd, matrixStart, renderMatrix, withMatrix} from '../../scripts/provider-matrix.js';
import * as library from '../../src/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('the README provider matrix is what the presets say (else: npm run matrix)', () => {
	const start = readme.indexOf(matrixStart);
	const end = readme.indexOf(matrixEnd);
	expect(start, 'README.md has no provider-matrix block').toBeGreaterThan(-1);
	expect(readme.slice(start, end + matrixEnd.length), 'README.md is out of date: run npm run matrix').toBe(
		renderMatrix(library),
	);
});

test('the matrix has a row per preset and reads the flags', () => {
	const matrix = renderMatrix(library);
	const rows = matrix.split('\n').filter(line => line.startsWith('| `'));
	expect(rows).toHaveLength(25);
	expect(rows.find(row => row.startsWith('| `Nvidia`'))).toContain('| `reasoning_content` | no |');
	expect(rows.find(row => row.startsWith('| `AzureOpenAI`'))).toContain('key in `api-key`');

	class Quiet extends library.OpenaiTemplate {
		static override label = 'Quiet';
		static override apiBase = 'https://quiet.example/v1';
		static override streamUsage = false;
		static override defaultModel = 'm';
	}

	expect(renderMatrix({OpenaiTemplate: library.OpenaiTemplate, Quiet})).toContain(
		'| `Quiet` | `https://quiet.example/v1` | no | no | – | yes | – |',
	);
	expect(() => withMatrix('no markers', matrix)).toThrow(/markers missing/);
});
