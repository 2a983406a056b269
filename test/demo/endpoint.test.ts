import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {demoModels, handleDemoRequest} from '../../demo/server/demo-endpoint.js';
import {ModelNotSupportedError, OpenaiTemplate, RateLimitError} from '../../src/index.js';
import {collect, textOf} from '../helpers/fake-openai.js';

let server: Server;
let base: string;
class Demo extends OpenaiTemplate {
	static override defaultModel = 'demo-echo';
	static override imageModels = ['demo-image'];
}

beforeAll(async () => {
	// The plugin's middleware behind a plain node:http server, with a fallback for what it passes on.
	server = createServer((request, response) => {
		void handleDemoRequest(request, response, () => {
			response.writeHead(404);
			response.end('next');
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => new Promise(resolve => server.close(resolve)));

test('lists the demo models', async () => {
	expect(await Demo.getModels({baseUrl: base})).toEqual([...demoModels]);
});

test('demo-echo streams word by word and ends with finish and usage', async () => {
	const chunks: unknown[] = [];
	for await (const chunk of Demo.createAsyncGenerator('demo-echo', [{role: 'user', content: 'ping'}], {
		stream: true,
		baseUrl: base,
	})) {
		chunks.push(chunk);
	}

	const texts = chunks.filter(item => typeof item === 'string');
	expect(texts.length).toBeGreaterThan(20);
	expect(texts.join('')).toMatch(/^You said: “ping”\. Streaming means/);
	expect(chunks.at(-2)).toEqual({type: 'finish', reason: 'stop'});
	expect(chunks.at(-1)).toMatchObject({type: 'usage', completionTokens: texts.length});
});

test('demo-echo answers the same without streaming', async () => {
	const {chunks} = await collect(
		Demo.createAsyncGenerator('demo-echo', [{role: 'user', content: 'ping'}], {baseUrl: base}),
	);
	expect(textOf(chunks)).toMatch(/^You said: “ping”/);
});

test('demo-reasoner reasons before it answers', async () => {
	const {chunks} = await collect(
		Demo.createAsyncGenerator('demo-reasoner', [{role: 'user', content: 'why'}], {stream: true, baseUrl: base}),
	);
	const firstText = chunks.findIndex(item => typeof item === 'string');
	const reasoning = chunks.filter(
		(item): item is {type: 'reasoning'; text: string} => typeof item === 'object' && item.type === 'reasoning',
	);
	expect(reasoning.map(item => item.text).join('')).toContain('The user asked about “why”');
	expect(chunks.findIndex(item => typeof item === 'object' && item.type === 'reasoning')).toBeLessThan(firstText);
});

test('demo-tools calls get_weather with whole JSON arguments, streamed or not', async () => {
	for (const stream of [true, false]) {
		const {chunks} = await collect(
			Demo.createAsyncGenerator('demo-tools', [{role: 'user', content: 'Oslo'}], {stream, baseUrl: base}),
		);
		expect(chunks).toContainEqual({
			type: 'tool_calls',
			calls: [
				{
					id: 'call_demo_1',
					type: 'function',
					function: {name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}'},
				},
			],
		});
		expect(chunks).toContainEqual({type: 'finish', reason: 'tool_calls'});
	}
});

test('demo-tools answers the tool result sent back, naming the call kept in the history', async () => {
	const call = {
		id: 'call_demo_1',
		type: 'function' as const,
		function: {name: 'get_weather', arguments: '{"city":"Oslo"}'},
	};
	for (const stream of [true, false]) {
		const {chunks, error} = await collect(
			Demo.createAsyncGenerator(
				'demo-tools',
				[
					{role: 'user', content: 'Oslo'},
					{role: 'assistant', content: null, tool_calls: [call]},
					{role: 'tool', tool_call_id: 'call_demo_1', content: '{"celsius":21}'},
				],
				{stream, baseUrl: base},
			),
		);
		expect(error).toBeUndefined();
		expect(textOf(chunks)).toBe(
			'Thanks: get_weather({"city":"Oslo"}) returned {"celsius":21}. A real model would now answer with that result.',
		);
		expect(chunks).toContainEqual({type: 'finish', reason: 'stop'});
	}

	// Without the assistant's tool_calls in the history, the call cannot be named.
	const {chunks} = await collect(
		Demo.createAsyncGenerator(
			'demo-tools',
			[
				{role: 'user', content: 'Oslo'},
				{role: 'tool', tool_call_id: 'call_demo_1', content: '21'},
			],
			{baseUrl: base},
		),
	);
	expect(textOf(chunks)).toContain('an unknown call returned 21');
});

test('demo-image answers /images/generations with a picture of the prompt', async () => {
	const {chunks, error} = await collect(
		Demo.createAsyncGenerator('demo-image', [{role: 'user', content: 'a red fox'}], {baseUrl: base}),
	);
	expect(error).toBeUndefined();
	const images = chunks.find(item => typeof item === 'object' && item.type === 'images');
	expect(images).toMatchObject({
		type: 'images',
		prompt: 'a red fox',
		urls: [expect.stringMatching(/^data:image\/svg\+xml;base64,/)],
	});
	const svg = Buffer.from((images as {urls: string[]}).urls[0]!.split(',')[1]!, 'base64').toString();
	expect(svg).toContain('>a red fox</text>');
	const wrongPlace = await fetch(`${base}/chat/completions`, {
		method: 'POST',
		body: JSON.stringify({model: 'demo-image', messages: []}),
	});
	expect(wrongPlace.status).toBe(400);
});

test('demo-rate-limited answers 429 with Retry-After; unknown models 404', async () => {
	const limited = await collect(
		Demo.createAsyncGenerator('demo-rate-limited', [{role: 'user', content: 'x'}], {
			stream: true,
			baseUrl: base,
			retry: 0,
		}),
	);
	expect(limited.error).toBeInstanceOf(RateLimitError);
	expect(limited.error.retryAfter).toBe(20);
	// Sent straight to the endpoint: the library would refuse the model itself once it knows the list.
	const response = await fetch(`${base}/chat/completions`, {
		method: 'POST',
		body: JSON.stringify({model: 'gpt-9', messages: []}),
	});
	expect(response.status).toBe(404);
	expect(await response.json()).toMatchObject({error: {code: 'model_not_found'}});
	const unknown = await collect(
		Demo.createAsyncGenerator('gpt-9', [{role: 'user', content: 'x'}], {stream: true, baseUrl: base}),
	);
	expect(unknown.error).toBeInstanceOf(ModelNotSupportedError);
});

test('other paths are passed on', async () => {
	const response = await fetch(`${base.replace('/v1', '')}/index.html`);
	expect(await response.text()).toBe('next');
});
