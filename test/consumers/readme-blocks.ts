// Reads the fenced code blocks of README.md and docs/*.md and the hidden `<!-- run: … -->` line before each, which
// says how test/consumers/readme.test.ts runs it. A ts/js/html block without one fails the test: every example runs.
import {readdir, readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {root} from '../runtimes/support.js';

/** How a block runs: under Node, Bun or Deno, in a Chromium page, type-checked only, or not at all (with why). */
export type Runner = 'node' | 'bun' | 'deno' | 'browser' | 'typecheck' | 'skip';

export interface ReadmeBlock {
	/** The file, relative to the project (`README.md`, `docs/server.md`). */
	file: string;
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

/** The blocks of every page users read: README.md, then docs/*.md. */
export async function documentedBlocks(): Promise<ReadmeBlock[]> {
	const docs = (await readdir(resolve(root, 'docs'))).filter(name => name.endsWith('.md')).sort();
	const pages = await Promise.all(['README.md', ...docs.map(name => `docs/${name}`)].map(file => readmeBlocks(file)));
	return pages.flat();
}

export async function readmeBlocks(file = 'README.md'): Promise<ReadmeBlock[]> {
	const lines = (await readFile(resolve(root, file), 'utf8')).split('\n');
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
				`${file}:${start + 1}: a ${lang} block needs a line \`<!-- run: node|bun|deno|browser|typecheck|skip — why -->\` right before it${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
			);
		}

		blocks.push({
			file,
			line: start + 1,
			lang: lang!,
			code: body.join('\n'),
			runners: runners as Runner[],
			note: marker?.[2] ?? '',
		});
	}

	return blocks;
}
