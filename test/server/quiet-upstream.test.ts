// An upstream silent for 12 s (a reasoning model thinking) before its first word and after it, behind the handler with
// its defaults in Bun (idle timeout 10 s by default), Deno and workerd: the client gets keep-alive comments, then the
// whole answer. All six requests run at once, so the suite waits the 12 s once.
import {afterAll, beforeAll, expect, test} from 'vitest';
import type {AppConfig} from './apps/app.js';
import {runtimes, type Served} from './serve.js';
import {startFakeOpenai, type FakeOpenai} from '../helpers/fake-openai.js';
import {call, deltas, user} from './wire.js';

const names = ['Bun', 'Deno', 'workerd (miniflare)'];
let upstream: FakeOpenai;
const served: Array<[string, Served]> = [];

beforeAll(async () => {
	upstream = await startFakeOpenai();
	const config: AppConfig = {
		upstream: upstream.url,
		broken: upstream.url,
		key: 'sk-quiet-upstream-41c0',
		brokenKey: 'sk-quiet-broken-9e2d',
		token: 'proxy-token-quiet-77aa',
		urlPassword: 'pw-quiet-3c1f',
	};
	await Promise.all(
		runtimes
			.filter(runtime => names.includes(runtime.name))
			.map(async runtime => {
				served.push([runtime.name, await runtime.start(config)]);
			}),
	);
}, 60_000);
afterAll(async () => {
	await Promise.all(served.map(async ([, server]) => server.close()));
	await upstream?.close();
});

test('12 s of upstream silence, before or after the first word: keep-alive comments, then the answer, in Bun, Deno and workerd', async () => {
	expect(served.map(([name]) => name).sort()).toEqual([...names].sort());
	// Settled, not all: a failure names every runtime that failed, not just the first.
	const results = await Promise.allSettled(
		served.flatMap(([runtime, server]) =>
			['quiet', 'quiet-mid'].map(async prompt => {
				const name = `${runtime} (${prompt})`;
				const answer = await call(`${server.url}/plain/v1/chat/completions`, {
					json: {model: 'test-model', messages: user(prompt), stream: true},
				});
				expect(answer.status, `${name}: ${server.log()}`).toBe(200);
				expect(answer.text, name).toContain(': keep-alive');
				const text = deltas(answer.events())
					.map(item => (typeof item === 'object' ? (item.content ?? '') : ''))
					.join('');
				expect(text, `${name}: ${answer.text}`).toBe('Hello, world!');
				expect(answer.text, name).toMatch(/data: \[DONE]\n\n$/);
			}),
		),
	);
	expect(results.flatMap(result => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
}, 40_000);
