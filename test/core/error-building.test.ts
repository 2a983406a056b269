import {expect, test} from 'vitest';
import {ProviderError, ResponseStatusError} from '../../src/index.js';
import {Local} from '../helpers/local-provider.js';
import {collect, type Handler, useServer} from '../helpers/server.js';

// How an error is built from what a server answered (src/errors): the facts a user reads in the message.
// Body shapes and fields are in error-bodies.test.ts; keys never showing, in test/reliability/secrets.test.ts.

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
