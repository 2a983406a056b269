import {expect, test} from 'vitest';
import {type CreateOptions, MissingAuthError, OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, sse, streamHandler, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// What the caller passes is checked before any request: a wrong value is a TypeError naming the option (and,
// for numbers, what was given); a right value at the edge of what is allowed goes out as given. Messages are
// matched on their key facts only, not their wording.

const server = useServer(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
const messages = [{role: 'user' as const, content: 'hi'}];

async function refused(model: unknown, list: unknown, options: unknown): Promise<TypeError> {
	server().requests.length = 0;
	const {error} = await collect(
		// @ts-expect-error wrong on purpose
		Local.createAsyncGenerator(model, list, options),
	);
	expect(server().requests).toHaveLength(0);
	expect(error).toBeInstanceOf(TypeError);
	return error as TypeError;
}

async function sent(options: Record<string, unknown>, list: unknown = messages) {
	server().requests.length = 0;
	const {error} = await collect(
		Local.createAsyncGenerator(
			'',
			list as typeof messages,
			{
				stream: true,
				baseUrl: `${server().url}/v1`,
				...options,
			} as CreateOptions,
		),
	);
	expect(error).toBeUndefined();
	expect(server().requests).toHaveLength(1);
	return server().requests[0]!;
}

const wrongOptions: Array<[string, Record<string, unknown>, RegExp[]]> = [
	['temperature below 0', {temperature: -0.1}, [/temperature/, /number/, /0/, /-0\.1/]],
	['temperature as a string', {temperature: '0.5'}, [/temperature/, /0\.5/]],
	['temperature NaN', {temperature: Number.NaN}, [/temperature/, /NaN/]],
	['topP below 0', {topP: -1}, [/topP/, /-1/]],
	['maxTokens 0', {maxTokens: 0}, [/maxTokens/, /integer/, /1/, /\b0\b/]],
	['maxTokens 1.5', {maxTokens: 1.5}, [/maxTokens/, /integer/, /1\.5/]],
	['seed 1.5', {seed: 1.5}, [/seed/, /integer/, /1\.5/, /^(?!.*undefined)/]],
	['seed as a string', {seed: '7'}, [/seed/, /7/]],
	['retry -1', {retry: -1}, [/retry/, /integer/, /-1/]],
	['retry 0.5', {retry: 0.5}, [/retry/, /0\.5/]],
	['retry as a string', {retry: '2'}, [/retry/]],
	['retry as an array', {retry: [1]}, [/retry/]],
	['retry.afterStatusCodes as a number', {retry: {afterStatusCodes: 429}}, [/retry\.afterStatusCodes/, /array/]],
	['retry.maxRetryAfter as a string', {retry: {maxRetryAfter: '5'}}, [/retry\.maxRetryAfter/, /number/]],
	['retry.backoffLimit as a string', {retry: {backoffLimit: '5'}}, [/retry\.backoffLimit/, /number/]],
	['retry.shouldRetry as true', {retry: {shouldRetry: true}}, [/retry\.shouldRetry/, /function/]],
	['retry.retryOnTimeout as 1', {retry: {retryOnTimeout: 1}}, [/retry\.retryOnTimeout/, /boolean/]],
	['timeout 0', {timeout: 0}, [/timeout/]],
	['timeout NaN', {timeout: Number.NaN}, [/timeout/]],
	['timeout past what setTimeout can wait', {timeout: 2_147_483_648}, [/timeout/, /2147483647/]],
	['timeout as a string', {timeout: '100'}, [/timeout/]],
	['timeout true', {timeout: true}, [/timeout/]],
	['idleTimeout -1', {idleTimeout: -1}, [/idleTimeout/]],
	['deadline as a string', {deadline: '5'}, [/deadline/]],
	['apiKey as a number', {apiKey: 123}, [/apiKey/, /string/]],
	['apiKey with a tab', {apiKey: 'sk-a\tb'}, [/apiKey/]],
	['apiKey with a non-ASCII character', {apiKey: 'sk-ключ'}, [/apiKey/]],
	['apiKey with DEL', {apiKey: 'sk-a\u007Fb'}, [/apiKey/]],
	['signal as a string', {signal: 'stop'}, [/signal/, /AbortSignal/]],
	['signal as an object without aborted', {signal: {}}, [/signal/, /AbortSignal/]],
	['headers as a string', {headers: 'x-a: 1'}, [/headers/]],
	['baseUrl that is not absolute', {baseUrl: '/v1'}, [/baseUrl/, /URL/]],
	['baseUrl as a URL object', {baseUrl: new URL('http://127.0.0.1:1/v1')}, [/baseUrl/, /URL/]],
	['apiEndpoint that is not absolute', {apiEndpoint: 'chat/completions'}, [/apiEndpoint/, /URL/]],
	[
		'apiEndpoint with a password only',
		{apiEndpoint: 'http://:pw@127.0.0.1:1/chat'},
		[/apiEndpoint/, /credential|password/],
	],
	['extraBody as an array', {extraBody: [1]}, [/extraBody/, /object/]],
	['extraBody as a string', {extraBody: 'x'}, [/extraBody/, /object/]],
	['media as a string', {media: 'data:image/png;base64,AA'}, [/media/, /array/]],
	['tools as an object', {tools: {type: 'function'}}, [/tools/, /array/]],
	['maxAnswerLength 0', {maxAnswerLength: 0}, [/maxAnswerLength/, /integer/, /\b0\b/]],
	['maxAnswerLength 1.5', {maxAnswerLength: 1.5}, [/maxAnswerLength/, /integer/, /1\.5/]],
	['maxAnswerLength Infinity', {maxAnswerLength: Number.POSITIVE_INFINITY}, [/maxAnswerLength/, /Infinity/]],
	['maxAnswerLength past the longest string', {maxAnswerLength: 536_870_889}, [/maxAnswerLength/, /536870888/]],
	['maxAnswerLength as a string', {maxAnswerLength: '100'}, [/maxAnswerLength/]],
	['secrets as a string', {secrets: 'tenant-1234'}, [/secrets/, /array of strings/]],
	['secrets with a number', {secrets: ['tenant-1234', 5]}, [/secrets/, /array of strings/]],
];

test.each(wrongOptions)('%s: a TypeError naming it, before any request', async (_what, options, facts) => {
	const error = await refused('', messages, {baseUrl: `${server().url}/v1`, ...options});
	for (const fact of facts) expect(error.message).toMatch(fact);
	expect(error.message).not.toContain('sk-');
	// Only what was given is quoted: never a placeholder for a value the message has none of.
	expect(error.message).not.toMatch(/undefined/);
});

test('wrong model, messages and options: a TypeError naming the mistake, before any request', async () => {
	const baseUrl = `${server().url}/v1`;
	expect((await refused(undefined, messages, {baseUrl})).message).toMatch(/model.*undefined/);
	expect((await refused('', null, {baseUrl})).message).toMatch(/messages.*null/);
	expect((await refused('', {role: 'user'}, {baseUrl})).message).toMatch(/messages.*object/);
	expect((await refused('', [null], {baseUrl})).message).toMatch(/messages\[0\]/);
	expect((await refused('', [...messages, 'hi'], {baseUrl})).message).toMatch(/messages\[1\]/);
	const role = await refused('', [...messages, {content: 'x'}], {baseUrl});
	expect(role.message).toMatch(/messages\[1\]\.role/);
	expect(role.message).toMatch(/assistant/);
	expect(role.message).toMatch(/tool/);
	expect((await refused('', [{role: 'user', content: 5}], {baseUrl})).message).toMatch(/messages\[0\]\.content/);
	expect((await refused('', [{role: 'user', content: {text: 'x'}}], {baseUrl})).message).toMatch(/content/);
	expect((await refused('', messages, null)).message).toMatch(/options/);
	expect((await refused('', messages, 'fast')).message).toMatch(/options/);
});

test('values at the edge of what is allowed go out as given', async () => {
	const edge = await sent({temperature: 0, topP: 0, maxTokens: 1, seed: -3});
	expect(edge.json).toMatchObject({temperature: 0, top_p: 0, max_tokens: 1, seed: -3});
	expect((await sent({temperature: 1.5, seed: 0})).json).toMatchObject({temperature: 1.5, seed: 0});
	for (const timing of [
		{timeout: 2_147_483_647, idleTimeout: 1_000_000, deadline: 2_147_483_647},
		{timeout: false, idleTimeout: false, deadline: false},
		{timeout: null, idleTimeout: null, deadline: null},
	])
		await sent(timing);
	await sent({retry: 0});
	// The answer, `ok`, is exactly 2 characters; neither option is sent.
	for (const edges of [
		{maxAnswerLength: 2, secrets: []},
		{maxAnswerLength: 536_870_888, secrets: ['tenant-1234']},
		{maxAnswerLength: null, secrets: null},
	])
		expect(Object.keys((await sent(edges)).json)).toEqual(['model', 'messages', 'stream', 'stream_options']);
	await sent({retry: null, signal: null, fetch: null, headers: null, extraBody: null, media: null, tools: null});
	await sent({
		retry: {
			limit: 0,
			methods: ['post'],
			statusCodes: [500],
			afterStatusCodes: [429],
			maxRetryAfter: 5,
			backoffLimit: 5,
			delay: () => 1,
			shouldRetry: () => false,
			retryOnTimeout: true,
			onlyRefused: false,
		},
	});
	await sent({signal: new AbortController().signal, apiKey: 'sk-visible ASCII ~'});
	// Every role the API knows, and content as a string, an array of parts, null or absent.
	const history = await sent({}, [
		{role: 'developer', content: 'd'},
		{role: 'system', content: 's'},
		{role: 'user', content: [{type: 'text', text: 'u'}]},
		{role: 'assistant', content: null, tool_calls: []},
		{role: 'tool', content: 't', tool_call_id: 'c'},
		{role: 'function', name: 'f', content: 'r'},
		{role: 'assistant'},
	]);
	expect(history.json.messages).toHaveLength(7);
});

test('getModels checks its options before any request, and takes none at all', async () => {
	server().requests.length = 0;
	for (const options of [null, 'x', {apiKey: 5}, {timeout: -1}, {baseUrl: 'v1'}, {fetch: 1}]) {
		// @ts-expect-error wrong on purpose
		const error = await Local.getModels(options).catch((error: unknown) => error);
		expect(error, JSON.stringify(options)).toBeInstanceOf(TypeError);
	}
	for (const options of [null, 'x']) {
		// @ts-expect-error wrong on purpose
		const error = await Local.getModels(options).catch((error: unknown) => error);
		expect((error as Error).message).toMatch(/options/);
	}

	expect(server().requests).toHaveLength(0);
	class Listing extends OpenaiTemplate {
		static override apiBase = `${server().url}/v1`;
	}

	server().setHandler((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"data":[{"id":"a"}]}');
	});
	try {
		expect(await Listing.getModels()).toEqual(['a']);
	} finally {
		server().setHandler(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
	}
});

test('the key is sent trimmed; a key of spaces is no key', async () => {
	const request = await sent({apiKey: '  sk-padded  '});
	expect(request.headers.authorization).toBe('Bearer sk-padded');
	class Needs extends Local {
		static override needsAuth = true;
	}

	server().requests.length = 0;
	const {error} = await collect(
		Needs.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server().url}/v1`, apiKey: '   '}),
	);
	expect(error).toBeInstanceOf(MissingAuthError);
	expect(server().requests).toHaveLength(0);
	const blank = await sent({apiKey: '   '});
	expect(blank.headers.authorization).toBeUndefined();
});

test('a base URL is checked on every request: one that passed does not let a wrong one through, nor the reverse', async () => {
	const good = `${server().url}/v1`;
	const withCredentials = good.replace('://', '://user:pass@');
	await sent({baseUrl: good});
	for (let round = 0; round < 2; round++) {
		expect((await refused('', messages, {baseUrl: withCredentials})).message).toMatch(/must not contain credentials/);
		expect((await refused('', messages, {baseUrl: 'not a url'})).message).toMatch(/`baseUrl` must be an absolute URL/);
	}

	await sent({baseUrl: good});
});
