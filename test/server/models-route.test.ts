// GET /models: the handler's own list when given, else the upstream's, fetched once per TTL however many clients
// ask; and a client's GET /models never changes which models the chat route accepts.
import {afterAll, afterEach, beforeAll, expect, test, vi} from 'vitest';
import {OpenaiTemplate, type ProviderClass} from '../../src/index.js';
import {createHandler} from '../../src/server/index.js';
import {chunk, sse, startServer, type TestServer} from '../helpers/fake-openai.js';

let upstream: TestServer;
let listRequests = 0;
let releaseList: (() => void) | undefined;
let listFails = false;
beforeAll(async () => {
	upstream = await startServer(async (request, response) => {
		if (request.url.endsWith('/models')) {
			listRequests++;
			if (listFails) {
				response.writeHead(500, {'content-type': 'application/json'});
				response.end(JSON.stringify({error: {message: 'list down'}}));
				return;
			}

			// Held until the test lets it go, so that concurrent clients find the fetch in flight.
			if (releaseList) await new Promise<void>(done => (releaseList = done));
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({object: 'list', data: [{id: 'listed-model', object: 'model'}]}));
			return;
		}

		// The upstream serves any model, listed or not (as many do: aliases, fine-tunes, new models).
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.end(sse([chunk({content: 'ok'}, {model: 'x'}, 'stop')]));
	});
});
afterAll(async () => upstream?.close());
afterEach(() => {
	vi.useRealTimers();
	releaseList = undefined;
});

function unlisted(): ProviderClass {
	// A class of its own per test: the core's per-class model cache starts empty.
	class Unlisted extends OpenaiTemplate {
		static override label = 'Unlisted';
		static override apiBase = `${upstream.url}/v1`;
		static override defaultModel = 'listed-model';
	}

	return Unlisted;
}

const get = async (handler: (request: Request) => Promise<Response>) =>
	handler(new Request('http://server.test/v1/models'));
const chat = async (handler: (request: Request) => Promise<Response>, model: string) =>
	handler(
		new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({model, messages: [{role: 'user', content: 'hi'}]}),
		}),
	);

test("a client's GET /models does not narrow what the chat route accepts", async () => {
	const handler = createHandler({public: true, provider: unlisted(), apiKey: 'sk-key-1234', upstream: {retry: 0}});
	expect((await chat(handler, 'unlisted-model')).status).toBe(200);
	const list = await get(handler);
	expect((await list.json()).data.map((model: {id: string}) => model.id)).toEqual(['listed-model']);
	expect((await chat(handler, 'unlisted-model')).status).toBe(200);
});

test('the upstream list is fetched once per TTL, concurrent clients sharing one request', async () => {
	vi.useFakeTimers({toFake: ['Date']});
	const handler = createHandler({
		public: true,
		provider: unlisted(),
		apiKey: 'sk-key-1234',
		modelsTtl: 60_000,
		upstream: {retry: 0},
	});
	listRequests = 0;
	releaseList = () => undefined;
	const answers = Array.from({length: 20}, async () => get(handler));
	// Let the first request reach the upstream, then release it.
	while (listRequests === 0) await new Promise(done => setImmediate(done));
	releaseList();
	for (const answer of await Promise.all(answers)) expect(answer.status).toBe(200);
	expect(listRequests).toBe(1);
	releaseList = undefined;
	for (let index = 0; index < 5; index++) expect((await get(handler)).status).toBe(200);
	expect(listRequests).toBe(1);
	vi.setSystemTime(Date.now() + 60_001);
	expect((await get(handler)).status).toBe(200);
	expect(listRequests).toBe(2);
});

test('a failed list is not kept: the next client asks again', async () => {
	const handler = createHandler({
		public: true,
		provider: unlisted(),
		apiKey: 'sk-key-1234',
		upstream: {retry: 0},
		onError() {},
	});
	listRequests = 0;
	listFails = true;
	try {
		expect((await get(handler)).status).toBe(502);
	} finally {
		listFails = false;
	}

	expect((await get(handler)).status).toBe(200);
	expect((await get(handler)).status).toBe(200);
	expect(listRequests).toBe(2);
});

test("the handler's own models are listed without asking the upstream", async () => {
	listRequests = 0;
	const handler = createHandler({public: true, provider: unlisted(), apiKey: 'sk-key-1234', models: ['only-this']});
	expect((await (await get(handler)).json()).data.map((model: {id: string}) => model.id)).toEqual(['only-this']);
	expect(listRequests).toBe(0);
});

test('modelsTtl must be a number of milliseconds', () => {
	expect(() => createHandler({public: true, provider: unlisted(), modelsTtl: 0})).toThrow(/modelsTtl/);
});
