import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vite';
import {demoEndpoint} from './server/demo-endpoint.js';
import {serverKeyMode} from './server/server-key.js';

const demo = fileURLToPath(new URL('.', import.meta.url));
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));

// The demo's own config, kept apart so that the library build (../vite.config.ts) never loads the demo's server code.
// `npm run demo` (`vite --config demo/vite.config.ts`) and `vite preview` serve the page with its local endpoint;
// `npm run build:demo` writes it to demo-dist/.
export default defineConfig({
	root: demo,
	// The page imports 'cablyai' as an app would; here that is the library's source.
	resolve: {alias: {cablyai: source}},
	// With a provider key in the environment, cablyai/server is mounted at /api/v1 (demo/server/server-key.ts).
	plugins: [demoEndpoint(), serverKeyMode()],
	server: {host: '127.0.0.1'},
	preview: {host: '127.0.0.1'},
	build: {outDir: fileURLToPath(new URL('../demo-dist', import.meta.url)), emptyOutDir: true, target: 'es2022'},
});
