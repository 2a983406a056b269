// Reads README.md's fenced code blocks and the hidden `<!-- run: … -->` line before each, which says how
// test/consumers/readme.test.ts runs it. A ts/js/html block without one fails the test: every example runs.
import {readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {root} from '../runtimes/support.js';

/** How a block runs: under Node, Bun or Deno, in a Chromium page, type-checked only, or not at all (with why). */
export type Runner = 'node' | 'bun' | 'deno' | 'browser' | 'typecheck' | 'skip';

export interface ReadmeBlock {
	/** 1-based line of the opening fence, for messages. */
	line: number;
	lang: string;
	code: string;
	runners: Runner[];
	/** Words after the runners, e.g. why a block is skipped. */
	note: string;
}

const runnable = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs', 'html']);
const knownRunners = new Set<string>(['node', 'bun', 'deno', 'browser', 'typecheck', 'skip']);

export async function readmeBlocks(): Promise<ReadmeBlock[]> {
	const lines = (await readFile(resolve(root, 'README.md'), 'utf8')).split('\n');
	const blocks: ReadmeBlock[] = [];
	for (let index = 0; index < lines.length; index++) {
		const fence = /^(`{3,})(\S*)\s*$/.exec(lines[index]!);
		if (!fence) continue;
		const [, ticks, lang] = fence;
		const start = index;
		const body: string[] = [];
		for (index++; index < lines.length && lines[index] !== ticks; index++) body.push(lines[index]!);
		if (!runnable.has(lang!)) continue;
		const marker = /^<!--\s*run:\s*([\w\s,]+?)\s*(?:—\s*(.*?))?\s*-->$/.exec(lines[start - 1] ?? '');
		const runners = (marker?.[1] ?? '').split(/[\s,]+/).filter(Boolean);
		const unknown = runners.filter(runner => !knownRunners.has(runner));
		if (runners.length === 0 || unknown.length > 0) {
			throw new Error(
				`README.md:${start + 1}: a ${lang} block needs a line \`<!-- run: node|bun|deno|browser|typecheck|skip — why -->\` right before it${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
			);
		}

		blocks.push({
			line: start + 1,
			lang: lang!,
			code: body.join('\n'),
			runners: runners as Runner[],
			note: marker?.[2] ?? '',
		});
	}

	return blocks;
}
