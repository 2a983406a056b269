import {expect, test} from 'vitest';
import {
	MissingAuthError,
	ModelNotSupportedError,
	NetworkError,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseError,
	ResponseStatusError,
	RetryNoProviderError,
	TimeoutError,
} from '../../src/index.js';
import {collect, type Handler, streamHandler, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// What an error says, read from the shapes of error bodies real servers send: exact messages, codes and types, so a
// change in how a body is read shows. (Status × body kinds and retries are in test/reliability/bad-responses.)

const server = useServer();
const messages = [{role: 'user' as const, content: 'x'}];

async function fail(handler: Handler): Promise<ProviderError> {
	server().setHandler(handler);
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {stream: true, baseUrl: `${server().url}/v1`, retry: 0}),
	);
	expect(error).toBeInstanceOf(ProviderError);
	return error as ProviderError;
}

const status400 =
	(body: unknown, type = 'application/json'): Handler =>
	(_request, response) => {
		response.writeHead(400, {'content-type': type});
		response.end(typeof body === 'string' ? body : JSON.stringify(body));
	};

const head = 'Local: HTTP 400 Bad Request';

test.each<[string, unknown, string, {code?: string; type?: string}?]>([
	[
		'{error: {message, code, type}} (OpenAI)',
		{error: {message: 'Invalid model', code: 'model_not_found', type: 'invalid_request_error'}},
		`${head}: Invalid model`,
		{code: 'model_not_found', type: 'invalid_request_error'},
	],
	['{error: {msg}}', {error: {msg: 'from msg'}}, `${head}: from msg`],
	['{error: {detail}}', {error: {detail: 'from detail'}}, `${head}: from detail`],
	[
		'{error: {message, status}} (Gemini): status is the type, a numeric code is text',
		{error: {code: 400, message: 'API key not valid', status: 'INVALID_ARGUMENT'}},
		`${head}: API key not valid`,
		{code: '400', type: 'INVALID_ARGUMENT'},
	],
	[
		"{error: {message, metadata: {raw}}} (OpenRouter): the upstream's words follow",
		{error: {message: 'Provider returned error', metadata: {raw: 'upstream said no'}}},
		`${head}: Provider returned error (upstream said no)`,
	],
	[
		'metadata.raw already in the message is not repeated',
		{error: {message: 'Provider returned error: upstream said no', metadata: {raw: 'upstream said no'}}},
		`${head}: Provider returned error: upstream said no`,
	],
	['metadata.raw without a message is not the message', {error: {metadata: {raw: 'only raw'}}}, head],
	['{error: "text"}', {error: 'plain words'}, `${head}: plain words`],
	[
		'{message, code, type} at the top',
		{message: ' top\nlevel ', code: ' c1 ', type: 't1'},
		`${head}: top level`,
		{code: 'c1', type: 't1'},
	],
	['a blank code or type is none', {error: {message: 'm', code: '  ', type: ''}}, `${head}: m`],
	['{detail: "text"} (FastAPI)', {detail: 'Not allowed'}, `${head}: Not allowed`],
	[
		'{detail: [...]} (FastAPI validation) as JSON',
		{detail: [{loc: ['body', 'model'], msg: 'field required'}]},
		`${head}: [{"loc":["body","model"],"msg":"field required"}]`,
	],
	['a message of blanks says nothing', {error: {message: '  \n '}}, head],
	['an empty object says nothing', {}, head],
	['a JSON array says nothing', [1, 2], head],
	[
		'whitespace runs become one space, ends trimmed',
		{error: {message: '  line one\n\n\tline two  '}},
		`${head}: line one line two`,
	],
	['a message of 300 characters is kept whole', {error: {message: 'm'.repeat(300)}}, `${head}: ${'m'.repeat(300)}`],
	['a longer message is cut at 300 characters', {error: {message: 'm'.repeat(301)}}, `${head}: ${'m'.repeat(300)}…`],
])('%s', async (_name, body, message, fields = {}) => {
	const error = await fail(status400(body));
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).toBe(message);
	expect({code: error.code, type: error.type}).toEqual({code: fields.code, type: fields.type});
});

test('code and type are cut at 300 characters too', async () => {
	const error = await fail(status400({error: {message: 'm', code: 'c'.repeat(400), type: 't'.repeat(400)}}));
	expect(error.code).toBe('c'.repeat(300));
	expect(error.type).toBe('t'.repeat(300));
});

test.each<[string, string, string, string]>([
	[
		'JSON sent as text/plain is still read as JSON',
		'text/plain',
		'{"error":{"message":"json in text"}}',
		`${head}: json in text`,
	],
	['plain text, trimmed to one line', 'text/plain', '\n  upstream\r\n  timeout \n', `${head}: upstream timeout`],
	['a blank text body says nothing', 'text/plain', ' \n ', head],
	[
		'an HTML page is named by its title',
		'text/html',
		'<html><head><title lang="en"> Service down </title></head><body>x</body></html>',
		`${head}: HTML page: Service down`,
	],
	[
		'an HTML page without a title',
		'text/html',
		'<!DOCTYPE html><html><body><p>oops</p></body></html>',
		`${head}: HTML page`,
	],
	['a body starting with <body is HTML', 'text/html', '  <BODY>oops</BODY>', `${head}: HTML page`],
	[
		'a Cloudflare page without a title',
		'text/html',
		'<html><body>cf-error-details</body></html>',
		`${head}: Cloudflare error page`,
	],
	['text that merely starts with < is text', 'text/plain', '<not html> here', `${head}: <not html> here`],
	[
		'an <html> tag with attributes starts a page',
		'text/html',
		'<html lang="en"><title>Down</title></html>',
		`${head}: HTML page: Down`,
	],
	['a tag that only starts like <html is no page', 'text/plain', '<htmlish>', `${head}: <htmlish>`],
	['<html> later in the text is no page', 'text/plain', 'see <html> here', `${head}: see <html> here`],
	['only the first 64 KiB of a text body are read', 'text/plain', `${' '.repeat(70_000)}tail`, head],
	[
		'only the first 64 KiB of an HTML page are searched for its title',
		'text/html',
		`<html>${' '.repeat(70_000)}<title>late</title></html>`,
		`${head}: HTML page`,
	],
	[
		'a long title is cut',
		'text/html',
		`<html><title>${'t'.repeat(400)}</title></html>`,
		`${head}: HTML page: ${'t'.repeat(300)}…`,
	],
])('%s', async (_name, type, body, message) => {
	const error = await fail(status400(body, type));
	expect(error.message).toBe(message);
});

test("errors inside a 2xx stream: the server's words, or a plain statement when it gave none", async () => {
	const said = await fail(
		streamHandler(['data: {"error":{"message":"overloaded","code":"busy","type":"server_error"}}\n\n']),
	);
	expect(said).toBeInstanceOf(ResponseError);
	expect(said.message).toBe('Local: overloaded');
	expect({code: said.code, type: said.type, status: said.status}).toEqual({
		code: 'busy',
		type: 'server_error',
		status: undefined,
	});

	const silent = await fail(streamHandler(['data: {"error":{"code":5}}\n\n']));
	expect(silent.message).toBe('Local: the server reported an error');
	expect(silent.code).toBe('5');

	const named = await fail(streamHandler(['event: error\ndata: not json at all\n\n']));
	expect(named.message).toBe('Local: not json at all');
	for (const blank of ['event: error\ndata:\n\n', 'event: error\ndata:   \n\n']) {
		expect((await fail(streamHandler([blank]))).message).toBe('Local: the server reported an error');
	}

	const json = await fail(async (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"error":{"message":"quota"}}');
	});
	expect(json.message).toBe('Local: quota');
	expect(json.status).toBe(200);
});

test('unreadable data is quoted up to 120 characters', async () => {
	const short = await fail(streamHandler([`data: ${'x'.repeat(120)}\n\n`]));
	expect(short.message).toBe(`Local: unreadable response data (not JSON): ${'x'.repeat(120)}`);
	expect(short.provider).toBe('Local');
	const long = await fail(streamHandler([`data: ${'y'.repeat(121)}\n\n`]));
	expect(long.message).toBe(`Local: unreadable response data (not JSON): ${'y'.repeat(120)}…`);
});

test("data nested deeper than the stack: a ResponseError that names the runtime's error and keeps it as cause", async () => {
	// Tool-call arguments sent as an object instead of a string, nested 100,000 deep: serialising them overflows.
	const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
	const error = await fail(
		streamHandler([
			`data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":${deep}}}]}}]}\n\n`,
		]),
	);
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.provider).toBe('Local');
	expect(error.cause).toBeInstanceOf(RangeError);
	expect(error.message).toBe(`Local: unreadable response data (RangeError: ${(error.cause as Error).message})`);
});

test('every error class names itself', () => {
	for (const [name, Class] of Object.entries({
		ProviderError,
		MissingAuthError,
		ModelNotSupportedError,
		PaymentRequiredError,
		RateLimitError,
		ResponseStatusError,
		ResponseError,
		NetworkError,
		TimeoutError,
	})) {
		const error = new Class('m');
		expect(error.name).toBe(name);
		expect(String(error)).toBe(`${name}: m`);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toBeInstanceOf(Error);
	}
});

test('a status line without a reason phrase', async () => {
	const error = await fail((_request, _response, raw) => {
		raw.socket.end(
			'HTTP/1.1 400 \r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}',
		);
	});
	expect(error.message).toBe('Local: HTTP 400');
});

test('an error carries what the server said, and nothing it did not say', async () => {
	const bare = await fail(status400({}));
	expect({
		status: bare.status,
		provider: bare.provider,
		requestId: bare.requestId,
		code: bare.code,
		type: bare.type,
	}).toEqual({status: 400, provider: 'Local', requestId: undefined, code: undefined, type: undefined});
	const full = await fail((_request, response) => {
		response.writeHead(429, {'content-type': 'application/json', 'x-request-id': 'req_1', 'retry-after': '3'});
		response.end(JSON.stringify({error: {message: 'slow', code: 'c', type: 't'}}));
	});
	expect(full).toBeInstanceOf(RateLimitError);
	expect(JSON.parse(JSON.stringify(full))).toEqual({
		name: 'RateLimitError',
		status: 429,
		provider: 'Local',
		requestId: 'req_1',
		code: 'c',
		type: 't',
		retryAfter: 3,
	});
	const noWait = await fail((_request, response) => {
		response.writeHead(429);
		response.end();
	});
	expect(JSON.parse(JSON.stringify(noWait))).toEqual({name: 'RateLimitError', status: 429, provider: 'Local'});

	expect('cause' in new ProviderError('m')).toBe(false);
	const cause = new Error('inner');
	expect(new ProviderError('m', {cause}).cause).toBe(cause);
	const all = new RetryNoProviderError('none', {A: new Error('a')});
	expect(all).toBeInstanceOf(ProviderError);
	expect(all.name).toBe('RetryNoProviderError');
	expect(all.message).toBe('none');
	expect(Object.keys(all.errors)).toEqual(['A']);
});

// How the message names an HTML page, a body nested too deeply, and which fields an error carries.

const page =
	(status: number, html: string): Handler =>
	(_request, response) => {
		response.writeHead(status, {'content-type': 'text/html'});
		response.end(html);
	};

test('an HTML page whose title is blank is named without an empty title after it', async () => {
	for (const title of ['', '   ', '\n\t ']) {
		const error = await fail(page(502, `<html><head><title>${title}</title></head><body>down</body></html>`));
		expect(error).toBeInstanceOf(ResponseStatusError);
		expect(error.message, JSON.stringify(title)).toBe('Local: HTTP 502 Bad Gateway: HTML page');
	}

	const cloudflare = await fail(page(503, '<html><title>  </title><body>cf-ray: 8a</body></html>'));
	expect(cloudflare.message).toBe('Local: HTTP 503 Service Unavailable: Cloudflare error page');
});

test('an error body nested deeper than the stack is named as such, not printed', async () => {
	const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
	const error = await fail((_request, response) => {
		response.writeHead(422, {'content-type': 'application/json'});
		response.end(`{"detail":${deep}}`);
	});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).toBe('Local: HTTP 422 Unprocessable Entity: [nested too deeply to print]');
});

test('an error carries only the fields the server said: the others are absent, not set to undefined', async () => {
	const plain = await fail(page(503, '<html><head><title>Down</title></head></html>'));
	expect(Object.keys(plain).sort()).toEqual(['name', 'provider', 'status']);
	expect('requestId' in plain || 'code' in plain || 'type' in plain).toBe(false);

	const told = await fail((_request, response) => {
		response.writeHead(429, {'content-type': 'application/json', 'x-request-id': 'req_1', 'retry-after': '0'});
		response.end(JSON.stringify({error: {message: 'slow down', code: 'rate_limit_exceeded', type: 'requests'}}));
	});
	expect(Object.keys(told).sort()).toEqual(['code', 'name', 'provider', 'requestId', 'retryAfter', 'status', 'type']);
	expect(JSON.parse(JSON.stringify(told))).toMatchObject({status: 429, code: 'rate_limit_exceeded', retryAfter: 0});
});
