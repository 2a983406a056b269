// The built declarations (both entries, `cablyai` and `cablyai/server`) compile in a consumer project that turns on
// `strict` and `exactOptionalPropertyTypes`, with `skipLibCheck: false` so that errors inside the .d.ts files count.
// The package is linked into the project's node_modules, so its `exports` map and `types` are what resolve.
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {requireDist, runCommand} from '../runtimes/support.js';
import {bin, childEnv} from './packed.js';

const root = resolve(import.meta.dirname, '../..');
let work: string;

// Touches the option and result types where an optional property meets an explicit `undefined`.
const consumer = `
import {
	AuthenticationError,
	CablyAI,
	collect,
	DeepSeek,
	IterListProvider,
	OpenRouter,
	type ChatResult,
	type Chunk,
	type CreateOptions,
	type Message,
	type RetryPolicy,
	type Usage,
} from 'cablyai';
import {createHandler} from 'cablyai/server';

const retry: RetryPolicy = {limit: 2, methods: ['post'], statusCodes: [429], delay: attempt => attempt * 100, onlyRefused: true};
const options: CreateOptions = {apiKey: 'k', stream: true, retry, maxTokens: 10, toolCallDeltas: true};
const history: Message[] = [{role: 'user', content: 'hi'}];

export async function run(): Promise<void> {
	const result: ChatResult = await collect(DeepSeek.createAsyncGenerator('', history, options), {partial: true});
	history.push(result.message, {role: 'user', content: 'more'});
	const usage: Usage | undefined = result.usage;
	const cached: number | undefined = usage?.cachedTokens;
	const sources = result.sources.map(source => source.title ?? source.url);
	for await (const chunk of OpenRouter.createAsyncGenerator('', history, options)) {
		const seen: Chunk = chunk;
		if (typeof seen === 'object' && seen.type === 'tool_call_delta') console.log(seen.index, seen.arguments);
	}
	const error: unknown = result.error;
	if (error instanceof AuthenticationError) console.log(error.status);
	console.log(cached, sources, new IterListProvider([CablyAI, DeepSeek]));
}

export const handler: (request: Request) => Promise<Response> = createHandler({
	provider: CablyAI,
	apiKey: 'k',
	accessToken: 't',
});
`;

beforeAll(async () => {
	requireDist('index.d.ts', 'server.d.ts');
	work = await mkdtemp(join(tmpdir(), 'cablyai-exact-optional-'));
	await mkdir(join(work, 'node_modules'), {recursive: true});
	await symlink(root, join(work, 'node_modules', 'cablyai'), 'dir');
	await writeFile(join(work, 'package.json'), JSON.stringify({name: 'consumer', private: true, type: 'module'}));
	await writeFile(join(work, 'consumer.ts'), consumer);
});

afterAll(async () => {
	if (work) await rm(work, {recursive: true, force: true});
});

test.each([
	['bundler', 'esnext'],
	['node16', 'node16'],
] as const)(
	'strict + exactOptionalPropertyTypes, moduleResolution %s',
	async (resolution, module) => {
		const config = `tsconfig.${resolution}.json`;
		await writeFile(
			join(work, config),
			JSON.stringify({
				compilerOptions: {
					strict: true,
					exactOptionalPropertyTypes: true,
					noEmit: true,
					target: 'es2022',
					module,
					moduleResolution: resolution,
					lib: ['es2022', 'dom', 'dom.iterable'],
					types: [],
					skipLibCheck: false,
				},
				files: ['consumer.ts'],
			}),
		);
		const result = await runCommand(bin('tsc'), ['-p', config], {cwd: work, env: childEnv(), timeout: 90_000});
		expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
	},
	120_000,
);
