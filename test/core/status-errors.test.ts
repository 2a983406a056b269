import {expect, test} from 'vitest';
import {
	AuthenticationError,
	collect,
	IterListProvider,
	MissingAuthError,
	OpenaiTemplate,
	ProviderError,
	type Retry,
	RetryNoProviderError,
	ResponseStatusError,
} from '../../src/index.js';
import {chunk, collect as collectChunks, jsonHandler, sse, useServer} from '../helpers/fake-openai.js';

// Errors that say what happened: a 404 names the path it asked, a refused key is an AuthenticationError (not a
// missing one), a retry waits whole milliseconds, and a fallback's message names each provider once.

const server = useServer();
const messages = [{role: 'user', content: 'x'}] as const;
const failWith = async (options: Record<string, unknown>) =>
	collect(OpenaiTemplate.createAsyncGenerator('m', messages, {retry: 0, ...options})).catch((error: unknown) => error);

test('a 404 names the path it asked, its query values masked', async () => {
	server().setHandler(jsonHandler(404, {error: {message: 'not found'}}));
	// A base URL that already ends in /chat/completions: the request goes to …/chat/completions/chat/completions.
	const error = (await failWith({
		baseUrl: `${server().url}/v1/chat/completions?api-version=2024-10-21&key=q-secret-123`,
	})) as Error;
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).toContain('404');
	expect(error.message).toContain('/v1/chat/completions/chat/completions');
	expect(error.message).not.toContain('q-secret-123');
	expect(server().requests.at(-1)!.url).toContain('/v1/chat/completions/chat/completions?');
});

test.each([401, 403])(
	'HTTP %i to a request that carried a key → AuthenticationError, never with the key',
	async status => {
		server().setHandler(
			jsonHandler(status, {error: {message: 'Incorrect API key provided', type: 'invalid_request_error'}}),
		);
		const error = (await failWith({baseUrl: server().url, apiKey: 'sk-wrong-key-123456'})) as AuthenticationError;
		expect(error).toBeInstanceOf(AuthenticationError);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).not.toBeInstanceOf(MissingAuthError);
		expect(error.name).toBe('AuthenticationError');
		expect(error.status).toBe(status);
		expect(error.message).toContain('Incorrect API key provided');
		expect(error.message).not.toContain('sk-wrong-key-123456');
	},
);

test('HTTP 401 without a key stays MissingAuthError, as does a provider that needs one and got none', async () => {
	server().setHandler(jsonHandler(401, {error: {message: 'You must provide an API key'}}));
	const error = await failWith({baseUrl: server().url});
	expect(error).toBeInstanceOf(MissingAuthError);
	expect(error).not.toBeInstanceOf(AuthenticationError);

	class Keyed extends OpenaiTemplate {
		static override needsAuth = true;
	}

	const missing = await collect(Keyed.createAsyncGenerator('m', messages, {baseUrl: server().url})).catch(
		(error_: unknown) => error_,
	);
	expect(missing).toBeInstanceOf(MissingAuthError);
});

test('Retry.delay is whole milliseconds', async () => {
	let calls = 0;
	server().setHandler((_request, response) => {
		calls++;
		if (calls < 4) {
			response.writeHead(503, {'content-type': 'application/json'});
			response.end('{"error":{"message":"busy"}}');
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.end(sse([chunk({content: 'ok'}, {}, 'stop')]));
	});
	const {chunks, error} = await collectChunks(
		OpenaiTemplate.createAsyncGenerator('m', messages, {
			baseUrl: server().url,
			stream: true,
			// 3 ms before jitter: fractions once jittered (1.5 to 3 ms).
			retry: {limit: 3, delay: () => 3},
		}),
	);
	expect(error).toBeUndefined();
	const retries = chunks.filter((item): item is Retry => typeof item === 'object' && item.type === 'retry');
	expect(retries).toHaveLength(3);
	for (const retry of retries) {
		expect(Number.isInteger(retry.delay)).toBe(true);
		expect(retry.delay).toBeGreaterThanOrEqual(1);
		expect(retry.delay).toBeLessThanOrEqual(3);
	}
});

test('when every provider fails, the message names each provider once', async () => {
	class Alpha extends OpenaiTemplate {
		static override label = 'Alpha';
		static override defaultModel = 'm';
	}

	class Beta extends OpenaiTemplate {
		static override label = 'Beta';
		static override defaultModel = 'm';
	}

	server().setHandler(jsonHandler(500, {error: {message: 'request failed'}}));
	const fallback = new IterListProvider([Alpha, Beta]);
	const error = (await collect(fallback.createAsyncGenerator('', messages, {baseUrl: server().url})).catch(
		(error_: unknown) => error_,
	)) as RetryNoProviderError;
	expect(error).toBeInstanceOf(RetryNoProviderError);
	expect(error.message.match(/Alpha/g)).toHaveLength(1);
	expect(error.message.match(/Beta/g)).toHaveLength(1);
	expect(error.message).toContain('Alpha: HTTP 500');
	expect(error.message).toContain('request failed');
	// Each provider's own error keeps its full message.
	expect(error.errors.Alpha!.message).toMatch(/^Alpha: /);
});
