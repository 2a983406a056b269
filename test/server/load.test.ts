// 500 concurrent streams through the handler (Node through srvx), each with its exact output.
import {afterAll, beforeAll, expect, test} from 'vitest';
import {runtimes, type Served} from './serve.js';
import {startFakeOpenai, type FakeOpenai} from '../helpers/fake-openai.js';
import {deltas, events} from './wire.js';

let upstream: FakeOpenai;
let served: Served;
beforeAll(async () => {
	upstream = await startFakeOpenai();
	served = await runtimes
		.find(runtime => runtime.name.startsWith('Node'))!
		.start({
			upstream: upstream.url,
			broken: upstream.url,
			key: 'sk-load',
			brokenKey: 'sk-load-b',
			token: 'token-load',
			urlPassword: 'pw-load',
		});
}, 30_000);
afterAll(async () => {
	await served?.close();
	await upstream?.close();
});

test('500 concurrent streams of 200 events: every one complete and exact', async () => {
	const count = 200;
	const expected = Array.from({length: count}, (_, index) => `t${index} `).join('');
	const results = await Promise.all(
		Array.from({length: 500}, async () => {
			const response = await fetch(`${served.url}/v1/chat/completions`, {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({
					model: 'test-model',
					messages: [{role: 'user', content: `count-${count}`}],
					stream: true,
					stream_options: {include_usage: true},
				}),
			});
			return {status: response.status, text: await response.text()};
		}),
	);
	for (const {status, text} of results) {
		expect(status).toBe(200);
		const list = deltas(events(text));
		expect(
			list
				.filter(item => item.content)
				.map(item => item.content)
				.join(''),
		).toBe(expected);
		expect(list.slice(-3)).toEqual([
			{finish_reason: 'stop'},
			{usage: {prompt_tokens: 1, completion_tokens: count, total_tokens: count + 1}},
			'[DONE]',
		]);
		expect(list.filter(item => item.role)).toEqual([{role: 'assistant', content: ''}]);
	}

	expect(upstream.posts().length).toBe(500);
}, 60_000);
