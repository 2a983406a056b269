import {build} from 'esbuild';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';
import * as library from '../../src/index.js';
import {collect, startServer, streamHandler, sse, chunk, textOf} from '../helpers/server.js';

const presets = {
	OpenAI: ['https://api.openai.com/v1', true],
	OpenRouter: ['https://openrouter.ai/api/v1', true],
	Groq: ['https://api.groq.com/openai/v1', true],
	DeepInfra: ['https://api.deepinfra.com/v1/openai', true],
	Together: ['https://api.together.xyz/v1', true],
	DeepSeek: ['https://api.deepseek.com', true],
	Mistral: ['https://api.mistral.ai/v1', true],
	Ollama: ['http://localhost:11434/v1', false],
	LMStudio: ['http://localhost:1234/v1', false],
} as const;

test.each(Object.entries(presets))('%s preset: base URL, key flag, label', (name, [apiBase, needsAuth]) => {
	// biome-ignore lint/performance/noDynamicNamespaceImportAccess: each preset is looked up by its export name, as users import it.
	const Provider = library[name as keyof typeof presets];
	expect(Provider.prototype).toBeInstanceOf(library.OpenaiTemplate);
	// The label, a string, is the name a minifier cannot change.
	expect(Provider.label).toBe(name);
	expect(Provider.apiBase).toBe(apiBase);
	expect(Provider.needsAuth).toBe(needsAuth);
	if (needsAuth) expect(Provider.loginUrl).toMatch(/^https:\/\//);
	if (name !== 'LMStudio') expect(Provider.defaultModel).not.toBe('');
});

test('a local preset streams without a key', async () => {
	const server = await startServer(streamHandler([sse([chunk({content: 'local'}, {}, 'stop')])]));
	try {
		const {chunks, error} = await collect(
			library.Ollama.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {
				stream: true,
				baseUrl: `${server.url}/v1`,
			}),
		);
		expect(error).toBeUndefined();
		expect(textOf(chunks)).toBe('local');
		expect(server.requests[0]!.json.model).toBe('llama3.2');
		expect(server.requests[0]!.headers.authorization).toBeUndefined();
	} finally {
		await server.close();
	}
});

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

async function bundleSize(imports: string): Promise<{size: number; code: string}> {
	const result = await build({
		stdin: {
			contents: `import {${imports}} from ${JSON.stringify(dist)}; globalThis.used = [${imports}];`,
			resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
			loader: 'js',
		},
		bundle: true,
		minify: true,
		format: 'esm',
		write: false,
		platform: 'browser',
	});
	const code = result.outputFiles[0]!.text;
	return {size: code.length, code};
}

test('importing one provider does not pull the others into a bundle', async () => {
	expect(existsSync(dist), 'dist/index.js is missing: run npm run build').toBe(true);
	const onlyCably = await bundleSize('CablyAI');
	for (const url of [
		'api.openai.com',
		'openrouter.ai',
		'api.groq.com',
		'deepinfra.com',
		'together.xyz',
		'api.deepseek.com',
		'mistral.ai',
		'localhost:11434',
		'localhost:1234',
	]) {
		expect(onlyCably.code).not.toContain(url);
	}

	expect(onlyCably.code).not.toContain('No provider answered');
	const withGroq = await bundleSize('CablyAI, Groq');
	expect(withGroq.code).toContain('api.groq.com');
	expect(withGroq.code).not.toContain('api.openai.com');
	// One preset costs a few hundred bytes, not the whole set.
	expect(withGroq.size - onlyCably.size).toBeLessThan(400);
});
