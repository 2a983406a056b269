// The routes POST /responses and GET /models/{id} in process, with a provider whose generator is scripted: the
// same CORS, methods, body limit and model list as the other routes, and a failure after the first event.
import {describe, expect, test} from 'vitest';
import {type Chunk, type CreateOptions, OpenaiTemplate, ResponseStatusError} from '../../../src/index.js';
import {createHandler} from '../../../src/server/index.js';
import {events} from '../wire.js';

/** The options each scripted generator was called with, newest last. */
const calls: CreateOptions[] = [];

/** A provider that yields `script`; a function in it throws, after the chunks before it were read. */
function scripted(script: Array<Chunk | (() => never)>): typeof OpenaiTemplate {
	class Scripted extends OpenaiTemplate {
		static override defaultModel = 'm';
		static override models = ['m', 'org/model-2'];
	}

	Object.defineProperty(Scripted, 'label', {value: 'Scripted'});
	Object.defineProperty(Scripted, 'createAsyncGenerator', {
		async *value(_model: string, _messages: unknown, options: CreateOptions = {}) {
			calls.push(options);
			for (const step of script) {
				if (typeof step === 'function') step();
				else yield step;
			}
		},
	});
	return Scripted;
}

const origin = 'https://app.example';
const handlerFor = (script: Array<Chunk | (() => never)> = ['Hi']) =>
	createHandler({
		provider: scripted(script),
		apiKey: 'sk-route',
		allowOrigins: [origin],
		maxBodySize: 300,
		public: true,
	});
const post = (body: unknown) =>
	new Request('http://server.test/v1/responses', {
		method: 'POST',
		headers: {'content-type': 'application/json', origin},
		body: JSON.stringify(body),
	});

describe('POST /responses', () => {
	test('CORS preflight and headers, 405 for another method, 413 past the body limit', async () => {
		const handler = handlerFor();
		const preflight = await handler(
			new Request('http://server.test/v1/responses', {
				method: 'OPTIONS',
				headers: {origin, 'access-control-request-method': 'POST'},
			}),
		);
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
		expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
		const wrong = await handler(new Request('http://server.test/v1/responses'));
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
		expect((await wrong.json()).error.message).toContain('/v1/responses');
		const large = await handler(post({model: 'm', input: 'x'.repeat(400)}));
		expect(large.status).toBe(413);
		const ok = await handler(post({model: 'm', input: 'hi'}));
		expect(ok.status).toBe(200);
		expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
		expect(await ok.json()).toMatchObject({object: 'response', output: [{type: 'message'}]});
	});

	test('a failure before the first event is an HTTP status; after it, an error event and response.failed', async () => {
		const refused = () => {
			throw new ResponseStatusError('Bad request upstream', {status: 400});
		};
		const early = await handlerFor([refused])(post({model: 'm', input: 'hi', stream: true}));
		expect(early.status).toBe(400);
		expect((await early.json()).error.message).toContain('Bad request upstream');

		const crashed = () => {
			throw new ResponseStatusError('The model crashed', {status: 500});
		};
		const late = await handlerFor(['Part', crashed])(post({model: 'm', input: 'hi', stream: true}));
		expect(late.status).toBe(200);
		const list = events(await late.text());
		expect(list.map(event => event.type)).toEqual([
			'response.created',
			'response.in_progress',
			'response.output_item.added',
			'response.content_part.added',
			'response.output_text.delta',
			'error',
			'response.failed',
		]);
		expect(list.at(-1).response).toMatchObject({
			status: 'failed',
			// Mid-stream failures carry the handler's own message; the upstream's text goes to onError only.
			error: {message: 'The upstream provider failed to answer'},
		});
	});
});

describe('GET /models/{id}', () => {
	test('ids with slashes, escaped or not; an unknown id is a 404 model_not_found', async () => {
		const handler = handlerFor();
		for (const path of ['org/model-2', 'org%2Fmodel-2']) {
			const found = await handler(new Request(`http://server.test/v1/models/${path}`, {headers: {origin}}));
			expect(found.status).toBe(200);
			expect(found.headers.get('access-control-allow-origin')).toBe(origin);
			expect(await found.json()).toEqual({id: 'org/model-2', object: 'model', created: 0, owned_by: 'Scripted'});
		}

		const missing = await handler(new Request('http://server.test/v1/models/nope'));
		expect(missing.status).toBe(404);
		expect((await missing.json()).error).toMatchObject({code: 'model_not_found', param: 'model'});
		const posted = await handler(new Request('http://server.test/v1/models/m', {method: 'POST'}));
		expect(posted.status).toBe(405);
	});
});

/** The core's internal option (a registered symbol): keep no result. */
const keepNothing = Symbol.for('cablyai.internal.keepNothing');

/** Sends `body` to the route at `path`, reads the answer, and gives the options the generator was called with. */
async function optionsFor(path: string, body: unknown): Promise<Record<symbol, unknown>> {
	const response = await handlerFor(['Hi'])(
		new Request(`http://server.test/v1/${path}`, {
			method: 'POST',
			headers: {'content-type': 'application/json', origin},
			body: JSON.stringify(body),
		}),
	);
	await response.text();
	return calls.at(-1) as Record<symbol, unknown>;
}

const chat = (stream: boolean) => ({model: 'm', messages: [{role: 'user', content: 'hi'}], stream});

test("a Responses stream keeps the answer within the core's ceiling; a chat stream is passed on unkept", async () => {
	// The Responses encoder holds the text for its `.done` events: the core must go on counting it (maxAnswerLength).
	expect((await optionsFor('responses', {model: 'm', input: 'hi', stream: true}))[keepNothing]).toBe(false);
	expect((await optionsFor('chat/completions', chat(true)))[keepNothing]).toBe(true);
});

test("a non-streamed answer, held whole by the server, stays within the core's ceiling on both routes", async () => {
	// The completion (or response object) is built from every chunk: the core must go on counting the answer
	// (maxAnswerLength), so it may not be told to keep nothing, even where the server builds the result itself.
	expect((await optionsFor('chat/completions', chat(false)))[keepNothing]).toBe(false);
	expect((await optionsFor('responses', {model: 'm', input: 'hi', stream: false}))[keepNothing]).toBe(false);
});
