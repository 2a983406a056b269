import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import * as library from '../../src/index.js';
import {CablyAI, collect, DeepSeek, OpenaiTemplate} from '../../src/index.js';
import {chunk, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// Streaming by default, as in g4f: `OpenaiTemplate` streams unless told otherwise (g4f's `stream=None` becomes
// `True`) and so does every preset; `CablyAI` keeps the seed's `stream=False`. One static decides: `defaultStream`.

const server = useServer(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
const messages = [{role: 'user', content: 'x'}] as const;

const providers = Object.entries(library).filter(
	(entry): entry is [string, typeof OpenaiTemplate] =>
		typeof entry[1] === 'function' && (entry[1] === OpenaiTemplate || entry[1].prototype instanceof OpenaiTemplate),
);

test('the static: true for OpenaiTemplate and every preset, false for CablyAI', () => {
	expect(providers.length).toBeGreaterThan(20);
	for (const [name, provider] of providers) expect([name, provider.defaultStream]).toEqual([name, name !== 'CablyAI']);
});

test('without `stream`, the template and a preset ask for a stream (with usage); CablyAI asks for one JSON answer', async () => {
	server().requests.length = 0;
	const options = {baseUrl: server().url, apiKey: 'sk-test'};
	expect((await collect(OpenaiTemplate.createAsyncGenerator('m', messages, options))).text).toBe('ok');
	await collect(DeepSeek.createAsyncGenerator('', messages, options));
	// The server streams anyway; CablyAI's request is what matters here.
	await collect(CablyAI.createAsyncGenerator('', messages, options));
	const [template, deepSeek, cablyAI] = server().requests.map(request => request.json);
	expect(template).toMatchObject({stream: true, stream_options: {include_usage: true}});
	expect(deepSeek).toMatchObject({stream: true, stream_options: {include_usage: true}});
	expect(cablyAI.stream).toBe(false);
	expect(cablyAI).not.toHaveProperty('stream_options');
});

test('`stream` set either way wins over the default; a subclass may change the default', async () => {
	class Quiet extends OpenaiTemplate {
		static override defaultStream = false;
	}

	server().requests.length = 0;
	const options = {baseUrl: server().url, apiKey: 'sk-test'};
	await collect(OpenaiTemplate.createAsyncGenerator('m', messages, {...options, stream: false}));
	await collect(CablyAI.createAsyncGenerator('', messages, {...options, stream: true}));
	await collect(Quiet.createAsyncGenerator('m', messages, options));
	await collect(Quiet.createAsyncGenerator('m', messages, {...options, stream: null}));
	expect(server().requests.map(request => request.json.stream)).toEqual([false, true, false, false]);
});

test('README and the option docs say so', () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	expect(readme).not.toMatch(/`stream` defaults to `false`/);
	expect(readme).not.toMatch(/\(default `false`, as in g4f\)/);
	const options = readFileSync(new URL('../../src/types/options.ts', import.meta.url), 'utf8');
	const streamDoc = options.slice(0, options.indexOf('stream?: boolean'));
	expect(streamDoc.slice(streamDoc.lastIndexOf('/**'))).not.toContain('@default false');
});
