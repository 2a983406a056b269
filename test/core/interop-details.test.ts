// What OpenAI-compatible servers say beyond the text, as the library reports it (issue 24): log probabilities when
// asked, an error's `param`, NestJS-shaped error bodies, placeholder keys left out of the secret search, and the
// origin a request really went to in the provider chunk.
import {expect, test} from 'vitest';
import {type Chunk, collect as collectResult, OpenaiTemplate, ProviderError} from '../../src/index.js';
import {Local} from '../helpers/local-provider.js';
import {chunk, collect, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

const server = useServer();
const messages = [{role: 'user' as const, content: 'x'}];
const base = () => `${server().url}/v1`;

const token = (text: string, logprob: number) => ({
	token: text,
	logprob,
	bytes: [...new TextEncoder().encode(text)],
	top_logprobs: [{token: text, logprob, bytes: [...new TextEncoder().encode(text)]}],
});
const first = [token('Hello', -0.25)];
const second = [token(',', -0.5), token(' world!', -1)];

function withLogprobs(delta: Record<string, unknown>, content: unknown[], finish: string | null = null) {
	const event = chunk(delta, {}, finish) as {choices: Array<Record<string, unknown>>};
	event.choices[0]!.logprobs = {content, refusal: null};
	return event;
}

const streamed = () =>
	streamHandler([sse([withLogprobs({content: 'Hello'}, first), withLogprobs({content: ', world!'}, second, 'stop')])]);

test('logprobs asked for: sent as logprobs / top_logprobs; each delta’s yielded before its text; on the result', async () => {
	server().setHandler(streamed());
	const generator = Local.createAsyncGenerator('', messages, {baseUrl: base(), logprobs: true, topLogprobs: 1});
	const {chunks} = await collect(generator);
	expect(server().requests.at(-1)!.json).toMatchObject({logprobs: true, top_logprobs: 1});
	const kinds = chunks.filter(item => typeof item === 'string' || item.type === 'logprobs');
	expect(kinds).toEqual([
		{type: 'logprobs', content: first, refusal: []},
		'Hello',
		{type: 'logprobs', content: second, refusal: []},
		', world!',
	]);

	server().setHandler(streamed());
	const result = await collectResult(
		Local.createAsyncGenerator('', messages, {baseUrl: base(), logprobs: true, topLogprobs: 1}),
	);
	expect(result.logprobs).toEqual({content: [...first, ...second], refusal: []});
});

test('logprobs in a JSON completion, and refusal logprobs', async () => {
	server().setHandler(
		jsonHandler(200, {
			id: 'c',
			object: 'chat.completion',
			model: 'm',
			choices: [
				{
					index: 0,
					message: {role: 'assistant', content: 'Hello, world!'},
					logprobs: {content: [...first, ...second], refusal: [token('No', -2)]},
					finish_reason: 'stop',
				},
			],
		}),
	);
	const result = await collectResult(
		Local.createAsyncGenerator('', messages, {baseUrl: base(), stream: false, logprobs: true}),
	);
	expect(result.text).toBe('Hello, world!');
	expect(result.logprobs).toEqual({content: [...first, ...second], refusal: [token('No', -2)]});
});

test('not asked for: no logprobs chunk and none on the result, whatever the server sends', async () => {
	server().setHandler(streamed());
	const {chunks} = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base()}));
	expect(chunks.some(item => typeof item === 'object' && (item as Exclude<Chunk, string>).type === 'logprobs')).toBe(
		false,
	);
	expect(server().requests.at(-1)!.json.logprobs).toBeUndefined();
	server().setHandler(streamed());
	expect((await collectResult(Local.createAsyncGenerator('', messages, {baseUrl: base()}))).logprobs).toBeUndefined();
});

test('an error body’s param is on the error, as its code and type are; a stream’s error event too', async () => {
	server().setHandler(
		jsonHandler(400, {
			error: {message: 'temperature too high', type: 'invalid_request_error', param: 'temperature', code: 'invalid'},
		}),
	);
	const {error} = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base(), retry: 0}));
	expect(error).toBeInstanceOf(ProviderError);
	expect({param: error.param, code: error.code, type: error.type}).toEqual({
		param: 'temperature',
		code: 'invalid',
		type: 'invalid_request_error',
	});
	server().setHandler(
		streamHandler([
			sse([chunk({content: 'a'}), {error: {message: 'bad', param: 'tools[0]', code: 'x'}}], {done: false}),
		]),
	);
	const midstream = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base(), retry: 0}));
	expect(midstream.error.param).toBe('tools[0]');
	// No param said, none set.
	server().setHandler(jsonHandler(400, {error: {message: 'm'}}));
	expect('param' in (await collect(Local.createAsyncGenerator('', messages, {baseUrl: base(), retry: 0}))).error).toBe(
		false,
	);
});

test.each([
	['a string', 'messages.0.content must be a string', 'messages.0.content must be a string'],
	[
		'a list (class-validator)',
		['model should not be empty', 'messages must be an array'],
		'model should not be empty; messages must be an array',
	],
])(
	'a NestJS / Express body {statusCode, message, error} is described by its message (%s)',
	async (_name, message, said) => {
		server().setHandler(jsonHandler(400, {statusCode: 400, message, error: 'Bad Request'}));
		const {error} = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base(), retry: 0}));
		expect(error.message).toBe(`Local: HTTP 400 Bad Request: ${said}`);
	},
);

test('keys shorter than 8 characters are placeholders: not searched for in messages; longer ones are', async () => {
	const said = "model 'llama3' not found, try pulling it first (ollama pull llama3)";
	for (const apiKey of ['ollama', 'k', 'lm-studio']) {
		server().setHandler(jsonHandler(404, {error: {message: said}}));
		const {error} = await collect(Local.createAsyncGenerator('', messages, {baseUrl: base(), apiKey, retry: 0}));
		if (apiKey.length < 8) expect(error.message).toContain(said);
		else expect(error.message).not.toContain(apiKey);
	}

	server().setHandler(jsonHandler(401, {error: {message: 'bad key lm-studio-key-1234'}}));
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {baseUrl: base(), apiKey: 'lm-studio-key-1234', retry: 0}),
	);
	expect(error.message).not.toContain('lm-studio-key-1234');
});

test('the provider chunk’s url is the origin asked: baseUrl, apiEndpoint, else the provider’s own', async () => {
	class Remote extends OpenaiTemplate {
		static override apiBase = 'https://api.remote.example/v1';
		static override defaultModel = 'm';
	}

	const providerOf = async (options: Parameters<typeof Remote.createAsyncGenerator>[2]) => {
		server().setHandler(streamHandler([sse([chunk({content: 'a'}, {model: 'm'}, 'stop')])]));
		const {chunks} = await collect(Remote.createAsyncGenerator('', messages, options));
		return chunks.find(item => typeof item === 'object' && item.type === 'provider') as {url: string};
	};

	const origin = server().url;
	expect((await providerOf({baseUrl: base()})).url).toBe(origin);
	expect((await providerOf({apiEndpoint: `${origin}/custom/chat`})).url).toBe(origin);
	// Without either, the provider's own (its static url, else its apiBase's origin), as before.
	const sent: string[] = [];
	const body = sse([chunk({content: 'a'}, {model: 'm'}, 'stop')]);
	const own = await providerOf({
		fetch: async input => {
			sent.push(String(input instanceof Request ? input.url : input));
			return new Response(body, {headers: {'content-type': 'text/event-stream'}});
		},
	});
	expect(sent).toEqual(['https://api.remote.example/v1/chat/completions']);
	expect(own.url).toBe('https://api.remote.example');
});
