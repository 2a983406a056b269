import {expect, test} from 'vitest';
import {type FaultServer, run, useFaultServer} from '../reliability/fault-server.js';
import type {Handler} from '../helpers/fake-openai.js';

// Which parts of a request count as secrets that no error may show: the key however short, the values of headers
// whose names speak of credentials (4 characters or more, so "HTTP 401" stays readable), and query values of the
// URL (8 characters or more), raw and decoded. Everything else the server echoes stays readable.

const server = useFaultServer();

/** A 400 whose message is `text` with every `{header-name}` replaced by that request header and `{url}` by its path. */
const echo =
	(text: string): Handler =>
	(request, response) => {
		const said = text
			.replaceAll('{url}', request.url)
			.replaceAll(/\{([\w-]+)\}/g, (_whole, name: string) => String(request.headers[name]));
		response.writeHead(400, {'content-type': 'application/json'});
		response.end(JSON.stringify({error: {message: said}}));
	};

async function messageFor(handler: Handler, options: Record<string, unknown>, target?: FaultServer) {
	const {error} = await run(target ?? server(), handler, options);
	expect(error).toBeDefined();
	return String(error.message);
}

test('a key of 8 characters or more is redacted; a shorter one is a placeholder, left alone (issue 24)', async () => {
	const message = await messageFor(echo('key {authorization} / bare xyz-1234'), {apiKey: 'xyz-1234'});
	expect(message).not.toContain('xyz-1234');
	expect(message).toContain('Bearer [redacted]');
	// Ollama's documented placeholder key: "ollama pull" stays readable.
	const placeholder = await messageFor(echo('try pulling it first (ollama pull llama3)'), {apiKey: 'ollama'});
	expect(placeholder).toContain('(ollama pull llama3)');
});

test('header names that speak of credentials make their values secret; other headers stay readable', async () => {
	const headers = {
		'x-auth-id': 'auth-value-1',
		'x-api-key': 'key-value-2',
		'x-token': 'token-value-3',
		'x-client-secret': 'secret-value-4',
		cookie: 'session=cookie-value-5',
		'x-session': 'session-value-6',
		'x-password': 'password-value-7',
		'x-signature': 'signature-value-8',
		'x-credential': 'credential-value-9',
		'x-trace': 'trace-value-0',
	};
	const names = Object.keys(headers);
	const message = await messageFor(echo(names.map(name => `{${name}}`).join(' ')), {headers});
	for (const [name, value] of Object.entries(headers)) {
		if (name === 'x-trace') expect(message).toContain(value);
		else expect(message, name).not.toContain(value.replace('session=', ''));
	}
});

test('a secret header value shorter than 8 characters is left alone; 8 characters are redacted', async () => {
	const short = await messageFor(echo('HTTP 401 for {x-token}'), {headers: {'x-token': '401-abc'}});
	expect(short).toContain('HTTP 401 for 401-abc');
	const eight = await messageFor(echo('value {x-token}'), {headers: {'x-token': 'abcd-efg'}});
	expect(eight).not.toContain('abcd-efg');
	// After a scheme only the credential is secret.
	const scheme = await messageFor(echo('sent {x-auth}'), {headers: {'x-auth': 'Token tok-12345'}});
	expect(scheme).toContain('Token [redacted]');
});

test('query values of eight characters or more are secret, raw and decoded; shorter ones stay readable', async () => {
	const baseUrl = `${server().base}?api-version=2024-10&key=sk%2Fq+long&short=abc1234&sk-bare-value-123`;
	const message = await messageFor(echo('{url} | sk/q long | abc1234'), {baseUrl});
	expect(message).not.toContain('sk%2Fq+long');
	expect(message).not.toContain('sk/q long');
	expect(message).not.toContain('2024-10');
	expect(message).not.toContain('sk-bare-value-123');
	expect(message).toContain('abc1234');
});

test('a header value with leading spaces: the scheme stays readable, only the credential is secret', async () => {
	const message = await messageFor(echo('sent {x-auth}'), {headers: {'x-auth': '  Token tok-12345'}});
	expect(message).toContain('Token [redacted]');
	expect(message).not.toContain('tok-12345');
	const spaced = await messageFor(echo('sent {x-auth}'), {headers: {'x-auth': 'Token   tok-67890'}});
	expect(spaced).not.toContain('tok-67890');
});

test('a bare query value first in the query is secret; a URL without a query is no secret', async () => {
	const first = await messageFor(echo('value sk-bare-first-123'), {baseUrl: `${server().base}?sk-bare-first-123&v=1`});
	expect(first).not.toContain('sk-bare-first-123');
	const padded = await messageFor(echo('value sk-padded-123'), {baseUrl: `${server().base}?key=%20sk-padded-123%20`});
	expect(padded).not.toContain('sk-padded-123');
	// Runtimes repeat the URL in their connection errors: without a query nothing of it is redacted.
	const failing: typeof fetch = async input => {
		throw new TypeError(`error sending request for url (${input instanceof Request ? input.url : String(input)})`);
	};
	const {error} = await run(server(), echo(''), {fetch: failing});
	expect(error.message).toContain(`${server().base}/chat/completions`);
});

test('a query value that is no valid percent-encoding is still sent, and redacted as sent', async () => {
	const message = await messageFor(echo('value %E0%A4%Akey-raw-value'), {
		baseUrl: `${server().base}?key=%E0%A4%Akey-raw-value`,
	});
	expect(server().requests).toHaveLength(1);
	expect(message).not.toContain('key-raw-value');
});
