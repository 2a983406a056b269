// Where a request's parts come from, as the server receives them: which site the `provider` chunk names, which key a
// fallback gives each provider, the body for edge inputs (no media, a schema, other roles' keys), and which of the
// request's values count as secrets (what an error echoing the request may not show).
import {expect, test} from 'vitest';
import {
	AuthenticationError,
	type Chunk,
	IterListProvider,
	OpenaiTemplate,
	ResponseStatusError,
} from '../../src/index.js';
import {chunk, collect, type Handler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

const ok = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);
const server = useServer(ok);
const messages = [{role: 'user' as const, content: 'hi'}];

const providerChunks = (chunks: Chunk[]) =>
	chunks.filter(item => typeof item === 'object' && item.type === 'provider') as Array<
		Extract<Chunk, {type: 'provider'}>
	>;

test('a provider whose apiBase is no URL: the provider chunk names no site, then a TypeError naming apiBase', async () => {
	class Broken extends OpenaiTemplate {
		static override label = 'Broken';
		static override apiBase = 'not a url';
		static override defaultModel = 'm';
	}

	const {chunks, error} = await collect(new IterListProvider([Broken]).createAsyncGenerator('', messages));
	expect(providerChunks(chunks)).toEqual([{type: 'provider', name: 'Broken', model: 'm', url: ''}]);
	expect(error).toBeInstanceOf(TypeError);
	expect(error.option).toBe('Broken.apiBase');
});

test('a fallback with apiKey null sends no key; a record without the provider gives it none', async () => {
	class Open extends OpenaiTemplate {
		static override label = 'Open';
		static override defaultModel = 'm';
	}

	server().setHandler(ok);
	server().requests.length = 0;
	const nullKey = await collect(
		new IterListProvider([Open]).createAsyncGenerator('', messages, {baseUrl: server().url, apiKey: null}),
	);
	expect(nullKey.error).toBeUndefined();
	const record = await collect(
		new IterListProvider([Open]).createAsyncGenerator('', messages, {
			baseUrl: server().url,
			apiKey: {Other: 'sk-other-key-1'},
		}),
	);
	expect(record.error).toBeUndefined();
	expect(server().requests.map(request => request.headers.authorization)).toEqual([undefined, undefined]);
});

test('media: [] sends the messages as given; no user message is made up', async () => {
	server().setHandler(ok);
	server().requests.length = 0;
	const system = [{role: 'system' as const, content: 'be brief'}, ...messages];
	class Local extends OpenaiTemplate {
		static override defaultModel = 'm';
	}

	await collect(Local.createAsyncGenerator('', system, {baseUrl: server().url, media: []}));
	expect(server().requests[0]!.json.messages).toEqual(system);
});

test('reasoning keys are taken only off assistant messages; other roles go as given', async () => {
	class Local extends OpenaiTemplate {
		static override defaultModel = 'm';
	}

	server().setHandler(ok);
	server().requests.length = 0;
	const history = [
		{role: 'user', content: 'hi', reasoning_content: 'kept'},
		{role: 'assistant', content: 'hello', reasoning_content: 'dropped'},
		{role: 'user', content: 'again'},
	];
	await collect(Local.createAsyncGenerator('', history as never, {baseUrl: server().url}));
	expect(server().requests[0]!.json.messages).toEqual([
		{role: 'user', content: 'hi', reasoning_content: 'kept'},
		{role: 'assistant', content: 'hello'},
		{role: 'user', content: 'again'},
	]);
});

test('responseFormat with a schema goes out as json_schema', async () => {
	class Local extends OpenaiTemplate {
		static override defaultModel = 'm';
	}

	server().setHandler(streamHandler([sse([chunk({content: '{"a":1}'}, {}, 'stop')])]));
	server().requests.length = 0;
	const schema = {type: 'object', properties: {a: {type: 'number'}}};
	await collect(Local.createAsyncGenerator('', messages, {baseUrl: server().url, responseFormat: {schema} as never}));
	expect(server().requests[0]!.json.response_format).toEqual({
		type: 'json_schema',
		json_schema: {name: 'response', strict: false, schema},
	});
});

/** A 400 (or `status`) whose message repeats `text` with `{name}` replaced by that request header, `{url}` by the path. */
const echo =
	(text: string, status = 400): Handler =>
	(request, response) => {
		const said = text
			.replaceAll('{url}', request.url)
			.replaceAll(/\{([\w-]+)\}/g, (_whole, name: string) => String(request.headers[name]));
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(JSON.stringify({error: {message: said}}));
	};

async function failed(provider: typeof OpenaiTemplate, handler: Handler, options: Record<string, unknown>) {
	server().setHandler(handler);
	server().requests.length = 0;
	const {error} = await collect(
		provider.createAsyncGenerator('', messages, {baseUrl: server().url, retry: 0, ...options}),
	);
	expect(server().requests).toHaveLength(1);
	return error;
}

class Local extends OpenaiTemplate {
	static override defaultModel = 'm';
}

test('a key sent under a header whose name says nothing of keys is still secret', async () => {
	class Tenant extends Local {
		static override apiKeyHeader = 'x-tenant';
	}

	const error = await failed(Tenant, echo('tenant {x-tenant} refused', 401), {apiKey: 'tenant-key-123456'});
	expect(server().requests[0]!.headers['x-tenant']).toBe('tenant-key-123456');
	expect(error).toBeInstanceOf(AuthenticationError);
	expect(error.message).not.toContain('tenant-key-123456');
	expect(error.message).toContain('refused');
});

test('x-clientid and x-client-id values are secret', async () => {
	const headers = {'x-clientid': 'clientid-value-1', 'x-client-id': 'client-id-value-2'};
	const error = await failed(Local, echo('{x-clientid} {x-client-id}'), {headers});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).not.toContain('clientid-value-1');
	expect(error.message).not.toContain('client-id-value-2');
});

test('a query value of exactly eight characters is secret', async () => {
	const error = await failed(Local, echo('value abcd1234 sent'), {baseUrl: `${server().url}?k=abcd1234`});
	expect(error.message).not.toContain('abcd1234');
	expect(error.message).toContain('value');
});

test('a query value that is no valid percent-encoding: the error is still the status error, redacted', async () => {
	const error = await failed(Local, echo('value %E0%A4%Akey-raw-value'), {
		baseUrl: `${server().url}?key=%E0%A4%Akey-raw-value`,
	});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.status).toBe(400);
	expect(error.message).not.toContain('key-raw-value');
});
