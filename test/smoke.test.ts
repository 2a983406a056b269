import {afterAll, beforeAll, expect, test} from 'vitest';
import {CablyAI, OpenaiTemplate} from '../src/index.js';
import {chunk, collect, sse, startServer, streamHandler, type TestServer} from './helpers/fake-openai.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer(
		streamHandler([
			sse([chunk({role: 'assistant', content: ''}), chunk({content: 'Hel'}), chunk({content: 'lo'}, {}, 'stop')]),
		]),
	);
});
afterAll(async () => server.close());

test('streams from a loopback server', async () => {
	const {chunks, error} = await collect(
		CablyAI.createAsyncGenerator('gpt-4o-mini', [{role: 'user', content: 'hi'}], {
			apiKey: 'sk-test',
			stream: true,
			baseUrl: `${server.url}/v1`,
		}),
	);
	expect(error).toBeUndefined();
	expect(chunks).toEqual([
		// The server asked (`baseUrl`), not the class's `url`.
		{type: 'provider', name: 'CablyAI', model: 'gpt-4o-mini', url: server.url},
		'Hel',
		'lo',
		{type: 'finish', reason: 'stop'},
	]);
	expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test');
	expect(OpenaiTemplate.name).toBe('OpenaiTemplate');
	expect(CablyAI.label).toBe('CablyAI');
	expect(OpenaiTemplate.label).toBeUndefined();
});
