import {expect, test} from 'vitest';
import {
	IterListProvider,
	ProviderError,
	ResponseError,
	ResponseStatusError,
	type CreateOptions,
} from '../../src/index.js';
import {chunk, collect, sleep, sse, streamHandler, textOf} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {answer, messages, useFaultServer} from './fault-server.js';

// Caller faults: wrong arguments fail with a clear TypeError before any request; a generator is harmless to call
// after it ended; one options object can serve many calls at once and is never changed.

const server = useFaultServer();

class Other extends Local {
	static override get name(): string {
		return 'Other';
	}
}

const user = (content: string) => [{role: 'user' as const, content}];

// [what is wrong, model, messages, options, the message must say]
const cases: Array<[string, unknown, unknown, Record<string, unknown> | unknown, RegExp]> = [
	['no messages (empty array)', '', [], {}, /`messages` is empty/],
	[
		'no messages (undefined)',
		'',
		undefined,
		{},
		/`messages` must be an array of \{role, content\} objects, got undefined/,
	],
	['messages as a string', '', 'hello', {}, /`messages` must be an array .*got string/],
	['messages as one object', '', {role: 'user', content: 'x'}, {}, /`messages` must be an array .*got object/],
	['messages as null', '', null, {}, /`messages` must be an array .*got null/],
	['a message that is null', '', [null], {}, /messages\[0\] must be an object/],
	['a message that is a string', '', ['hello'], {}, /messages\[0\] must be an object/],
	[
		'an unknown role',
		'',
		[
			{role: 'user', content: 'a'},
			{role: 'robot', content: 'x'},
		],
		{},
		/messages\[1\]\.role must be one of system, developer, user, assistant, tool, function, got "robot"/,
	],
	['a missing role', '', [{content: 'x'}], {}, /messages\[0\]\.role must be one of .*got undefined/],
	[
		'content of a wrong type',
		'',
		[{role: 'user', content: 42}],
		{},
		/messages\[0\]\.content must be a string, an array of parts or null/,
	],
	['a model that is no string', 42, user('x'), {}, /`model` must be a string, got number/],
	['options that are no object', '', user('x'), 'fast', /`options` must be an object/],
	['a negative maxTokens', '', user('x'), {maxTokens: -5}, /`maxTokens` must be an integer ≥ 1, got -5/],
	['maxTokens 0', '', user('x'), {maxTokens: 0}, /`maxTokens` must be an integer ≥ 1, got 0/],
	['a fractional maxTokens', '', user('x'), {maxTokens: 1.5}, /`maxTokens` must be an integer/],
	['maxTokens as a string', '', user('x'), {maxTokens: '100'}, /`maxTokens` must be an integer ≥ 1, got 100/],
	['maxTokens NaN', '', user('x'), {maxTokens: Number.NaN}, /`maxTokens` must be an integer ≥ 1, got NaN/],
	['fetch as a string', '', user('x'), {fetch: 'fetch'}, /`fetch` must be a function/],
	['fetch as an object', '', user('x'), {fetch: {}}, /`fetch` must be a function/],
	['a negative temperature', '', user('x'), {temperature: -1}, /`temperature` must be a number ≥ 0/],
	['topP as a string', '', user('x'), {topP: 'high'}, /`topP` must be a number/],
	['a fractional seed', '', user('x'), {seed: 0.5}, /`seed` must be an integer/],
	['timeout 0', '', user('x'), {timeout: 0}, /`timeout` must be a number of milliseconds/],
	['a negative timeout', '', user('x'), {timeout: -1}, /`timeout` must be a number of milliseconds/],
	[
		'an infinite timeout',
		'',
		user('x'),
		{timeout: Number.POSITIVE_INFINITY},
		/`timeout` must be a number of milliseconds/,
	],
	['idleTimeout as a string', '', user('x'), {idleTimeout: '5s'}, /`idleTimeout` must be a number of milliseconds/],
	['a negative retry', '', user('x'), {retry: -1}, /`retry` must be an integer ≥ 0/],
	['retry as a string', '', user('x'), {retry: 'often'}, /`retry` must be a count or ky retry options/],
	['a relative baseUrl', '', user('x'), {baseUrl: 'api/v1'}, /`baseUrl` must be an absolute URL/],
	[
		'a relative apiEndpoint',
		'',
		user('x'),
		{apiEndpoint: '/chat/completions'},
		/`apiEndpoint` must be an absolute URL/,
	],
	['extraBody as an array', '', user('x'), {extraBody: [1]}, /`extraBody` must be an object/],
	['headers as a string', '', user('x'), {headers: 'x-a: 1'}, /`headers` must be an object/],
	['a signal that is no AbortSignal', '', user('x'), {signal: {}}, /`signal` must be an AbortSignal/],
	['media as a string', '', user('x'), {media: 'data:image/png;base64,AA=='}, /`media` must be an array/],
	['tools as an object', '', user('x'), {tools: {type: 'function'}}, /`tools` must be an array/],
	['an apiKey that is no string', '', user('x'), {apiKey: 12_345}, /`apiKey` must be a string/],
	['an apiKey with a line break', '', user('x'), {apiKey: 'sk-abc\n'}, /`apiKey` contains a line break/],
];

test.each(cases)(
	'%s: TypeError with a clear message from next(), before any request',
	async (_what, model, input, options, said) => {
		server().use(
			answer(200, sse([chunk({content: 'should not be asked'}, {}, 'stop')]), {'content-type': 'text/event-stream'}),
		);
		let fetched = 0;
		const spy: typeof fetch = async (url, init) => {
			fetched++;
			return fetch(url, init);
		};
		const withBase =
			typeof options === 'object' && options !== null ? {baseUrl: server().base, fetch: spy, ...options} : options;
		// Creating the generator never throws; the error comes from its first next().
		const generator = Local.createAsyncGenerator(model as string, input as never, withBase as CreateOptions);
		const {chunks, error} = await collect(generator);
		expect(chunks).toEqual([]);
		expect(error).toBeInstanceOf(TypeError);
		expect(error).not.toBeInstanceOf(ProviderError);
		expect(error.message).toMatch(/^cablyai: /);
		expect(error.message).toMatch(said);
		await sleep(20);
		expect(fetched).toBe(0);
		expect(server().requests).toHaveLength(0);
	},
);

test('a fallback passes caller mistakes straight through, trying no other provider', async () => {
	server().use(answer(200));
	const fallback = new IterListProvider([Local, Other]);
	const {chunks, error} = await collect(
		fallback.createAsyncGenerator('', [{role: 'robot' as never, content: 'x'}], {stream: true, baseUrl: server().base}),
	);
	expect(error).toBeInstanceOf(TypeError);
	expect(chunks.filter(item => typeof item !== 'string' && item.type !== 'provider')).toEqual([]);
	expect(server().requests).toHaveLength(0);
	expect(() => new IterListProvider([])).toThrow(TypeError);
});

test('getModels rejects wrong options with a TypeError before any request', async () => {
	server().use(answer(200, '{"data":[]}', {'content-type': 'application/json'}));
	await expect(Local.getModels({baseUrl: server().base, fetch: 'no' as never})).rejects.toThrow(
		/`fetch` must be a function/,
	);
	await expect(Local.getModels({baseUrl: 'relative', apiKey: 'k'})).rejects.toThrow(TypeError);
	expect(server().requests).toHaveLength(0);
});

test('next() and return() after the generator finished are harmless', async () => {
	server().use(streamHandler([sse([chunk({content: 'done'}, {}, 'stop')])]));
	const generator = Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base});
	const {chunks, error} = await collect(generator);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('done');
	for (let index = 0; index < 3; index++)
		await expect(generator.next()).resolves.toEqual({done: true, value: undefined});
	await expect(
		Promise.all([generator.next(), generator.next(), generator.return(undefined as never)]),
	).resolves.toEqual(Array.from({length: 3}, () => ({done: true, value: undefined})));
	await sleep(20);
	expect(server().requests).toHaveLength(1);
});

test('next() after an HTTP error, and after an error mid-stream, is harmless and sends nothing', async () => {
	server().use(answer(400, '{"error":{"message":"bad request"}}', {'content-type': 'application/json'}));
	const http = Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base});
	await expect(http.next()).rejects.toBeInstanceOf(ResponseStatusError);
	await expect(http.next()).resolves.toEqual({done: true, value: undefined});
	await expect(http.return(undefined as never)).resolves.toEqual({done: true, value: undefined});

	server().use(streamHandler([`${sse([chunk({content: 'a'})], {done: false})}data: nope\n\n`]));
	const stream = Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base});
	const seen: unknown[] = [];
	await expect(
		(async () => {
			for await (const item of stream) seen.push(item);
		})(),
	).rejects.toBeInstanceOf(ResponseError);
	expect(textOf(seen)).toBe('a');
	await expect(stream.next()).resolves.toEqual({done: true, value: undefined});
	await expect(stream.next()).resolves.toEqual({done: true, value: undefined});
	await sleep(20);
	expect(server().requests).toHaveLength(1);
});

test('a generator dropped before its first next() sends nothing; return() first ends it cleanly', async () => {
	server().use(streamHandler([sse([chunk({content: 'x'}, {}, 'stop')])]));
	const unused = Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base});
	await expect(unused.return(undefined as never)).resolves.toEqual({done: true, value: undefined});
	await expect(unused.next()).resolves.toEqual({done: true, value: undefined});
	Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base});
	await sleep(50);
	expect(server().requests).toHaveLength(0);
});

function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const item of Object.values(value)) deepFreeze(item);
	}

	return value;
}

test('one options object (and one messages array) reused across concurrent calls is not mutated', async () => {
	server().use(async (request, response) => {
		await sleep(Math.floor(Math.random() * 20));
		const last = request.json.messages.at(-1).content as string;
		if (last.endsWith('7')) {
			response.writeHead(429, {'retry-after-ms': '10'});
			response.end();
			return;
		}

		streamHandler([sse([chunk({content: last}, {}, 'stop')])])(request, response, undefined as never);
	});
	const shared = {
		apiKey: 'sk-shared',
		stream: true,
		baseUrl: server().base,
		headers: {'x-trace': 'one'},
		extraBody: {metadata: {tags: ['a', 'b']}},
		stop: ['\n\n'],
		temperature: 0.5,
		maxTokens: 64,
		tools: [{type: 'function' as const, function: {name: 'f', parameters: {type: 'object', properties: {}}}}],
		retry: {limit: 1, delay: () => 5},
		timeout: 5000,
		idleTimeout: 5000,
	};
	const snapshot = structuredClone({...shared, retry: {limit: 1}});
	deepFreeze(shared);
	const history = deepFreeze([{role: 'system' as const, content: 'be brief'}]);
	const results = await Promise.all(
		Array.from({length: 24}, async (_, index) =>
			collect(Local.createAsyncGenerator('', [...history, {role: 'user', content: `n${index}`}], shared)),
		),
	);
	for (const [index, {chunks, error}] of results.entries()) {
		if (index % 10 === 7) {
			expect(error?.status).toBe(429);
		} else {
			expect(error).toBeUndefined();
			expect(textOf(chunks)).toBe(`n${index}`);
		}
	}

	expect({...shared, retry: {limit: shared.retry.limit}}).toEqual(snapshot);
	expect(history).toEqual([{role: 'system', content: 'be brief'}]);
	// Every request carried the same settings.
	for (const request of server().requests) {
		expect(request.json).toMatchObject({
			temperature: 0.5,
			max_tokens: 64,
			stop: ['\n\n'],
			metadata: {tags: ['a', 'b']},
			stream: true,
		});
		expect(request.headers['x-trace']).toBe('one');
		expect(request.headers.authorization).toBe('Bearer sk-shared');
	}

	expect(server().requests).toHaveLength(24 + 2 * 1);
});
