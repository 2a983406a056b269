// Closed unless told otherwise: createHandler needs an access token (string, list, function) or `public: true`; an
// empty or unset token is the same mistake as none, at creation, never an open handler.
import {expect, test} from 'vitest';
import {OpenaiTemplate} from '../../src/index.js';
import {createHandler, type HandlerOptions} from '../../src/server/index.js';

class Upstream extends OpenaiTemplate {
	static override label = 'Upstream';
	static override apiBase = 'http://127.0.0.1:9/v1';
	static override defaultModel = 'm';
	static override models = ['m'];
}

const base = {provider: Upstream, apiKey: 'sk-upstream-key'};
const models = (handler: (request: Request) => Promise<Response>, token?: string) =>
	handler(new Request('http://server.test/v1/models', {headers: token ? {authorization: `Bearer ${token}`} : {}}));

test('no access rule: a TypeError at creation that names both ways', () => {
	expect(() => createHandler(base)).toThrow(TypeError);
	expect(() => createHandler(base)).toThrow(/`accessToken`.*`public: true`/);
	expect(() => createHandler({...base, public: false})).toThrow(/`accessToken`/);
});

test.each([
	['undefined (an unset environment variable)', undefined],
	["''", ''],
	['null', null],
	['[]', []],
	["['']", ['']],
	["['tok', '']", ['tok-1234', '']],
	['a number', 42],
])('accessToken %s: the same TypeError, naming accessToken', (_name, accessToken) => {
	const options = {...base, accessToken} as unknown as HandlerOptions;
	expect(() => createHandler(options)).toThrow(TypeError);
	expect(() => createHandler(options)).toThrow(/`accessToken`/);
	// `public: true` beside an empty token does not open the handler either.
	expect(() => createHandler({...options, public: true})).toThrow(/`accessToken`/);
});

test('both a token and public: true is a TypeError; public must be a boolean', () => {
	expect(() => createHandler({...base, accessToken: 'tok-1234', public: true})).toThrow(/either/);
	expect(() => createHandler({...base, public: 'yes' as never})).toThrow(/`public`/);
});

test('public: true answers without a token', async () => {
	expect((await models(createHandler({...base, public: true}))).status).toBe(200);
});

test('a list of tokens: any of them opens (rotation), others get 401', async () => {
	const handler = createHandler({...base, accessToken: ['tok-old-1234', 'tok-new-5678']});
	expect((await models(handler)).status).toBe(401);
	expect((await models(handler, 'tok-old-1234')).status).toBe(200);
	expect((await models(handler, 'tok-new-5678')).status).toBe(200);
	expect((await models(handler, 'tok-new-567')).status).toBe(401);
	expect((await models(handler, 'tok-old-1234,tok-new-5678')).status).toBe(401);
});

test('a function decides, sync or async', async () => {
	const sync = createHandler({...base, accessToken: request => request.headers.get('x-pass') === 'yes'});
	expect((await models(sync)).status).toBe(401);
	const async = createHandler({...base, accessToken: async request => request.headers.has('authorization')});
	expect((await models(async, 'anything')).status).toBe(200);
});
