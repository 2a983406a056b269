import {defineConfig} from 'vite';

// `vite build` writes dist/index.js (ESM, dependencies left as imports);
// `--mode min` and `--mode iife` write the self-contained browser files.
export default defineConfig(({command, mode}) => {
	if (command === 'serve' || mode === 'demo') {
		return {root: 'demo'};
	}

	const selfContained = mode === 'min' || mode === 'iife';
	return {
		build: {
			outDir: 'dist',
			emptyOutDir: !selfContained,
			target: 'es2022',
			minify: selfContained,
			sourcemap: false,
			lib: {
				entry: 'src/index.ts',
				name: 'cablyai',
				formats: [mode === 'iife' ? 'iife' : 'es'],
				fileName: () => (mode === 'iife' ? 'cablyai.iife.js' : mode === 'min' ? 'cablyai.min.js' : 'index.js'),
			},
			rolldownOptions: {
				external: selfContained ? [] : ['ky', 'eventsource-parser'],
				// Vite keeps whitespace in ES library builds; the CDN file should be fully minified.
				output: selfContained ? {minify: true} : {},
			},
		},
	};
});
