import {build} from 'esbuild';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';
import * as library from '../../src/index.js';
import {collect, startServer, streamHandler, sse, chunk, textOf} from '../helpers/fake-openai.js';

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
	Gemini: ['https://generativelanguage.googleapis.com/v1beta/openai', true],
	XAI: ['https://api.x.ai/v1', true],
	Cerebras: ['https://api.cerebras.ai/v1', true],
	Fireworks: ['https://api.fireworks.ai/inference/v1', true],
	Perplexity: ['https://api.perplexity.ai', true],
	HuggingFace: ['https://router.huggingface.co/v1', true],
	Nvidia: ['https://integrate.api.nvidia.com/v1', true],
	// The base URL names the user's resource: AzureOpenAI.forResource(), a subclass, or `baseUrl`.
	AzureOpenAI: ['', true],
	Pollinations: ['https://gen.pollinations.ai/v1', false],
	LlamaCpp: ['http://127.0.0.1:8080/v1', false],
	VLLM: ['http://localhost:8000/v1', false],
	SambaNova: ['https://api.sambanova.ai/v1', true],
	Nebius: ['https://api.studio.nebius.com/v1', true],
	Novita: ['https://api.novita.ai/v3/openai', true],
	Scaleway: ['https://api.scaleway.ai/v1', true],
} as const;

/** Whatever extends OpenaiTemplate among the exports: a preset added without a row above fails the test below. */
const exportedPresets = Object.entries(library).filter(
	([name, value]) =>
		typeof value === 'function' && value.prototype instanceof library.OpenaiTemplate && name !== 'CablyAI',
);

test('every exported preset has a row here', () => {
	expect(exportedPresets.map(([name]) => name).sort()).toEqual(Object.keys(presets).sort());
});

test.each(Object.entries(presets))('%s preset: base URL, key flag, label', (name, [apiBase, needsAuth]) => {
	// biome-ignore lint/performance/noDynamicNamespaceImportAccess: each preset is looked up by its export name, as users import it.
	const Provider = library[name as keyof typeof presets];
	expect(Provider.prototype).toBeInstanceOf(library.OpenaiTemplate);
	// The label, a string, is the name a minifier cannot change.
	expect(Provider.label).toBe(name);
	expect(Provider.apiBase).toBe(apiBase);
	expect(Provider.needsAuth).toBe(needsAuth);
	if (needsAuth) expect(Provider.loginUrl).toMatch(/^https:\/\//);
	// Local servers answer with the model they loaded; Azure's model is the user's deployment name.
	if (!['LMStudio', 'VLLM', 'AzureOpenAI'].includes(name)) expect(Provider.defaultModel).not.toBe('');
	// A service pages cannot call says what to do instead.
	if (!Provider.browserCors) expect(Provider.corsHint).toBeTruthy();
	for (const target of Object.values(Provider.modelAliases)) expect(target).toBeTypeOf('string');
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

/** A string only each new preset's module holds (its API host). */
const newPresetHosts = [
	'generativelanguage.googleapis.com',
	'api.x.ai',
	'api.cerebras.ai',
	'api.fireworks.ai',
	'api.perplexity.ai',
	'router.huggingface.co',
	'integrate.api.nvidia.com',
	'openai.azure.com',
	'gen.pollinations.ai',
	'127.0.0.1:8080',
	'localhost:8000',
	'api.sambanova.ai',
	'api.studio.nebius.com',
	'api.novita.ai',
	'api.scaleway.ai',
];

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
		...newPresetHosts,
	]) {
		expect(onlyCably.code).not.toContain(url);
	}

	expect(onlyCably.code).not.toContain('No provider answered');
	const withGroq = await bundleSize('CablyAI, Groq');
	expect(withGroq.code).toContain('api.groq.com');
	expect(withGroq.code).not.toContain('api.openai.com');
	// One preset costs a few hundred bytes, not the whole set.
	expect(withGroq.size - onlyCably.size).toBeLessThan(400);
	// getModelInfo is a function of its own: a page that never calls it does not carry it.
	expect(onlyCably.code).not.toContain('context_window');
	expect((await bundleSize('CablyAI, getModelInfo')).code).toContain('context_window');
});

test('importing one new preset carries no other preset', async () => {
	for (const [name, host] of [
		['Cerebras', 'api.cerebras.ai'],
		['AzureOpenAI', 'openai.azure.com'],
		['Nvidia', 'integrate.api.nvidia.com'],
	] as const) {
		const {code, size} = await bundleSize(name);
		expect(code).toContain(host);
		for (const other of [...newPresetHosts, 'api.groq.com', 'api.openai.com'].filter(item => item !== host))
			expect(code, `${name} bundle carries ${other}`).not.toContain(other);
		expect(size - (await bundleSize('OpenaiTemplate')).size, name).toBeLessThan(700);
	}
});
