import {afterEach, expect, test} from 'vitest';
import {IterListProvider, OpenaiTemplate, ProviderError} from '../../src/index.js';
import {endOfStream, eventData} from '../../src/core/read/event-stream.js';
import {looksLikeHtml} from '../../src/utils/looks-like-html.js';
import {tryParseJson} from '../../src/utils/safe-json.js';
import {shorten} from '../../src/utils/shorten.js';
import {chunk, collect, sse, startServer, streamHandler, textOf, type TestServer} from '../helpers/fake-openai.js';

const context = {provider: 'P', url: 'https://p.example', secret: ['sk-secret-key'], idleTimeout: false as const};

test('tryParseJson: the value, or undefined for text that is not JSON', () => {
	expect(tryParseJson('{"a":[1]}')).toEqual({a: [1]});
	expect(tryParseJson('null')).toBeNull();
	expect(tryParseJson('0')).toBe(0);
	expect(tryParseJson('{')).toBeUndefined();
	expect(tryParseJson('')).toBeUndefined();
});

test('shorten: at most `max` characters, an ellipsis only when something was cut', () => {
	expect(shorten('abc', 3)).toBe('abc');
	expect(shorten('abcd', 3)).toBe('abc…');
	expect(shorten('x'.repeat(120))).toBe('x'.repeat(120));
	expect(shorten('x'.repeat(121))).toBe(`${'x'.repeat(120)}…`);
});

test('looksLikeHtml: a page, not text that mentions one', () => {
	expect(looksLikeHtml('  <!DOCTYPE html><html>')).toBe(true);
	expect(looksLikeHtml('<html lang="en">')).toBe(true);
	expect(looksLikeHtml('<body>')).toBe(true);
	expect(looksLikeHtml('<htmlx>')).toBe(false);
	expect(looksLikeHtml('error: <html>')).toBe(false);
});

test('eventData: JSON, the end marker, nothing for pings and empty data, and errors raised', () => {
	expect(eventData({data: '{"a":1}'}, context)).toEqual({a: 1});
	expect(eventData({data: '[DONE]'}, context)).toBe(endOfStream);
	expect(eventData({data: ''}, context)).toBeUndefined();
	expect(eventData({event: 'ping', data: 'alive'}, context)).toBeUndefined();
	expect(eventData({event: 'ping', data: '[1]'}, context)).toBeUndefined();
	expect(eventData({event: 'delta', data: '{"b":2}'}, context)).toEqual({b: 2});
	expect(() => eventData({data: 'not json'}, context)).toThrow(/P: unreadable response data \(not JSON\): not json/);
	expect(() => eventData({event: 'error', data: '{"message":"overloaded"}'}, context)).toThrow(/P: overloaded/);
});

const servers: TestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

test('working = false: refused before sending, and a fallback moves on to the next provider', async () => {
	const server = await startServer(streamHandler([sse([chunk({content: 'from B'}, {model: 'm'}, 'stop')])]));
	servers.push(server);
	class Down extends OpenaiTemplate {
		static override label = 'Down';
		static override apiBase = `${server.url}/v1`;
		static override working = false;
	}

	class Up extends OpenaiTemplate {
		static override label = 'Up';
		static override apiBase = `${server.url}/v1`;
	}

	const alone = await collect(Down.createAsyncGenerator('m', [{role: 'user', content: 'hi'}], {stream: true}));
	expect(alone.error).toBeInstanceOf(ProviderError);
	expect(alone.error.message).toBe('Down: the provider is marked as not working (`working = false`)');
	expect(server.requests).toHaveLength(0);
	const {chunks, error} = await collect(
		new IterListProvider([Down, Up]).createAsyncGenerator('m', [{role: 'user', content: 'hi'}], {stream: true}),
	);
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('from B');
	expect(chunks.some(item => typeof item === 'object' && item.type === 'fallback' && item.from === 'Down')).toBe(true);
	expect(server.requests).toHaveLength(1);
});

test('supportsSystemMessage and supportsMessageHistory are informational: the messages go out as given', async () => {
	const server = await startServer(streamHandler([sse([chunk({content: 'ok'}, {model: 'm'}, 'stop')])]));
	servers.push(server);
	class Plain extends OpenaiTemplate {
		static override label = 'Plain';
		static override apiBase = `${server.url}/v1`;
		static override supportsSystemMessage = false;
		static override supportsMessageHistory = false;
	}

	const messages = [
		{role: 'system', content: 's'},
		{role: 'user', content: 'a'},
		{role: 'assistant', content: 'b'},
		{role: 'user', content: 'c'},
	] as const;
	const {error} = await collect(Plain.createAsyncGenerator('m', messages, {stream: true}));
	expect(error).toBeUndefined();
	expect(server.requests[0]!.json.messages).toEqual(messages);
});
