// Clients no one here wrote, pointed at the handler (Node through srvx, with an access token): the official
// `openai` SDK and the AI SDK (`ai` + `@ai-sdk/openai-compatible`) stream text, reasoning, tool calls and usage.
import {createOpenAICompatible} from '@ai-sdk/openai-compatible';
import {jsonSchema, streamText, tool} from 'ai';
import OpenAI from 'openai';
import {describe, expect, test} from 'vitest';
import {serveApp} from './served-app.js';

const app = serveApp('clients', {broken: true});

const weather = {
	type: 'function' as const,
	function: {name: 'weather', parameters: {type: 'object', properties: {city: {type: 'string'}}}},
};

describe('openai SDK', () => {
	const client = () => new OpenAI({baseURL: app.baseURL, apiKey: app.config.token, maxRetries: 0});

	test('streams text, reasoning and usage', async () => {
		const stream = await client().chat.completions.create({
			model: 'test-model',
			messages: [{role: 'user', content: 'hello'}],
			stream: true,
			stream_options: {include_usage: true},
		});
		let text = '';
		let reasoning = '';
		let usage: unknown;
		let finish: string | null = null;
		for await (const chunk of stream) {
			const choice = chunk.choices[0];
			text += choice?.delta.content ?? '';
			reasoning += (choice?.delta as {reasoning_content?: string} | undefined)?.reasoning_content ?? '';
			finish = choice?.finish_reason ?? finish;
			if (chunk.usage) usage = chunk.usage;
		}

		expect({text, reasoning, finish, usage}).toEqual({
			text: 'Hello, world!',
			reasoning: 'The user greets.',
			finish: 'stop',
			usage: {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8},
		});
	});

	test('assembles streamed tool calls (ChatCompletionStream) and reads a completion', async () => {
		const stream = client().chat.completions.stream({
			model: 'test-model',
			messages: [{role: 'user', content: 'tools'}],
			tools: [weather],
		});
		const final = await stream.finalChatCompletion();
		expect(final.choices[0]!.finish_reason).toBe('tool_calls');
		expect(final.choices[0]!.message.tool_calls).toEqual([
			{id: 'call_a', type: 'function', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
			{id: 'call_b', type: 'function', function: {name: 'time', arguments: '{"tz":"CET"}'}},
		]);
		const completion = await client().chat.completions.create({
			model: 'test-model',
			messages: [{role: 'user', content: 'hello'}],
		});
		expect(completion.choices[0]!.message.content).toBe('Hello, world!');
		expect(completion.usage).toEqual({prompt_tokens: 5, completion_tokens: 3, total_tokens: 8});
	});

	test("errors arrive as the SDK's classes: 429 with Retry-After, 401, 404", async () => {
		const limited = await client()
			.chat.completions.create({model: 'test-model', messages: [{role: 'user', content: 'limit'}], stream: true})
			.catch((error: unknown) => error);
		expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
		expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
		const denied = await new OpenAI({baseURL: app.baseURL, apiKey: 'wrong', maxRetries: 0}).models
			.list()
			.catch((error: unknown) => error);
		expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
		const missing = await client()
			.chat.completions.create({model: 'big-model', messages: [{role: 'user', content: 'hello'}]})
			.catch((error: unknown) => error);
		expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
		expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
		const models = await client().models.list();
		expect(models.data.map(model => model.id)).toEqual(['test-model']);
	});
});

describe('AI SDK (@ai-sdk/openai-compatible)', () => {
	const model = () =>
		createOpenAICompatible({
			name: 'proxy',
			baseURL: app.baseURL,
			apiKey: app.config.token,
			includeUsage: true,
		}).chatModel('test-model');

	test('streams text, reasoning and usage', async () => {
		const result = streamText({model: model(), prompt: 'hello', maxRetries: 0});
		let streamed = '';
		for await (const text of result.textStream) streamed += text;
		expect(streamed).toBe('Hello, world!');
		expect(await result.reasoningText).toBe('The user greets.');
		expect(await result.finishReason).toBe('stop');
		expect(await result.usage).toMatchObject({inputTokens: 5, outputTokens: 3, totalTokens: 8});
	});

	test('streams tool calls', async () => {
		const result = streamText({
			model: model(),
			prompt: 'tools',
			maxRetries: 0,
			tools: {
				weather: tool({
					inputSchema: jsonSchema<{city: string}>({type: 'object', properties: {city: {type: 'string'}}}),
				}),
				time: tool({inputSchema: jsonSchema<{tz: string}>({type: 'object', properties: {tz: {type: 'string'}}})}),
			},
		});
		await result.consumeStream();
		expect(
			(await result.toolCalls).map(call => ({id: call.toolCallId, name: call.toolName, input: call.input})),
		).toEqual([
			{id: 'call_a', name: 'weather', input: {city: 'Oslo'}},
			{id: 'call_b', name: 'time', input: {tz: 'CET'}},
		]);
		expect(await result.finishReason).toBe('tool-calls');
		expect(await result.usage).toMatchObject({inputTokens: 9, outputTokens: 7, totalTokens: 16});
	});
});
