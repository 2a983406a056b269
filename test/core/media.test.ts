import {afterAll, beforeAll, expect, test} from 'vitest';
import {OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, jsonHandler, sse, startServer, streamHandler, type TestServer} from '../helpers/fake-openai.js';

class Vision extends OpenaiTemplate {
	static override defaultModel = 'vision-1';
	static override imageModels = ['painter-1'];
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const seen = streamHandler([sse([chunk({content: 'seen'}, {}, 'stop')])]);
let server: TestServer;
beforeAll(async () => {
	server = await startServer(seen);
});
afterAll(async () => server.close());

test("media become image_url parts of the last user message; the caller's messages stay as they were", async () => {
	const messages = [
		{role: 'user' as const, content: 'first'},
		{role: 'assistant' as const, content: 'ok'},
		{role: 'user' as const, content: 'What is in these?'},
	];
	const snapshot = structuredClone(messages);
	server.setHandler(seen);
	server.requests.length = 0;
	await collect(
		Vision.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: `${server.url}/v1`,
			media: [
				'data:image/gif;base64,R0lGOD',
				'https://example.test/cat.jpg',
				new Blob([png], {type: 'image/png'}),
				png.buffer,
				[png, 'photo.png'],
			],
		}),
	);
	const sent = server.requests[0]!.json.messages;
	expect(sent.slice(0, 2)).toEqual(snapshot.slice(0, 2));
	const dataUrl = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
	expect(sent[2]).toEqual({
		role: 'user',
		content: [
			{type: 'text', text: 'What is in these?'},
			{type: 'image_url', image_url: {url: 'data:image/gif;base64,R0lGOD'}},
			{type: 'image_url', image_url: {url: 'https://example.test/cat.jpg'}},
			{type: 'image_url', image_url: {url: dataUrl}},
			{type: 'image_url', image_url: {url: dataUrl}},
			{type: 'image_url', image_url: {url: dataUrl}},
		],
	});
	expect(messages).toEqual(snapshot);
});

test('an image model posts to /images/generations with the last user text as prompt', async () => {
	server.setHandler(jsonHandler(200, {created: 1, data: [{url: 'https://img.test/1.png'}, {b64_json: 'AAAA'}]}));
	server.requests.length = 0;
	const {chunks, error} = await collect(
		Vision.createAsyncGenerator('painter-1', [{role: 'user', content: 'a red fox'}], {
			baseUrl: `${server.url}/v1`,
			extraBody: {size: '512x512'},
		}),
	);
	expect(error).toBeUndefined();
	expect(server.requests[0]!.url).toBe('/v1/images/generations');
	expect(server.requests[0]!.json).toEqual({model: 'painter-1', prompt: 'a red fox', size: '512x512'});
	expect(chunks).toEqual([
		{type: 'provider', name: 'Vision', model: 'painter-1', url: server.url},
		{type: 'images', urls: ['https://img.test/1.png', 'data:image/png;base64,AAAA'], prompt: 'a red fox'},
	]);
});

test('an explicit prompt wins', async () => {
	server.setHandler(jsonHandler(200, {data: [{url: 'u'}]}));
	server.requests.length = 0;
	await collect(
		Vision.createAsyncGenerator('painter-1', [{role: 'user', content: 'ignored'}], {
			baseUrl: `${server.url}/v1`,
			prompt: 'a blue whale',
		}),
	);
	expect(server.requests[0]!.json.prompt).toBe('a blue whale');
});
