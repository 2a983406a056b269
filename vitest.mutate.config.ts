import {defineConfig} from 'vitest/config';

// The tests Stryker runs against each mutant of src/ (npm run mutate): the ones that import the source.
// Runtime, browser, package and demo checks load dist/ or other processes, which never see a mutant.
export default defineConfig({
	test: {
		include: ['test/core/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/providers/**/*.test.ts'],
		// load: minutes of parallel streams for no extra kill. browser-network-error: Chromium on dist/cablyai.min.js.
		exclude: ['test/reliability/load.test.ts', 'test/core/browser-network-error.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 20_000,
	},
});
