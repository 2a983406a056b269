// The package as users get it: `npm pack` (scripts on, as `npm publish` runs them) and fresh projects outside
// this repository that install the tarball. Shared by the consumer checks in this folder.
import {mkdir, writeFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {expect} from 'vitest';
import {root, runCommand} from '../runtimes/support.js';

export const bin = (name: string) => resolve(root, 'node_modules/.bin', name);
/** Node 24, the `node` devDependency (the system's Node may be older than the package supports). */
export const node = resolve(root, 'node_modules/node/bin/node');

/** Environment of every child: the repository's tools (Node 24 first) on PATH, no colours, no update checks. */
export const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
	...process.env,
	PATH: `${resolve(root, 'node_modules/.bin')}:${process.env.PATH}`,
	NO_COLOR: '1',
	DENO_NO_UPDATE_CHECK: '1',
	...extra,
});

/** Packs the repository into `directory`; returns the tarball's path. */
export async function packTarball(directory: string): Promise<string> {
	const packed = await runCommand('npm', ['pack', '--json', '--pack-destination', directory], {
		timeout: 60_000,
		env: childEnv(),
	});
	expect(packed.code, packed.stderr).toBe(0);
	return join(directory, JSON.parse(packed.stdout)[0].filename);
}

/** An empty ESM project (`package.json` only) at `directory`. */
export async function emptyProject(directory: string): Promise<string> {
	await mkdir(directory, {recursive: true});
	await writeFile(
		join(directory, 'package.json'),
		JSON.stringify({name: 'consumer', private: true, type: 'module'}, null, 2),
	);
	return directory;
}

/**
`npm install <tarball>` with scripts on, as a user runs it (plus `others`: package folders the examples also import,
e.g. the project's own zod); returns npm's result for the caller to judge.
*/
export async function npmInstall(directory: string, tarball: string, others: readonly string[] = []) {
	return runCommand('npm', ['install', tarball, ...others, '--no-audit', '--no-fund'], {
		cwd: directory,
		env: childEnv(),
		timeout: 120_000,
	});
}
