import {expect, test} from 'vitest';
import {NetworkError, ProviderError, ResponseStatusError} from '../../src/index.js';
import {
	chunk,
	collect,
	sse,
	streamHandler,
	useServer,
	type Handler,
	type RecordedRequest,
} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {exposed, fragments, messages, run, useFaultServer} from './fault-server.js';

// Issue 15: secrets that went around the redaction. A key with surrounding spaces (fetch trims it, the server echoes
// the trimmed key), keys passed in `headers`, keys in the URL (as credentials or in the query), and headers sent
// on to another origin by a redirect.

const server = useFaultServer();
const elsewhere = useServer((_request, response) => {
	response.writeHead(404);
	response.end();
});
const key = 'sk-harden-9Fq2LmX7vB4nR1tK8sD3wZ6c';

/** Answers `status` with a JSON error whose message echoes `what` of the request. */
const echoing =
	(status: number, what: (request: RecordedRequest) => string): Handler =>
	(request, response) => {
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(JSON.stringify({error: {message: `you sent ${what(request)}`}}));
	};

function expectNoSecret(error: unknown, secret = key): void {
	expect(error).toBeInstanceOf(ProviderError);
	const everything = exposed(error);
	expect(everything).not.toContain(secret);
	for (const piece of fragments(secret)) expect(everything).not.toContain(piece);
}

test('a key with surrounding spaces is sent trimmed and redacted as sent', async () => {
	const {error} = await run(
		server(),
		echoing(401, request => String(request.headers.authorization)),
		{apiKey: `  ${key} `},
	);
	expect(server().requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
	expect(error.message).toBe('Local: HTTP 401 Unauthorized: you sent Bearer [redacted]');
	expectNoSecret(error);
});

test('a key made only of spaces is no key', async () => {
	class Needs extends Local {
		static override needsAuth = true;
	}

	server().use(streamHandler([sse([chunk({content: 'hi'}, {}, 'stop')])]));
	const {error} = await collect(Needs.createAsyncGenerator('', messages, {apiKey: '   ', baseUrl: server().base}));
	expect(error?.name).toBe('MissingAuthError');
	expect(server().requests).toEqual([]);
});

for (const [name, value] of [
	['authorization', `Bearer ${key}`],
	['api-key', key],
	['x-api-key', key],
	['X-Goog-Api-Key', key],
] as const) {
	test(`a key passed in headers as ${name} is redacted when the server echoes it`, async () => {
		const {error} = await run(
			server(),
			echoing(400, request => String(request.headers[name.toLowerCase()])),
			{headers: {[name]: value}},
		);
		expect(error.message).toMatch(/you sent (Bearer )?\[redacted\]$/);
		expectNoSecret(error);
	});
}

// Issue 20, point 4: names the old rule (auth|key|token|secret|cookie|session|password|signature|credential) missed.
for (const name of [
	'X-JWT',
	'X-Passphrase',
	'X-Bearer',
	'X-Sig',
	'X-Private',
	'OpenAI-Project',
	'OpenAI-Organization',
	'CF-Access-Client-Id',
	'X-Account-Id',
]) {
	test(`a credential in a header named ${name} is redacted when the server echoes it`, async () => {
		const {error} = await run(
			server(),
			echoing(400, request => String(request.headers[name.toLowerCase()])),
			{headers: {[name]: key}},
		);
		expect(error.message).toBe('Local: HTTP 400 Bad Request: you sent [redacted]');
		expectNoSecret(error);
	});
}

test('values marked `secrets` are redacted wherever they were sent (any header, the URL path, the body); others are not', async () => {
	const tenant = 'tenant-7Hq2Zp';
	const {error} = await run(
		server(),
		echoing(
			400,
			request =>
				`${String(request.headers['x-tenant'])} ${request.url} ${String(request.json.user)} ${String(request.headers['x-request-id'])}`,
		),
		{
			headers: {'X-Tenant': tenant, 'X-Request-Id': 'req-visible'},
			apiEndpoint: `${server().url}/${key}/chat/completions`,
			extraBody: {user: 'abc-user'},
			secrets: [tenant, key, 'abc-user'],
		},
	);
	expect(error.message).toBe(
		'Local: HTTP 400 Bad Request: you sent [redacted] /[redacted]/chat/completions [redacted] req-visible',
	);
	expectNoSecret(error);
	expectNoSecret(error, tenant);

	server().use(echoing(403, request => String(request.headers['x-tenant'])));
	const models = await Local.getModels({
		baseUrl: server().base,
		headers: {'X-Tenant': tenant},
		secrets: [tenant],
		retry: 0,
	}).catch((error: unknown) => error);
	expect((models as Error).message).toBe('Local: HTTP 403 Forbidden: you sent [redacted]');
});

test('getModels redacts keys passed in headers too', async () => {
	server().use(echoing(403, request => String(request.headers['x-api-key'])));
	const error = await Local.getModels({baseUrl: server().base, headers: {'x-api-key': key}, retry: 0}).catch(
		(error: unknown) => error,
	);
	expectNoSecret(error);
});

for (const status of [301, 302, 303, 307, 308]) {
	test(`HTTP ${status} to another origin is not followed: an error names the origin, nothing is sent there`, async () => {
		elsewhere().requests.length = 0;
		const target = `${elsewhere().url}/steal?x=1`;
		const {error} = await run(
			server(),
			(_request, response) => {
				response.writeHead(status, {location: target});
				response.end();
			},
			{apiKey: key, headers: {'x-api-key': key}},
		);
		expect(error).toBeInstanceOf(ResponseStatusError);
		expect(error.status).toBe(status);
		expect(error.message).toBe(
			`Local: HTTP ${status} redirect to another origin (${elsewhere().url}) not followed: it would receive the credentials`,
		);
		expect(elsewhere().requests).toEqual([]);
		expect(server().requests).toHaveLength(1);
	});
}

test('a redirect on the same origin is followed, with method, body and headers', async () => {
	for (const status of [301, 307, 308]) {
		const {chunks, error} = await run(
			server(),
			async (request, response, raw) => {
				if (request.url === '/v1/chat/completions') {
					response.writeHead(status, {location: '/v2/chat/completions'});
					response.end();
					return;
				}

				await streamHandler([sse([chunk({content: `${request.method} ${request.url}`}, {}, 'stop')])])(
					request,
					response,
					raw,
				);
			},
			{headers: {'x-api-key': key}},
		);
		expect(error, String(status)).toBeUndefined();
		expect(chunks, String(status)).toContain('POST /v2/chat/completions');
		const [first, second] = server().requests;
		expect(second!.json).toEqual(first!.json);
		expect(second!.headers['x-api-key']).toBe(key);
	}
});

test('credentials in baseUrl or apiEndpoint: TypeError before any request, without repeating them', async () => {
	for (const options of [
		{baseUrl: `http://user:${key}@127.0.0.1:1/v1`},
		{apiEndpoint: `http://${key}@127.0.0.1:1/v1/chat/completions`},
	]) {
		const {error} = await collect(Local.createAsyncGenerator('', messages, options));
		expect(error).toBeInstanceOf(TypeError);
		expect(error.message).toMatch(/must not contain credentials \(user:password@\)/);
		expect(exposed(error)).not.toContain(key);
	}

	const models = await Local.getModels({baseUrl: `http://u:${key}@127.0.0.1:1/v1`}).catch((error: unknown) => error);
	expect(models).toBeInstanceOf(TypeError);
	expect(exposed(models)).not.toContain(key);
});

test('a key in the query string is redacted where a runtime repeats the URL (Deno and Bun connection errors)', async () => {
	// Deno's and Bun's fetch put the URL in their connection errors; this fetch fails the way they do.
	const denoLike: typeof fetch = async input => {
		const url = input instanceof Request ? input.url : String(input);
		throw new TypeError(
			`error sending request for url (${url}): client error (Connect): Connection refused (os error 111)`,
			{cause: {code: 'ECONNREFUSED'}},
		);
	};

	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {baseUrl: `http://127.0.0.1:1/v1?key=${key}`, fetch: denoLike, retry: 0}),
	);
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.message).toBe(
		'Local: request failed: error sending request for url (http://127.0.0.1:1/v1/chat/completions?key=[redacted]): client error (Connect): Connection refused (os error 111) (ECONNREFUSED)',
	);
	expectNoSecret(error);
});

test('a key in the query string is redacted when the server echoes it', async () => {
	const {error} = await run(
		server(),
		echoing(400, request => `${request.url} (token ${new URL(request.url, 'http://x').searchParams.get('key')})`),
		{baseUrl: `${server().base}?key=${key}`},
	);
	expect(error.message).toBe(
		'Local: HTTP 400 Bad Request: you sent /v1/chat/completions?key=[redacted] (token [redacted])',
	);
	expectNoSecret(error);
});
