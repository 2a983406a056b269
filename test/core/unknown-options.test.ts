import {expect, test} from 'vitest';
import {collect, type CreateOptions, IterListProvider, OpenaiTemplate, OpenRouter} from '../../src/index.js';
import {chunk, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// JavaScript callers get no type error for a misspelt option: an unknown top-level key is a TypeError before
// anything is sent, with a hint for the common spellings of other clients. `extraBody` sends anything.

const server = useServer(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
const messages = [{role: 'user', content: 'x'}] as const;

async function refusal(run: () => AsyncIterable<unknown>): Promise<TypeError> {
	const before = server().requests.length;
	const error = await collect(run() as never).catch((error_: unknown) => error_);
	expect(error).toBeInstanceOf(TypeError);
	// Refused before sending: the key never left.
	expect(server().requests.length).toBe(before);
	return error as TypeError;
}

test('`baseURL` (the openai package’s spelling) on a preset is refused, naming `baseUrl`; the key never goes to the preset’s host', async () => {
	let fetched = false;
	const error = await refusal(() =>
		OpenRouter.createAsyncGenerator('', messages, {
			apiKey: 'sk-secret-key',
			baseURL: server().url,
			fetch: async () => {
				fetched = true;
				return new Response('{}');
			},
		} as never),
	);
	expect(fetched).toBe(false);
	expect(error.message).toContain('`baseURL`');
	expect(error.message).toContain('`baseUrl`');
	expect(error.message).not.toContain('sk-secret-key');
});

test.each([
	['max_tokens', 'maxTokens'],
	['api_key', 'apiKey'],
	['baseURL', 'baseUrl'],
])('`%s` → a hint to use `%s`', async (wrong, right) => {
	const error = await refusal(() =>
		OpenaiTemplate.createAsyncGenerator('m', messages, {baseUrl: server().url, [wrong]: 5} as never),
	);
	expect(error.message).toContain(`\`${wrong}\``);
	expect(error.message).toContain(`\`${right}\``);
});

test('any other unknown key is refused too, pointing at extraBody', async () => {
	const error = await refusal(() =>
		OpenaiTemplate.createAsyncGenerator('m', messages, {baseUrl: server().url, frequencyPenalty: 1} as never),
	);
	expect(error.message).toContain('`frequencyPenalty`');
	expect(error.message).toContain('extraBody');
});

test('a fallback checks the options it is given the same way', async () => {
	const fallback = new IterListProvider([OpenaiTemplate]);
	await refusal(() => fallback.createAsyncGenerator('m', messages, {baseUrl: server().url, max_tokens: 3} as never));
});

test('known options and extraBody still go through; extraBody carries snake_case fields verbatim', async () => {
	server().requests.length = 0;
	const result = await collect(
		OpenaiTemplate.createAsyncGenerator('m', messages, {
			baseUrl: server().url,
			maxTokens: 5,
			toolCallDeltas: true,
			extraBody: {max_completion_tokens: 7, frequency_penalty: 1},
		}),
	);
	expect(result.text).toBe('ok');
	expect(server().requests[0]!.json).toMatchObject({max_tokens: 5, max_completion_tokens: 7, frequency_penalty: 1});
});

test('every option CreateOptions declares is known (the type makes this list complete)', async () => {
	// `null` is "not set" for every option, so only the key check can object.
	const every: Record<keyof CreateOptions, null> = {
		apiKey: null,
		stream: null,
		signal: null,
		baseUrl: null,
		apiEndpoint: null,
		headers: null,
		temperature: null,
		maxTokens: null,
		topP: null,
		stop: null,
		tools: null,
		toolChoice: null,
		parallelToolCalls: null,
		responseFormat: null,
		reasoningEffort: null,
		seed: null,
		user: null,
		extraBody: null,
		toolCallDeltas: null,
		logprobs: null,
		topLogprobs: null,
		partialObjects: null,
		media: null,
		prompt: null,
		timeout: null,
		idleTimeout: null,
		deadline: null,
		retry: null,
		fetch: null,
		checkModel: null,
		maxAnswerLength: null,
		secrets: null,
	};
	const result = await collect(
		OpenaiTemplate.createAsyncGenerator('m', messages, {...every, baseUrl: server().url, stream: true}),
	);
	expect(result.text).toBe('ok');
});
