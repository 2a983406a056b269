import type {Plugin} from 'vitest/config';
import {defineConfig} from 'vitest/config';

/**
Stryker's vitest runner (9.6) picks a mutant's tests by a pattern of suite and test names joined with spaces, while
Vitest 5 matches names joined with ' > ' (stryker-mutator/stryker-js#6210): a test inside `describe()` would run for
no mutant. Each space of the pattern Stryker sets is made to match either separator.
*/
function strykerTestNames(): Plugin {
	return {
		name: 'stryker-test-names',
		configureVitest({project}) {
			let pattern = project.config.testNamePattern;
			Object.defineProperty(project.config, 'testNamePattern', {
				configurable: true,
				enumerable: true,
				get: () => pattern,
				set(value: RegExp | undefined) {
					pattern = value && new RegExp(value.source.replaceAll(' ', '(?: | > )'), value.flags);
				},
			});
		},
	};
}

// The tests Stryker runs against each mutant of src/ (npm run mutate): the ones that import the source.
// Runtime, browser, package and demo checks load dist/ or other processes, which never see a mutant.
export default defineConfig({
	plugins: [strykerTestNames()],
	test: {
		include: ['test/core/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/providers/**/*.test.ts'],
		// load: minutes of parallel streams for no extra kill. browser-network-error: Chromium on dist/cablyai.min.js.
		exclude: ['test/reliability/load.test.ts', 'test/core/browser-network-error.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 20_000,
	},
});
