import {afterEach, expect, test} from 'vitest';
import {OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// What each kind of `media` item becomes in the request (src/utils/media.ts): the image type read from the bytes
// when nothing else says it, a Blob's own type, URLs as given, and a TypeError before sending for anything else.
// (How the parts join the messages is in media.test.ts.)

class Vision extends OpenaiTemplate {
	static override defaultModel = 'vision-1';
}

const server = useServer(streamHandler([sse([chunk({content: 'seen'}, {}, 'stop')])]));

afterEach(() => {
	server().requests.length = 0;
});

/** The image URLs the server received for `media`, or the error raised instead. */
async function send(media: unknown[]): Promise<{urls: string[]; error?: any}> {
	const {error} = await collect(
		Vision.createAsyncGenerator('', [{role: 'user', content: 'What is this?'}], {
			stream: true,
			baseUrl: `${server().url}/v1`,
			media: media as never,
		}),
	);
	const parts: Array<{type: string; image_url?: {url: string}}> = server().requests[0]?.json.messages[0].content ?? [];
	return {urls: parts.flatMap(part => (part.image_url ? [part.image_url.url] : [])), error};
}

const bytes = (...values: number[]) => new Uint8Array([...values, 1, 2, 3]);
const dataUrl = (type: string, data: Uint8Array) => `data:${type};base64,${Buffer.from(data).toString('base64')}`;

test('bytes without a type are sent with the image type their first bytes show, else as octet-stream', async () => {
	const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a);
	const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10);
	const gif = bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61);
	const webp = bytes(0x52, 0x49, 0x46, 0x46, 0x24, 0x00);
	const other = bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31);
	const {urls, error} = await send([png, jpeg.buffer, gif, new Blob([webp]), other]);
	expect(error).toBeUndefined();
	expect(urls).toEqual([
		dataUrl('image/png', png),
		dataUrl('image/jpeg', jpeg),
		dataUrl('image/gif', gif),
		dataUrl('image/webp', webp),
		dataUrl('application/octet-stream', other),
	]);
});

test("a Blob's own type is kept, even when its bytes look like another format", async () => {
	const png = bytes(0x89, 0x50, 0x4e, 0x47);
	const {urls} = await send([new Blob([png], {type: 'image/avif'})]);
	expect(urls).toEqual([dataUrl('image/avif', png)]);
});

test("the runtime's own Uint8Array base64 encoder is used where there is one", async () => {
	const png = bytes(0x89, 0x50, 0x4e, 0x47);
	Object.defineProperty(png, 'toBase64', {value: () => 'BY-THE-RUNTIME'});
	const {urls} = await send([png]);
	expect(urls).toEqual(['data:image/png;base64,BY-THE-RUNTIME']);
});

test('data: and http(s) URLs go as given, in any letter case', async () => {
	const given = ['data:image/gif;base64,R0lGOD', 'http://example.test/a.png', 'HTTPS://example.test/b.png'];
	const {urls, error} = await send(given);
	expect(error).toBeUndefined();
	expect(urls).toEqual(given);
});

test.each([
	'cat.jpg',
	'ftp://example.test/cat.jpg',
	'file:///tmp/cat.png',
	'see https://example.test/cat.jpg',
	' https://example.test/cat.jpg',
])('a string that is no data: or http(s) URL (%j): TypeError, nothing sent', async item => {
	const {error} = await send([item]);
	expect(error).toBeInstanceOf(TypeError);
	expect(error.message).toBe('cablyai: a `media` string must be a data: or http(s):// URL');
	expect(server().requests).toHaveLength(0);
});

test.each([
	['a number', 42],
	['a plain object', {}],
	['an array-like object', {length: 2, 0: 1, 1: 2}],
	['null', null],
])('an item that is %s: TypeError naming what is accepted, nothing sent', async (_what, item) => {
	const {error} = await send([item]);
	expect(error).toBeInstanceOf(TypeError);
	expect(error.message).toBe('cablyai: each `media` item must be a URL string, Blob, ArrayBuffer or Uint8Array');
	expect(server().requests).toHaveLength(0);
});
