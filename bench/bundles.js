// Sizes of a minimal "stream one completion" browser bundle per client (esbuild, minified), and of dist/.
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {build} from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const entries = {
	'ky + eventsource-parser alone': `import ky from 'ky'; import {createParser} from 'eventsource-parser';
		const parser = createParser({onEvent: event => console.log(JSON.parse(event.data))});
		const response = await ky.post('/v1/chat/completions', {json: {stream: true}});
		const reader = response.body.getReader(); const decoder = new TextDecoder();
		for (;;) { const {done, value} = await reader.read(); if (done) break; parser.feed(decoder.decode(value, {stream: true})); }`,
	openai: `import OpenAI from 'openai';
		const client = new OpenAI({baseURL: '/v1', apiKey: 'k', dangerouslyAllowBrowser: true});
		for await (const chunk of await client.chat.completions.create({model: 'm', messages: [], stream: true})) console.log(chunk.choices[0]?.delta?.content);`,
	'AI SDK': `import {streamText} from 'ai'; import {createOpenAICompatible} from '@ai-sdk/openai-compatible';
		const provider = createOpenAICompatible({name: 'x', baseURL: '/v1'});
		for await (const text of streamText({model: provider.chatModel('m'), prompt: 'hi'}).textStream) console.log(text);`,
	cablyai: `import {CablyAI} from './dist/index.js';
		for await (const chunk of CablyAI.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {apiKey: 'k', stream: true})) console.log(chunk);`,
};

// BENCH_CABLYAI_ALT (see cablyai-client.js): the same minimal bundle from another build.
if (process.env.BENCH_CABLYAI_ALT) {
	entries['cablyai (alt)'] = entries.cablyai.replace(
		'./dist/index.js',
		JSON.stringify(resolve(process.env.BENCH_CABLYAI_ALT)).slice(1, -1),
	);
}

const sizes = code => ({min: code.length, gzip: gzipSync(code, {level: 9}).length});

/** Minified and gzipped (level 9) sizes of a browser bundle of `contents`, as every row here is measured. */
export async function bundleSize(contents) {
	const result = await build({
		stdin: {contents, resolveDir: root, loader: 'js'},
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		write: false,
		logLevel: 'silent',
		target: 'es2022',
		define: {'process.env.NODE_ENV': '"production"'},
	});
	return sizes(Buffer.from(result.outputFiles[0].contents));
}

/** The minimal page of the floor (ky + eventsource-parser alone) and of cablyai, for test/runtimes/own-code-size.test.ts. */
export const minimalPages = {floor: entries['ky + eventsource-parser alone'], cablyai: entries.cablyai};

export async function bundleSizes() {
	const rows = {};
	for (const [name, contents] of Object.entries(entries)) rows[name] = await bundleSize(contents);

	for (const file of ['cablyai.min.js', 'cablyai.iife.js'])
		rows[`dist/${file}`] = sizes(readFileSync(`${root}dist/${file}`));
	return rows;
}
