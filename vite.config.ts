import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vite';
import {demoEndpoint} from './demo/server/demo-endpoint.js';
import {serverKeyMode} from './demo/server/server-key.js';

const source = fileURLToPath(new URL('src/index.ts', import.meta.url));

// `vite` (npm run demo) and `vite preview` serve the demo with its local endpoint; `vite build --mode demo`
// writes it to demo-dist/. `vite build` writes dist/index.js (ESM, dependencies left as imports);
// `--mode min` and `--mode iife` write the self-contained browser files. dist/server.js (cablyai/server) is a second
// entry of the ES build only: it imports the core from ./index.js, and the browser files never contain it.
export default defineConfig(({command, mode}) => {
	if (command === 'serve' || mode === 'demo') {
		return {
			root: 'demo',
			// The page imports 'cablyai' as an app would; here that is the library's source.
			resolve: {alias: {cablyai: source}},
			// With a provider key in the environment, cablyai/server is mounted at /api/v1 (demo/server/server-key.ts).
			plugins: [demoEndpoint(), serverKeyMode()],
			server: {host: '127.0.0.1'},
			preview: {host: '127.0.0.1'},
			build: {outDir: '../demo-dist', emptyOutDir: true, target: 'es2022'},
		};
	}

	const selfContained = mode === 'min' || mode === 'iife';
	return {
		// tsc (tsconfig.build.json) writes dist/server/index.d.ts; the subpath export names dist/server.d.ts beside server.js.
		plugins: selfContained
			? []
			: [
					{
						name: 'server-declarations',
						generateBundle() {
							this.emitFile({type: 'asset', fileName: 'server.d.ts', source: "export * from './server/index.js';\n"});
						},
					},
				],
		build: {
			outDir: 'dist',
			emptyOutDir: !selfContained,
			target: 'es2022',
			minify: selfContained,
			sourcemap: false,
			lib: {
				entry: selfContained ? 'src/index.ts' : {index: 'src/index.ts', server: 'src/server/index.ts'},
				name: 'cablyai',
				formats: [mode === 'iife' ? 'iife' : 'es'],
				fileName: (_format, entry) =>
					mode === 'iife' ? 'cablyai.iife.js' : mode === 'min' ? 'cablyai.min.js' : `${entry}.js`,
			},
			rolldownOptions: {
				external: selfContained ? [] : ['ky', 'eventsource-parser'],
				// dist/server.js imports what it needs from the index chunk, which may export more for it than its own exports.
				preserveEntrySignatures: 'allow-extension',
				// Vite keeps whitespace in ES library builds; the CDN file should be fully minified.
				output: selfContained ? {minify: true} : {},
			},
		},
	};
});
