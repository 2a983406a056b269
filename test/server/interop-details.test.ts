// What OpenAI clients read beyond the text, through the handler (Node through srvx) in front of the fake upstream:
// log probabilities on both routes, streamed and not; the upstream's error details (`param`, a mid-stream `code`);
// legacy and unknown request fields refused by name, or passed on when the handler says so.
import OpenAI from 'openai';
import {describe, expect, test} from 'vitest';
import {serveApp} from './served-app.js';
import {logprobsContent} from '../helpers/fake-openai.js';
import {call} from './wire.js';

const app = serveApp('details');

const client = (path = '/v1') => new OpenAI({baseURL: `${app.served.url}${path}`, apiKey: 'unused', maxRetries: 0});
const user = (content: string) => [{role: 'user' as const, content}];
const sent = (prompt: string) => app.upstream.posts(prompt).at(-1)!.json;
/** The error a promise rejects with. */
const failure = async (promise: Promise<unknown>): Promise<any> =>
	promise.then(
		() => 'resolved',
		(error: unknown) => error,
	);

describe('logprobs', () => {
	test('chat completions: asked for, relayed whole, streamed and not', async () => {
		const completion = await client().chat.completions.create({
			model: 'test-model',
			messages: user('logprobs'),
			logprobs: true,
			top_logprobs: 2,
		});
		expect(sent('logprobs')).toMatchObject({logprobs: true, top_logprobs: 2});
		expect(completion.choices[0]!.message.content).toBe('Hello, world!');
		expect(completion.choices[0]!.logprobs).toEqual({content: logprobsContent, refusal: null});

		const stream = client().chat.completions.stream({
			model: 'test-model',
			messages: user('logprobs'),
			logprobs: true,
			top_logprobs: 2,
		});
		const final = await stream.finalChatCompletion();
		expect(final.choices[0]!.message.content).toBe('Hello, world!');
		expect(final.choices[0]!.logprobs?.content).toEqual(logprobsContent);
	});

	test('chat completions: not asked for, none relayed (even when the upstream sends them)', async () => {
		const completion = await client().chat.completions.create({model: 'test-model', messages: user('logprobs')});
		expect(completion.choices[0]!.logprobs).toBeNull();
		const streamed = await call(`${app.served.url}/v1/chat/completions`, {
			json: {model: 'test-model', messages: user('logprobs'), stream: true},
		});
		expect(streamed.text).not.toContain('logprob');
	});

	test('responses: include message.output_text.logprobs with top_logprobs, streamed and not', async () => {
		const response = await client().responses.create({
			model: 'test-model',
			input: 'logprobs',
			include: ['message.output_text.logprobs'],
			top_logprobs: 2,
		});
		expect(sent('logprobs')).toMatchObject({logprobs: true, top_logprobs: 2});
		const [message] = response.output;
		expect(message).toMatchObject({type: 'message', content: [{type: 'output_text', text: 'Hello, world!'}]});
		expect((message as OpenAI.Responses.ResponseOutputMessage).content[0]).toMatchObject({
			logprobs: logprobsContent,
		});

		const stream = await client().responses.create({
			model: 'test-model',
			input: 'logprobs',
			include: ['message.output_text.logprobs'],
			top_logprobs: 2,
			stream: true,
		});
		const deltas: unknown[] = [];
		let done: unknown;
		for await (const event of stream) {
			if (event.type === 'response.output_text.delta') deltas.push(...event.logprobs);
			if (event.type === 'response.output_text.done') done = event.logprobs;
		}

		expect(deltas).toEqual(logprobsContent);
		expect(done).toEqual(logprobsContent);
	});

	test('responses: without the include, no logprobs are asked for', async () => {
		const response = await client().responses.create({model: 'test-model', input: 'logprobs'});
		expect(sent('logprobs').logprobs).toBeUndefined();
		expect((response.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0]).toMatchObject({logprobs: []});
	});
});

describe('error details', () => {
	test("an upstream 400 keeps its param, code, type and message, on both routes (the SDK's error fields)", async () => {
		const chat = await failure(
			client().chat.completions.create({model: 'test-model', messages: user('bad-param'), temperature: 1}),
		);
		expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
		expect({param: chat.param, code: chat.code, type: chat.type}).toEqual({
			param: 'temperature',
			code: 'invalid_value',
			type: 'invalid_request_error',
		});
		expect(chat.message).toContain('temperature must be at most 2');
		const responses = await failure(client().responses.create({model: 'test-model', input: 'bad-param'}));
		expect(responses).toBeInstanceOf(OpenAI.BadRequestError);
		expect(responses.param).toBe('temperature');
	});

	test("a mid-stream error keeps the upstream's code (with the handler's own message), on both routes", async () => {
		const chat = await call(`${app.served.url}/v1/chat/completions`, {
			json: {model: 'test-model', messages: user('midstream'), stream: true},
		});
		expect(chat.events().at(-1)).toEqual({
			error: {message: expect.any(String), type: 'server_error', code: 'model_crashed', param: null},
		});
		expect(chat.text).not.toContain('The model crashed');
		// openai 7 raises the `error` event, with its code.
		const stream = await client().responses.create({model: 'test-model', input: 'midstream', stream: true});
		const raised = await failure(
			(async () => {
				for await (const _event of stream);
			})(),
		);
		expect(raised).toBeInstanceOf(OpenAI.APIError);
		expect(raised.code).toBe('model_crashed');
		const raw = await call(`${app.served.url}/v1/responses`, {
			json: {model: 'test-model', input: 'midstream', stream: true},
		});
		expect(raw.events().at(-1)).toMatchObject({type: 'response.failed', response: {error: {code: 'model_crashed'}}});
		expect(raw.text).not.toContain('The model crashed');
	});
});

describe('request fields the handler does not relay', () => {
	test('legacy functions / function_call: a 400 naming them, pointing to tools', async () => {
		const before = app.upstream.posts().length;
		const legacy = await call(`${app.served.url}/v1/chat/completions`, {
			json: {
				model: 'test-model',
				messages: user('hello'),
				functions: [{name: 'weather', parameters: {type: 'object'}}],
				function_call: 'auto',
			},
		});
		expect(legacy.status).toBe(400);
		expect(legacy.json().error).toMatchObject({param: 'functions', code: 'unsupported_parameter'});
		expect(legacy.json().error.message).toContain('tools');
		expect(app.upstream.posts().length).toBe(before);
	});

	test('unknown top-level fields: a 400 naming them; a handler option passes named ones on as sent', async () => {
		const search = {search_context_size: 'low' as const};
		const refused = await failure(
			client().chat.completions.create({
				model: 'test-model',
				messages: user('hello'),
				web_search_options: search,
			}),
		);
		expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
		expect(refused.param).toBe('web_search_options');
		expect(refused.code).toBe('unknown_parameter');
		const several = await call(`${app.served.url}/v1/chat/completions`, {
			json: {model: 'test-model', messages: user('hello'), frobnicate: 1, web_search_options: search},
		});
		expect(several.json().error.message).toMatch(/frobnicate.*web_search_options/);

		const passed = await client('/passthrough/v1').chat.completions.create({
			model: 'test-model',
			messages: user('hello'),
			web_search_options: search,
		});
		expect(passed.choices[0]!.message.content).toBe('Hello, world!');
		expect(sent('hello').web_search_options).toEqual(search);
		// Only the names the option lists.
		const other = await call(`${app.served.url}/passthrough/v1/chat/completions`, {
			json: {model: 'test-model', messages: user('hello'), frobnicate: 1},
		});
		expect(other.json().error.param).toBe('frobnicate');
		// The Responses route follows the same option.
		await client('/passthrough/v1').responses.create({
			model: 'test-model',
			input: 'hello',
			// @ts-expect-error: a field of the upstream's, not of the Responses API
			web_search_options: search,
		});
		expect(sent('hello').web_search_options).toEqual(search);
	});

	test('fields every client may send in their harmless form are accepted: n: 1, store: false, modalities: [text]', async () => {
		const answer = await call(`${app.served.url}/v1/chat/completions`, {
			json: {model: 'test-model', messages: user('hello'), n: 1, store: false, modalities: ['text']},
		});
		expect(answer.status).toBe(200);
		const many = await call(`${app.served.url}/v1/chat/completions`, {
			json: {model: 'test-model', messages: user('hello'), n: 2},
		});
		expect(many.status).toBe(400);
		expect(many.json().error.param).toBe('n');
	});
});
