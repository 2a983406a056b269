import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {collect as collectResult, OpenRouter} from '../../src/index.js';
import {collect, streamHandler, useServer} from '../helpers/fake-openai.js';

// Images in chat answers (OpenRouter and Vercel's gateway with `modalities: ['image', 'text']`): `message.images` /
// `delta.images` come as `ImageResponse` chunks, with the prompt the user wrote, and in `ChatResult.images`.

const server = useServer();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const png =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const messages = [{role: 'user', content: 'Draw a red dot'}] as const;
const options = () => ({
	apiKey: 'sk-test',
	baseUrl: server().url,
	checkModel: false,
	extraBody: {modalities: ['image', 'text']},
});

test('JSON answer: message.images after the text, and in the result', async () => {
	server().setHandler(
		streamHandler([fixture('openrouter-image-generation-message-images.json')], {contentType: 'application/json'}),
	);
	const {chunks, error} = await collect(
		OpenRouter.createAsyncGenerator('google/gemini-2.5-flash-image', messages, {...options(), stream: false}),
	);
	expect(error).toBeUndefined();
	expect(chunks.filter(item => typeof item === 'object' && item.type === 'images')).toEqual([
		{type: 'images', urls: [png], prompt: 'Draw a red dot'},
	]);
	expect(chunks.indexOf('Here is a red dot.')).toBeLessThan(
		chunks.findIndex(item => typeof item === 'object' && item.type === 'images'),
	);
	expect(server().requests.at(-1)!.json.modalities).toEqual(['image', 'text']);

	const result = await collectResult(
		OpenRouter.createAsyncGenerator('google/gemini-2.5-flash-image', messages, {...options(), stream: false}),
	);
	expect(result.images).toEqual([png]);
	expect(result.text).toBe('Here is a red dot.');
});

test('stream: each delta.images as it arrives, data URLs and https URLs alike', async () => {
	server().setHandler(streamHandler([fixture('openrouter-image-generation-delta-images.sse')]));
	const {chunks} = await collect(
		OpenRouter.createAsyncGenerator('google/gemini-2.5-flash-image', messages, {...options(), stream: true}),
	);
	expect(chunks.filter(item => typeof item === 'object' && item.type === 'images')).toEqual([
		{type: 'images', urls: [png], prompt: 'Draw a red dot'},
		{type: 'images', urls: ['https://images.example.test/blue-dot.png'], prompt: 'Draw a red dot'},
	]);
	const result = await collectResult(
		OpenRouter.createAsyncGenerator('google/gemini-2.5-flash-image', messages, {...options(), stream: true}),
	);
	expect(result.images).toEqual([png, 'https://images.example.test/blue-dot.png']);
	expect(result.usage?.cost).toBe(0.0774);
});
