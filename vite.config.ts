import {defineConfig} from 'vite';

// The library build only; the demo has its own config (demo/vite.config.ts), so no demo code is loaded here.
// `vite build` writes dist/index.js (ESM, dependencies left as imports);
// `--mode min` and `--mode iife` write the self-contained browser files. dist/server.js (cablyai/server) is a second
// entry of the ES build only: it imports the core from ./index.js, and the browser files never contain it.
export default defineConfig(({mode}) => {
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
				output: selfContained
					? {minify: true}
					: {
							// What both entries use (src/internal.ts and what it reaches) in one private chunk, dist/internal.js: the
							// server reuses the core's helpers without dist/index.js exporting them.
							advancedChunks: {groups: [{name: 'internal', test: /[\\/]src[\\/](core|errors|utils|types|internal)/}]},
							chunkFileNames: '[name].js',
						},
			},
		},
	};
});
