import {expect, test} from 'vitest';
import {IterListProvider, MissingAuthError, TimeoutError, type CreateOptions} from '../../src/index.js';
import {chunk, collect, sleep, sse, streamHandler} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {answer, exposed, messages, openStream, run, useFaultServer, within} from './fault-server.js';

// Issue 15: caller mistakes are TypeErrors before any request (they surfaced late, as NetworkError, and a fallback
// then tried every provider); every HeadersInit form works; the request goes where `baseUrl` says; an overall
// `deadline`; an abort before the start wins.

const server = useFaultServer();
const answered = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);

class Other extends Local {
	static override get name(): string {
		return 'Other';
	}
}

const circular: Record<string, unknown> = {a: 1};
circular.self = circular;
let deep: unknown = 'x';
for (let depth = 0; depth < 100_000; depth++) deep = [deep];

const mistakes: Array<[string, Record<string, unknown>, RegExp]> = [
	['a header name with CRLF', {headers: {'x-a\r\nx-b': '1'}}, /`headers`: "x-a\\r\\nx-b" is not a valid header name/],
	['a header name with a space', {headers: {'x a': '1'}}, /is not a valid header name/],
	[
		'a header value with CRLF (header injection)',
		{headers: {'x-a': 'v\r\nx-injected: 1'}},
		/the value of x-a must be a string without line breaks, control or non-Latin-1 characters/,
	],
	['a header value with NUL', {headers: {'x-a': 'a\u0000b'}}, /the value of x-a must be a string without line breaks/],
	[
		'a header value outside Latin-1',
		{headers: {'x-a': '10 €'}},
		/the value of x-a must be a string without line breaks/,
	],
	['a header value that is no string', {headers: {'x-a': 5}}, /the value of x-a must be a string/],
	['header pairs that are no pairs', {headers: [['x-a']]}, /`headers` pairs must be \[name, value\]/],
	['retry.limit -1', {retry: {limit: -1}}, /`retry.limit` must be an integer ≥ 0, got -1/],
	['retry.limit 1.5', {retry: {limit: 1.5}}, /`retry.limit` must be an integer/],
	['retry.methods as a string', {retry: {methods: 'post'}}, /`retry.methods` must be an array/],
	['retry.statusCodes as a number', {retry: {statusCodes: 500}}, /`retry.statusCodes` must be an array/],
	['retry.delay as a number', {retry: {delay: 5}}, /`retry.delay` must be a function/],
	['retry.onlyRefused as a string', {retry: {onlyRefused: 'yes'}}, /`retry.onlyRefused` must be a boolean/],
	[
		'a BigInt in extraBody',
		{extraBody: {seed: 10n}},
		/the request body cannot be sent as JSON \(Do not know how to serialize a BigInt\)/,
	],
	[
		'a circular extraBody',
		{extraBody: circular},
		/the request body cannot be sent as JSON \(Converting circular structure to JSON/,
	],
	[
		'an extraBody nested too deeply',
		{extraBody: {deep}},
		/the request body cannot be sent as JSON \(Maximum call stack size exceeded\)/,
	],
	[
		'Infinity inside extraBody',
		{extraBody: {logit_bias: {50256: Number.POSITIVE_INFINITY}}},
		/the request body holds Infinity at "50256", which JSON cannot carry/,
	],
	['temperature Infinity', {temperature: Number.POSITIVE_INFINITY}, /`temperature` must be a number ≥ 0, got Infinity/],
	['topP Infinity', {topP: Number.POSITIVE_INFINITY}, /`topP` must be a number ≥ 0, got Infinity/],
	['a deadline of 0', {deadline: 0}, /`deadline` must be a number of milliseconds/],
];

test.each(mistakes)('%s: TypeError before any request, even inside a fallback', async (_what, options, message) => {
	server().use(answered);
	const direct = await collect(
		Local.createAsyncGenerator('', messages, {baseUrl: server().base, ...options} as CreateOptions),
	);
	expect(direct.error).toBeInstanceOf(TypeError);
	expect(direct.error.message).toMatch(message);
	const fallback = await collect(
		new IterListProvider([Local, Other]).createAsyncGenerator('', messages, {
			baseUrl: server().base,
			...options,
		} as CreateOptions),
	);
	expect(fallback.error).toBeInstanceOf(TypeError);
	expect(server().requests).toEqual([]);
});

test('a BigInt in a message is a TypeError too, and header values never appear in the message', async () => {
	server().use(answered);
	const {error} = await collect(
		// @ts-expect-error messages allow no extra keys; a caller without types can still send one
		Local.createAsyncGenerator('', [{role: 'user', content: 'x', n: 1n}], {baseUrl: server().base}),
	);
	expect(error).toBeInstanceOf(TypeError);
	const secret = await collect(
		Local.createAsyncGenerator('', messages, {baseUrl: server().base, headers: {'api-key': 'sk-secret-value\r\n'}}),
	);
	expect(exposed(secret.error)).not.toContain('sk-secret-value');
	expect(server().requests).toEqual([]);
});

test('getModels checks headers and retry before any request too', async () => {
	server().use(answered);
	for (const options of [{headers: {'x-a': 'a\nb'}}, {retry: {limit: -1}}]) {
		const error = await Local.getModels({baseUrl: server().base, ...options}).catch((error: unknown) => error);
		expect(error).toBeInstanceOf(TypeError);
	}

	expect(server().requests).toEqual([]);
});

test('every HeadersInit form is sent: a record, a Headers, [name, value] pairs', async () => {
	for (const headers of [
		{'x-a': '1', 'api-key': 'k1'},
		new Headers({'x-a': '1', 'api-key': 'k1'}),
		[
			['x-a', '1'],
			['api-key', 'k1'],
		] as Array<[string, string]>,
	]) {
		const {error} = await run(server(), answered, {headers});
		expect(error).toBeUndefined();
		const sent = server().requests[0]!.headers;
		expect(sent['x-a'], headers.constructor.name).toBe('1');
		expect(sent['api-key'], headers.constructor.name).toBe('k1');
		expect(sent['0']).toBeUndefined();
	}
});

test('a baseUrl with a query string: the path goes before the query (Azure OpenAI api-version)', async () => {
	class Images extends Local {
		static override imageModels = ['img'];
	}

	server().use((request, response, raw) => {
		if (request.url.startsWith('/v1/models'))
			return answer(200, '{"data":[{"id":"m"}]}', {'content-type': 'application/json'})(request, response, raw);
		if (request.url.startsWith('/v1/images'))
			return answer(200, '{"data":[{"url":"u"}]}', {'content-type': 'application/json'})(request, response, raw);
		return answered(request, response, raw);
	});
	const baseUrl = `${server().base}/?api-version=2024-10-21`;
	expect((await collect(Local.createAsyncGenerator('', messages, {baseUrl}))).error).toBeUndefined();
	expect(await Local.getModels({baseUrl})).toEqual(['m']);
	expect((await collect(Images.createAsyncGenerator('img', messages, {baseUrl}))).error).toBeUndefined();
	expect(server().requests.map(request => request.url)).toEqual([
		'/v1/chat/completions?api-version=2024-10-21',
		'/v1/models?api-version=2024-10-21',
		'/v1/images/generations?api-version=2024-10-21',
	]);
});

test('aborting before the start with a missing key rejects with the abort reason', async () => {
	class Needs extends Local {
		static override needsAuth = true;
	}

	const reason = new Error('user left');
	const {error} = await collect(
		Needs.createAsyncGenerator('', messages, {baseUrl: server().base, signal: AbortSignal.abort(reason)}),
	);
	expect(error).toBe(reason);
	// Without the abort, the missing key is reported as before.
	expect((await collect(Needs.createAsyncGenerator('', messages, {baseUrl: server().base}))).error).toBeInstanceOf(
		MissingAuthError,
	);
});

test('deadline: a stream kept alive by comments forever ends with TimeoutError, and the connection closes', async () => {
	const closed = server().socketClosed();
	const started = Date.now();
	const {chunks, error} = await run(
		server(),
		async (_request, response) => {
			openStream(response);
			response.write(sse([chunk({content: 'part'})], {done: false}));
			while (!response.destroyed) {
				response.write(': keep-alive\n\n');
				await sleep(50);
			}
		},
		{deadline: 600, idleTimeout: 200},
		5000,
	);
	expect(chunks).toContain('part');
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toBe('Local: the answer did not complete within 600 ms (deadline)');
	expect(Date.now() - started).toBeGreaterThanOrEqual(550);
	await within(closed, 3000, 'the server socket closing');
});

test('deadline covers retry waits: a 5 s Retry-After is cut short', async () => {
	const started = Date.now();
	const {error} = await run(server(), answer(503, '', {'retry-after': '5'}), {deadline: 400, retry: 2}, 4000);
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.message).toMatch(/\(deadline\)$/);
	expect(Date.now() - started).toBeLessThan(3000);
	expect(server().requests).toHaveLength(1);
});

test('a deadline that is not reached changes nothing', async () => {
	const {chunks, error} = await run(server(), answered, {deadline: 10_000});
	expect(error).toBeUndefined();
	expect(chunks).toContain('ok');
});
