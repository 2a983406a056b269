// A caller's mistake is a TypeError whose `option` names the option at fault, as data (the server's 400 reads it, never
// the message), with a message that says exactly what was expected. Checked before any request, through the public
// entry only: `createAsyncGenerator`, `getModels`, `getModelInfo`.
import {expect, test} from 'vitest';
import {type CreateOptions, getModelInfo, OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

const server = useServer(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
const messages = [{role: 'user' as const, content: 'hi'}];

async function refused(options: unknown, list: unknown = messages): Promise<TypeError & {option?: string}> {
	server().requests.length = 0;
	const {error} = await collect(
		// @ts-expect-error wrong on purpose
		Local.createAsyncGenerator('', list, options),
	);
	expect(server().requests).toHaveLength(0);
	expect(error).toBeInstanceOf(TypeError);
	return error;
}

async function sent(options: Record<string, unknown>) {
	server().setHandler(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
	server().requests.length = 0;
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().url, ...options} as CreateOptions),
	);
	expect(error).toBeUndefined();
	expect(server().requests).toHaveLength(1);
	return server().requests[0]!;
}

const base = () => ({baseUrl: server().url});

// [what, options or messages, option named, exact message]
const cases: Array<[string, () => {options: unknown; list?: unknown}, string, string]> = [
	['media not an array', () => ({options: {...base(), media: 'x'}}), 'media', '`media` must be an array'],
	['extraBody an array', () => ({options: {...base(), extraBody: []}}), 'extraBody', '`extraBody` must be an object'],
	['seed 1.5', () => ({options: {...base(), seed: 1.5}}), 'seed', '`seed` must be an integer, got 1.5'],
	[
		'temperature -1',
		() => ({options: {...base(), temperature: -1}}),
		'temperature',
		'`temperature` must be a number ≥ 0, got -1',
	],
	[
		'topLogprobs 1.5',
		() => ({options: {...base(), topLogprobs: 1.5}}),
		'topLogprobs',
		'`topLogprobs` must be an integer ≥ 0, got 1.5',
	],
	[
		'partialObjects not a function',
		() => ({options: {...base(), partialObjects: 'x'}}),
		'partialObjects',
		'`partialObjects` must be a function',
	],
	[
		'apiKey with a line break',
		() => ({options: {...base(), apiKey: 'sk-a\nb'}}),
		'apiKey',
		'`apiKey` contains a line break, control or non-ASCII character (check how it was pasted or loaded)',
	],
	[
		'baseUrl with credentials',
		() => ({options: {baseUrl: 'http://user:pw@127.0.0.1:1/v1'}}),
		'baseUrl',
		'`baseUrl` must not contain credentials (user:password@)',
	],
	[
		'extraBody n: 2',
		() => ({options: {...base(), extraBody: {n: 2}}}),
		'extraBody',
		'`n` > 1 is not supported: send one request per answer',
	],
	[
		'an unknown option',
		() => ({options: {...base(), baseURL: 'http://x'}}),
		'baseURL',
		'`baseURL` is not an option: use `baseUrl`',
	],
	[
		'an unknown option unlike any',
		() => ({options: {...base(), frequencyPenalty: 1}}),
		'frequencyPenalty',
		'`frequencyPenalty` is not an option; send body fields in `extraBody`',
	],
	['empty messages', () => ({options: base(), list: []}), 'messages', '`messages` is empty: send at least one message'],
	['a message that is no object', () => ({options: base(), list: [5]}), 'messages', 'messages[0] must be an object'],
	[
		'a message with a wrong role',
		() => ({options: base(), list: [{role: 'bot', content: 'x'}]}),
		'messages',
		'messages[0].role must be one of system, developer, user, assistant, tool, function, got "bot"',
	],
	[
		'a message with numeric content',
		() => ({options: base(), list: [{role: 'user', content: 1}]}),
		'messages',
		'messages[0].content must be a string, an array of parts or null',
	],
	[
		'headers pairs of three',
		() => ({options: {...base(), headers: [['a', 'b', 'c']]}}),
		'headers',
		'`headers` pairs must be [name, value]',
	],
	[
		'a header name with a space',
		() => ({options: {...base(), headers: {'x a': 'v'}}}),
		'headers',
		'`headers`: "x a" is not a valid header name',
	],
	[
		'a header value with a line break',
		() => ({options: {...base(), headers: {'x-a': 'v\r\nx-b: 1'}}}),
		'headers',
		'`headers`: the value of x-a must be a string without line breaks, control or non-Latin-1 characters',
	],
];

test.each(cases)('%s: a TypeError with `option` set and the exact message', async (_what, make, option, message) => {
	const {options, list} = make();
	const error = await refused(options, list);
	expect(error.message).toBe(`cablyai: ${message}`);
	expect(error.option).toBe(option);
});

test('a signal that is a function with an `aborted` field is no AbortSignal', async () => {
	const fake = Object.assign(() => undefined, {aborted: false});
	const error = await refused({...base(), signal: fake});
	expect(error.message).toBe('cablyai: `signal` must be an AbortSignal');
	expect(error.option).toBe('signal');
});

test('a provider without apiBase and no baseUrl: a TypeError naming `baseUrl`', async () => {
	class Bare extends OpenaiTemplate {
		static override label = 'Bare';
		static override defaultModel = 'm';
	}

	const {error} = await collect(Bare.createAsyncGenerator('', messages));
	expect(error).toBeInstanceOf(TypeError);
	expect(error.message).toBe('cablyai: Bare has no `apiBase`: pass `baseUrl`');
	expect(error.option).toBe('baseUrl');
	const list = await Bare.getModels().catch((error_: unknown) => error_ as TypeError & {option?: string});
	expect(list).toBeInstanceOf(TypeError);
	expect((list as {option?: string}).option).toBe('baseUrl');
});

test('values the checks let through go out as given', async () => {
	// `n` is the server's to judge unless it is a number above 1.
	expect((await sent({extraBody: {n: '2'}})).json.n).toBe('2');
	expect((await sent({topLogprobs: 2, logprobs: true})).json).toMatchObject({top_logprobs: 2, logprobs: true});
	const partial = await sent({partialObjects: () => ({push: () => undefined})});
	expect(partial.json).not.toHaveProperty('partialObjects');
});

test('an unknown option set to undefined is no mistake (a spread config may carry one)', async () => {
	const request = await sent({baseURL: undefined, frequencyPenalty: undefined});
	expect(request.json).not.toHaveProperty('frequency_penalty');
	expect(request.json).not.toHaveProperty('frequencyPenalty');
});

test('getModelInfo checks its options like getModels', async () => {
	server().setHandler(jsonHandler(200, {data: []}));
	const error = await getModelInfo(Local, {baseUrl: server().url, timeout: 0}).catch((error_: unknown) => error_);
	expect(error).toBeInstanceOf(TypeError);
	expect((error as {option?: string}).option).toBe('timeout');
});
