import {expect, test} from 'vitest';
import {NetworkError, OpenaiTemplate, ResponseStatusError, TimeoutError} from '../../src/index.js';
import {chunk, collect, type Handler, sleep, sse, streamHandler} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {closedPort, messages, run, useFaultServer} from '../reliability/fault-server.js';
import {redirectDecision} from '../../src/core/send/send-request.js';

// Sending: redirects (same origin followed up to a limit, anything else refused with a reason), and what a failure
// before any response becomes (TimeoutError naming the timeout, NetworkError with the runtime's error and, in a page,
// the CORS hint).

const server = useFaultServer();
const answered = streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]);

/** Redirects `/v1/chat/completions` → `/hop/1` → … → `/hop/{hops}`, which answers. */
function hops(count: number, status = 302): Handler {
	return async (request, response, raw) => {
		const hop = request.url.startsWith('/hop/') ? Number(request.url.slice(5)) : 0;
		if (hop < count) {
			response.writeHead(status, {location: `/hop/${hop + 1}`});
			response.end();
			return;
		}

		await answered(request, response, raw);
	};
}

test('up to five same-origin redirects are followed; a sixth is refused, naming the limit', async () => {
	const five = await run(server(), hops(5));
	expect(five.error).toBeUndefined();
	expect(five.chunks).toContain('ok');
	expect(server().requests.map(request => request.url)).toEqual([
		'/v1/chat/completions',
		'/hop/1',
		'/hop/2',
		'/hop/3',
		'/hop/4',
		'/hop/5',
	]);

	const six = await run(server(), hops(6, 307));
	expect(six.error).toBeInstanceOf(ResponseStatusError);
	expect(six.error.status).toBe(307);
	expect(six.error.provider).toBe('Local');
	expect(six.error.message).toMatch(/307/);
	expect(six.error.message).toMatch(/\b5\b.*redirect|redirect.*\b5\b/);
	expect(server().requests).toHaveLength(6);
});

test('every hop of a redirect gets the retry policy anew', async () => {
	let busy = 0;
	const {error, chunks} = await run(
		server(),
		async (request, response, raw) => {
			if (request.url === '/v1/chat/completions') {
				response.writeHead(301, {location: '/moved'});
				response.end();
				return;
			}

			if (++busy === 1) {
				response.writeHead(503);
				response.end();
				return;
			}

			await answered(request, response, raw);
		},
		{retry: {limit: 1, delay: () => 1}},
	);
	expect(error).toBeUndefined();
	expect(chunks[0]).toMatchObject({type: 'retry', attempt: 1});
	expect(server().requests.map(request => request.url)).toEqual(['/v1/chat/completions', '/moved', '/moved']);
});

test('redirects that are not followed: no Location, not a redirect status, an invalid target, an https port change', async () => {
	const cases: Array<[string, number, Record<string, string>, RegExp]> = [
		['a 302 without Location', 302, {}, /HTTP 302/],
		['a 300 with Location', 300, {location: '/elsewhere'}, /HTTP 300/],
		['a 304 with Location', 304, {location: '/elsewhere'}, /HTTP 304/],
		['a Location that is no URL', 302, {location: 'http://[not-a-host/'}, /invalid URL/],
		['https on another port', 302, {location: 'https://127.0.0.1:1/v1/chat/completions'}, /another origin/],
		[
			'https to another host',
			302,
			{location: 'https://localhost/v1/chat/completions'},
			/another origin \(https:\/\/localhost\)/,
		],
		['http on the default port', 302, {location: 'http://127.0.0.1/v1/chat/completions'}, /another origin/],
		[
			'another host name',
			308,
			{location: 'http://localhost/v1/chat/completions'},
			/another origin \(http:\/\/localhost\)/,
		],
	];
	for (const [what, status, headers, fact] of cases) {
		const {error} = await run(server(), (_request, response) => {
			response.writeHead(status, headers);
			response.end();
		});
		expect(error, what).toBeInstanceOf(ResponseStatusError);
		expect(error.status, what).toBe(status);
		expect(error.message, what).toMatch(fact);
		expect(server().requests, what).toHaveLength(1);
	}
});

test('an upgrade from http to https on the same host and default port is followed', async () => {
	// Nothing listens on 127.0.0.1:443 here: following the upgrade ends in a NetworkError, refusing it would not.
	const {error} = await run(server(), (_request, response) => {
		response.writeHead(301, {location: 'https://127.0.0.1/v1/chat/completions'});
		response.end();
	});
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.message).not.toMatch(/another origin/);
});

test('from https, a redirect to the same host on another port is refused: only http → https counts as an upgrade', () => {
	const redirect = (location: string) => new Response(null, {status: 302, headers: {location}});
	expect(redirectDecision(redirect('https://api.example/v1'), 'https://api.example:8443/v1/chat/completions')).toBe(
		'redirect to another origin (https://api.example) not followed: it would receive the credentials',
	);
	expect(redirectDecision(redirect('https://api.example/v1'), 'http://api.example/v1/chat/completions')).toEqual(
		new URL('https://api.example/v1'),
	);
});

test('a redirect the browser hides (opaqueredirect) is refused, saying so', async () => {
	const opaque: typeof fetch = async () => {
		const response = new Response(null, {status: 302});
		Object.defineProperty(response, 'type', {value: 'opaqueredirect'});
		return response;
	};
	const {error} = await run(server(), answered, {fetch: opaque});
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect(error.message).toMatch(/browser/);
});

test('no headers within `timeout`: TimeoutError naming the milliseconds, not retried by default', async () => {
	const {error} = await run(
		server(),
		async (_request, response) => {
			await sleep(3000);
			response.end();
		},
		{timeout: 150, retry: 2},
	);
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.provider).toBe('Local');
	expect(error.message).toMatch(/\b150\b/);
	expect(error.message).toMatch(/timeout/);
	expect(server().requests).toHaveLength(1);
});

test("a failure before any response: NetworkError with the runtime's error as cause, its code in the message", async () => {
	const failure = Object.assign(new Error('socket hang up'), {code: 'EHOSTUNREACH'});
	const failing: typeof fetch = async () => {
		throw new TypeError('fetch failed', {cause: failure});
	};
	const {error} = await run(server(), answered, {fetch: failing});
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.provider).toBe('Local');
	expect(error.message).toMatch(/EHOSTUNREACH/);
	expect(error.message).not.toMatch(/CORS/);
	expect(error.cause).toBeInstanceOf(TypeError);
	expect(error.cause.cause).toBe(failure);
});

test('a key inside the runtime error is redacted from the NetworkError and its cause', async () => {
	const key = 'sk-in-runtime-error-0123456789';
	const failing: typeof fetch = async () => {
		throw new TypeError(`fetch failed for ${key}`);
	};
	const {error} = await run(server(), answered, {fetch: failing, apiKey: key});
	expect(error).toBeInstanceOf(NetworkError);
	expect(error.message).not.toContain(key);
	expect(String(error.cause.message)).not.toContain(key);
});

test('in a page, a NetworkError also names CORS, the origin to allow and the provider hint', async () => {
	const port = await closedPort();
	class Hinted extends OpenaiTemplate {
		static override label = 'Hinted';
		static override defaultModel = 'm';
		static override corsHint = 'Start it with ALLOW_ORIGINS=*';
	}

	const global = globalThis as {document?: unknown; location?: unknown};
	const hadLocation = Object.hasOwn(globalThis, 'location');
	const errors: Error[] = [];
	global.document = {};
	try {
		for (const location of [{origin: 'http://page.test'}, {origin: 'null'}, undefined]) {
			Object.defineProperty(globalThis, 'location', {value: location, configurable: true, writable: true});
			for (const provider of [Hinted, Local]) {
				const {error} = await collect(
					provider.createAsyncGenerator('', messages, {baseUrl: `http://127.0.0.1:${port}/v1`, retry: 0}),
				);
				errors.push(error);
			}
		}
	} finally {
		delete global.document;
		if (!hadLocation) delete global.location;
	}

	for (const error of errors) {
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toMatch(/CORS/);
	}

	const [pageHinted, pageLocal, nullHinted, , noneHinted] = errors;
	expect(pageHinted!.message).toMatch(/http:\/\/page\.test/);
	expect(pageHinted!.message).toMatch(/ALLOW_ORIGINS=\*/);
	expect(pageLocal!.message).toMatch(/http:\/\/page\.test/);
	expect(pageLocal!.message).not.toMatch(/ALLOW_ORIGINS/);
	// Without a hint nothing is added: the hinted message is the plain one plus the hint.
	expect(pageHinted!.message.replaceAll('Hinted', 'Local').startsWith(pageLocal!.message)).toBe(true);
	expect(nullHinted!.message).toMatch(/page/);
	expect(nullHinted!.message).not.toMatch(/origin null/);
	expect(noneHinted!.message).toMatch(/page/);
	expect(noneHinted!.message).toMatch(/ALLOW_ORIGINS=\*/);
});
