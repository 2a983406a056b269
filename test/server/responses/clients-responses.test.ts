// Today's defaults of clients no one here wrote speak the Responses API: the AI SDK's `openai('…')`, the Agents SDK's
// default model, LangChain's ChatOpenAI with `useResponsesApi`. Each against the handler (Node through srvx, with an
// access token and a model allowlist) in front of the fake upstream: text, streaming, tools over several steps and
// structured output, with the fields each of them really sends.
import {createOpenAI} from '@ai-sdk/openai';
import {tool as langchainTool} from '@langchain/core/tools';
import {ChatOpenAI} from '@langchain/openai';
import {Agent, OpenAIProvider, Runner, setTracingDisabled, tool as agentTool} from '@openai/agents';
import {generateText, jsonSchema, Output, stepCountIs, streamText, tool} from 'ai';
import {describe, expect, test} from 'vitest';
import {z} from 'zod';
import {serveApp} from '../served-app.js';

const app = serveApp('interop');

/** What the upstream got for the request whose last message is `prompt` (its most recent one). */
const sent = (prompt: string) => app.upstream.posts(prompt).at(-1)!.json;
const weatherOutput = {celsius: 3};
const timeOutput = '12:00';
const schema = z.object({city: z.string(), temperature: z.number()});

describe('AI SDK: the default openai(…) provider (Responses API)', () => {
	const model = () => createOpenAI({baseURL: app.baseURL, apiKey: app.config.token})('test-model');
	const tools = () => ({
		weather: tool({
			inputSchema: jsonSchema<{city: string}>({type: 'object', properties: {city: {type: 'string'}}}),
			execute: async () => weatherOutput,
		}),
		time: tool({
			inputSchema: jsonSchema<{tz: string}>({type: 'object', properties: {tz: {type: 'string'}}}),
			execute: async () => timeOutput,
		}),
	});

	test('generateText and streamText: text, reasoning and usage', async () => {
		const whole = await generateText({model: model(), prompt: 'hello', maxRetries: 0});
		expect(whole.text).toBe('Hello, world!');
		expect(whole.reasoningText).toBe('The user greets.');
		expect(whole.finishReason).toBe('stop');
		expect(whole.usage).toMatchObject({inputTokens: 5, outputTokens: 3, totalTokens: 8});

		const result = streamText({model: model(), prompt: 'hello', maxRetries: 0});
		let streamed = '';
		for await (const text of result.textStream) streamed += text;
		expect(streamed).toBe('Hello, world!');
		expect(await result.reasoningText).toBe('The user greets.');
		expect(await result.finishReason).toBe('stop');
		expect(await result.usage).toMatchObject({inputTokens: 5, outputTokens: 3, totalTokens: 8});
	});

	test.each([false, true])(
		'tools over several steps (stopWhen), streamed: %s; the outputs go back as tool messages',
		async stream => {
			const settings = {model: model(), prompt: 'tools', tools: tools(), stopWhen: stepCountIs(3), maxRetries: 0};
			const result = stream ? streamText(settings) : await generateText(settings);
			if ('consumeStream' in result) await result.consumeStream();
			const steps = await result.steps;
			expect(steps).toHaveLength(2);
			expect(steps[0]!.toolCalls.map(call => ({id: call.toolCallId, name: call.toolName, input: call.input}))).toEqual([
				{id: 'call_a', name: 'weather', input: {city: 'Oslo'}},
				{id: 'call_b', name: 'time', input: {tz: 'CET'}},
			]);
			expect(await result.text).toBe('Hello, world!');
			const messages = sent(timeOutput).messages;
			expect(messages[0]).toEqual({role: 'user', content: 'tools'});
			expect(messages.at(-3)).toMatchObject({
				role: 'assistant',
				tool_calls: [
					{id: 'call_a', function: {name: 'weather', arguments: '{"city":"Oslo"}'}},
					{id: 'call_b', function: {name: 'time', arguments: '{"tz":"CET"}'}},
				],
			});
			expect(messages.slice(-2)).toEqual([
				{role: 'tool', tool_call_id: 'call_a', content: JSON.stringify(weatherOutput)},
				{role: 'tool', tool_call_id: 'call_b', content: timeOutput},
			]);
		},
	);

	test('Output.object: a json_schema format upstream, the object parsed', async () => {
		const result = await generateText({
			model: model(),
			prompt: 'json',
			output: Output.object({schema}),
			maxRetries: 0,
		});
		expect(result.output).toEqual({city: 'Oslo', temperature: 3});
		expect(sent('json').response_format).toMatchObject({type: 'json_schema', json_schema: {strict: true}});
		const streamed = streamText({model: model(), prompt: 'json', output: Output.object({schema}), maxRetries: 0});
		await streamed.consumeStream();
		expect(await streamed.output).toEqual({city: 'Oslo', temperature: 3});
	});
});

describe('OpenAI Agents SDK: the default model (Responses API)', () => {
	setTracingDisabled(true);
	// No model named: the SDK's default (a gpt-5 model, with its default settings), through a handler without a model
	// list.
	const runner = () =>
		new Runner({
			modelProvider: new OpenAIProvider({apiKey: app.config.token, baseURL: `${app.served.url}/open/v1`}),
			tracingDisabled: true,
		});
	const weather = agentTool({
		name: 'weather',
		description: 'The weather in a city',
		parameters: z.object({city: z.string()}),
		execute: async () => JSON.stringify(weatherOutput),
	});
	const time = agentTool({
		name: 'time',
		description: 'The time in a zone',
		parameters: z.object({tz: z.string()}),
		execute: async () => timeOutput,
	});

	test('run: the final output', async () => {
		const agent = new Agent({name: 'Greeter', instructions: 'Be brief.'});
		const result = await runner().run(agent, 'hello');
		expect(result.finalOutput).toBe('Hello, world!');
		// The default model's settings reach the upstream as their chat-completions names.
		expect(sent('hello')).toMatchObject({
			model: expect.stringMatching(/^gpt-/),
			messages: [
				{role: 'system', content: 'Be brief.'},
				{role: 'user', content: 'hello'},
			],
			verbosity: 'low',
		});
	});

	test('run with stream: text deltas and the final output', async () => {
		const agent = new Agent({name: 'Greeter', instructions: 'Be brief.'});
		const result = await runner().run(agent, 'hello', {stream: true});
		let text = '';
		for await (const chunk of result.toTextStream()) text += chunk;
		await result.completed;
		expect(text).toBe('Hello, world!');
		expect(result.finalOutput).toBe('Hello, world!');
	});

	test.each([false, true])('a tool: called, its output sent back, then the answer (streamed: %s)', async stream => {
		const agent = new Agent({
			name: 'Forecaster',
			instructions: 'Use tools.',
			model: 'test-model',
			tools: [weather, time],
		});
		const result = stream ? await runner().run(agent, 'tools', {stream: true}) : await runner().run(agent, 'tools');
		if (stream) await (result as {completed: Promise<void>}).completed;
		expect(result.finalOutput).toBe('Hello, world!');
		expect(sent(timeOutput).messages.slice(-2)).toEqual([
			{role: 'tool', tool_call_id: 'call_a', content: JSON.stringify(weatherOutput)},
			{role: 'tool', tool_call_id: 'call_b', content: timeOutput},
		]);
	});
});

describe('LangChain: ChatOpenAI with useResponsesApi', () => {
	const model = () =>
		new ChatOpenAI({
			model: 'test-model',
			apiKey: app.config.token,
			configuration: {baseURL: app.baseURL},
			useResponsesApi: true,
			maxRetries: 0,
		});

	test('invoke and stream: the text and usage', async () => {
		const message = await model().invoke('hello');
		expect(message.text).toBe('Hello, world!');
		expect(message.usage_metadata).toMatchObject({input_tokens: 5, output_tokens: 3, total_tokens: 8});
		let streamed = '';
		for await (const chunk of await model().stream('hello')) streamed += chunk.text;
		expect(streamed).toBe('Hello, world!');
	});

	test('bindTools: the calls, then their outputs sent back as tool messages', async () => {
		const weather = langchainTool(async () => JSON.stringify(weatherOutput), {
			name: 'weather',
			schema: z.object({city: z.string()}),
		});
		const time = langchainTool(async () => timeOutput, {name: 'time', schema: z.object({tz: z.string()})});
		const bound = model().bindTools([weather, time]);
		const call = await bound.invoke('tools');
		expect(call.tool_calls?.map(({id, name, args}) => ({id, name, args}))).toEqual([
			{id: 'call_a', name: 'weather', args: {city: 'Oslo'}},
			{id: 'call_b', name: 'time', args: {tz: 'CET'}},
		]);
		const outputs = [await weather.invoke(call.tool_calls![0]!), await time.invoke(call.tool_calls![1]!)];
		const answer = await bound.invoke([{role: 'user', content: 'tools'}, call, ...outputs]);
		expect(answer.text).toBe('Hello, world!');
		expect(sent(timeOutput).messages.slice(-2)).toEqual([
			{role: 'tool', tool_call_id: 'call_a', content: JSON.stringify(weatherOutput)},
			{role: 'tool', tool_call_id: 'call_b', content: timeOutput},
		]);
	});

	test('withStructuredOutput: a json_schema format, the object parsed', async () => {
		const result = await model().withStructuredOutput(schema, {name: 'weather'}).invoke('json');
		expect(result).toEqual({city: 'Oslo', temperature: 3});
		expect(sent('json').response_format).toMatchObject({type: 'json_schema', json_schema: {name: 'weather'}});
	});
});
