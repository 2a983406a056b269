import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {afterEach, expect, test, vi} from 'vitest';
import {jsonHandler, useServer, type Handler} from './helpers/fake-openai.js';

// The README's runTools example runs against a local server whose model calls the tool, and the round trip is what
// the API expects. (test/consumers/readme.test.ts runs and type-checks every README example against a generic API.)

const root = fileURLToPath(new URL('..', import.meta.url));
const library = join(root, 'src/index.ts');
const server = useServer();

async function examples(): Promise<string[]> {
	const readme = await readFile(join(root, 'README.md'), 'utf8');
	return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(match => match[1]!);
}

afterEach(() => {
	vi.restoreAllMocks();
	delete process.env.CABLYAI_API_KEY;
});

/** A chat server: the first turn calls the weather tool, the turn with its output answers from it. */
const weatherServer: Handler = (request, response, raw) => {
	const {messages} = request.json as {messages: Array<Record<string, any>>};
	const last = messages.at(-1)!;
	if (last.role === 'tool') {
		const {celsius, city} = JSON.parse(last.content as string) as {celsius: number; city: string};
		jsonHandler(200, {
			model: 'gpt-4o-mini',
			choices: [
				{index: 0, message: {role: 'assistant', content: `It is ${celsius} °C in ${city}.`}, finish_reason: 'stop'},
			],
		})(request, response, raw);
		return;
	}

	jsonHandler(200, {
		model: 'gpt-4o-mini',
		choices: [
			{
				index: 0,
				message: {
					role: 'assistant',
					content: null,
					tool_calls: [
						{id: 'call_w1', type: 'function', function: {name: 'get_weather', arguments: '{"city":"Paris"}'}},
					],
				},
				finish_reason: 'tool_calls',
			},
		],
	})(request, response, raw);
};

test('the README runTools example runs: call, the tool runs locally, its output goes back, the answer comes', async () => {
	const code = (await examples()).find(block => block.includes('runTools('));
	expect(code, 'the README has a runTools example').toBeDefined();
	server().setHandler(weatherServer);
	server().requests.length = 0;
	const directory = await mkdtemp(join(tmpdir(), 'cablyai-readme-'));
	try {
		// 'cablyai' as the example imports it, with CablyAI's API base pointed at the local server.
		const shim = join(directory, 'cablyai-shim.ts');
		await writeFile(
			shim,
			`export * from ${JSON.stringify(library)};
import {CablyAI as Base} from ${JSON.stringify(library)};
export class CablyAI extends Base {
	static override apiBase = ${JSON.stringify(`${server().url}/v1`)};
}
`,
		);
		const entry = join(directory, 'example.ts');
		await writeFile(entry, code!);
		const outfile = join(directory, 'example.mjs');
		await build({
			entryPoints: [entry],
			bundle: true,
			format: 'esm',
			platform: 'node',
			target: 'node22',
			outfile,
			logLevel: 'silent',
			plugins: [
				{
					name: 'cablyai',
					setup(plugin) {
						plugin.onResolve({filter: /^cablyai$/}, () => ({path: shim}));
						// The example's schema library, from the project's dev dependencies.
						plugin.onResolve({filter: /^zod$/}, () => ({path: createRequire(import.meta.url).resolve('zod')}));
					},
				},
			],
		});
		// The example reads its key from the environment.
		process.env.CABLYAI_API_KEY = 'sk-readme';
		const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
		await import(pathToFileURL(outfile).href);
		expect(log.mock.calls).toEqual([['get_weather', {city: 'Paris', celsius: 18}], ['It is 18 °C in Paris.']]);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}

	const [first, second] = server().requests.map(request => request.json);
	expect(server().requests).toHaveLength(2);
	expect(first.tools[0].function.name).toBe('get_weather');
	expect(first.messages).toEqual([{role: 'user', content: 'How warm is it in Paris?'}]);
	// The second turn carries the assistant message as it came back, then the tool's output for its call.
	expect(second.messages).toEqual([
		{role: 'user', content: 'How warm is it in Paris?'},
		{
			role: 'assistant',
			content: null,
			tool_calls: [{id: 'call_w1', type: 'function', function: {name: 'get_weather', arguments: '{"city":"Paris"}'}}],
		},
		{role: 'tool', tool_call_id: 'call_w1', content: '{"city":"Paris","celsius":18}'},
	]);
	expect(server().requests.every(request => request.headers.authorization === 'Bearer sk-readme')).toBe(true);
}, 60_000);
