// The library build and the demo have separate Vite configs: building dist/ loads no demo code (issue 21), and the
// demo's config still serves the page from demo/ with the library's source as 'cablyai'.
import {fileURLToPath} from 'node:url';
import {loadConfigFromFile} from 'vite';
import {expect, test} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('vite.config.ts (the library build) loads no file under demo/', async () => {
	for (const mode of ['production', 'min', 'iife']) {
		const loaded = await loadConfigFromFile({command: 'build', mode, isPreview: false}, `${root}vite.config.ts`, root);
		expect(loaded!.dependencies.map(file => file.replaceAll('\\', '/')).filter(file => file.includes('demo/'))).toEqual(
			[],
		);
		expect(loaded!.config.build?.outDir).toBe('dist');
	}
});

test('demo/vite.config.ts serves demo/ with the source as cablyai and builds to demo-dist/', async () => {
	const loaded = await loadConfigFromFile(
		{command: 'serve', mode: 'development', isPreview: false},
		`${root}demo/vite.config.ts`,
		root,
	);
	const {config} = loaded!;
	expect(config.root).toBe(`${root}demo/`);
	expect(config.resolve!.alias as Record<string, string>).toHaveProperty('cablyai', `${root}src/index.ts`);
	expect(config.build?.outDir).toBe(`${root}demo-dist`);
	expect(loaded!.dependencies.some(file => file.endsWith('demo/server/demo-endpoint.ts'))).toBe(true);
});
