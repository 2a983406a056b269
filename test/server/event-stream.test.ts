// toServerSentEvents and the handler's stream, in process: one write per upstream read, pull-based pacing,
// chunk kinds that never reach the wire, errors on the way, cancellation.
import {describe, expect, test} from 'vitest';
import {type Chunk, ProviderError} from '../../src/index.js';
import {toServerSentEvents} from '../../src/server/index.js';
import {sleep} from '../helpers/fake-openai.js';
import {deltas, events} from './wire.js';

/** A generator that yields `batches`, each batch's chunks back to back and a timer (like a network read) between batches. */
async function* batches(
	list: Chunk[][],
	{gap = 5, end}: {gap?: number; end?: () => void} = {},
): AsyncGenerator<Chunk, void, undefined> {
	try {
		for (const [index, batch] of list.entries()) {
			if (index > 0) await sleep(gap);
			for (const chunk of batch) yield chunk;
		}
	} finally {
		end?.();
	}
}

/** Every piece the response body hands out, as text. */
async function pieces(response: Response): Promise<string[]> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	const result: string[] = [];
	for (let read = await reader.read(); !read.done; read = await reader.read()) result.push(decoder.decode(read.value));
	return result;
}

const words = (prefix: string, count: number) => Array.from({length: count}, (_, index) => `${prefix}${index} `);

describe('toServerSentEvents', () => {
	test('the chunks of one read are written as one piece; each read is written as soon as it comes', async () => {
		const response = toServerSentEvents(
			batches([words('a', 10), words('b', 10), [...words('c', 10), {type: 'finish', reason: 'stop'}]]),
		);
		const written = await pieces(response);
		expect(written.map(piece => events(piece).length)).toEqual([11, 10, 12]);
		expect(written[0]).toContain('"role":"assistant"');
		expect(written[2]).toMatch(/"finish_reason":"stop"}]}\n\ndata: \[DONE]\n\n$/);
		expect(
			deltas(events(written.join('')))
				.filter(item => item.content)
				.map(item => item.content)
				.join(''),
		).toBe([...words('a', 10), ...words('b', 10), ...words('c', 10)].join(''));
	});

	test('one write stays near 16 KB even when everything is ready at once', async () => {
		const written = await pieces(
			toServerSentEvents(batches([Array.from({length: 3000}, (_, index) => `token ${index} `)])),
		);
		expect(written.length).toBeGreaterThan(20);
		for (const piece of written) expect(piece.length).toBeLessThan(16 * 1024 + 500);
		expect(events(written.join('')).length).toBe(3002);
	});

	test('pull-based: nothing is read from the generator ahead of the client', async () => {
		let taken = 0;
		async function* endless(): AsyncGenerator<Chunk> {
			for (;;) {
				await sleep(1);
				taken++;
				yield `t${taken} `;
			}
		}

		const response = toServerSentEvents(endless());
		await sleep(50);
		expect(taken).toBe(0);
		const reader = response.body!.getReader();
		await reader.read();
		await sleep(50);
		// One read wanted one piece: the generator ran for it (a chunk, and the next one it had started), no further.
		expect(taken).toBeLessThanOrEqual(2);
		await reader.read();
		await sleep(50);
		expect(taken).toBeLessThanOrEqual(3);
		await reader.cancel();
	});

	test('chunk kinds without a place on the wire (provider, retry, fallback, anything new) are never sent; images become markdown', async () => {
		const error = new ProviderError('Upstream: HTTP 500 sk-secret');
		const response = toServerSentEvents(
			batches([
				[
					{type: 'provider', name: 'A', model: 'model-a', url: 'https://a.example'},
					{type: 'retry', attempt: 1, delay: 10, error} as unknown as Chunk,
					{type: 'fallback', from: 'A', error} as unknown as Chunk,
					{type: 'something-new', secret: 'sk-secret'} as unknown as Chunk,
					'Hi',
					{type: 'images', urls: ['https://img.example/1.png'], prompt: 'a cat'},
					{type: 'usage', promptTokens: 1, completionTokens: 2, totalTokens: 3},
				],
			]),
			{includeUsage: true},
		);
		const text = (await pieces(response)).join('');
		expect(text).not.toContain('sk-secret');
		expect(text).not.toMatch(/retry|fallback|something-new/);
		expect(deltas(events(text))).toEqual([
			{role: 'assistant', content: ''},
			{content: 'Hi'},
			{content: '![a cat](https://img.example/1.png)'},
			{usage: {prompt_tokens: 1, completion_tokens: 2, total_tokens: 3}},
			'[DONE]',
		]);
		expect(events(text)[1].model).toBe('model-a');
	});

	test('an error on the way is the last event, scrubbed, without [DONE]; an unknown error says nothing of itself', async () => {
		async function* failing(error: unknown): AsyncGenerator<Chunk> {
			yield 'Part';
			await sleep(1);
			throw error;
		}

		const told: unknown[] = [];
		const upstreamError = new ProviderError('Upstream: connection lost to sk-secret');
		const provider = (
			await pieces(
				toServerSentEvents(failing(upstreamError), {
					scrub: text => text.replaceAll('sk-secret', '[redacted]'),
					onError: error => told.push(error),
				}),
			)
		).join('');
		// The client gets the handler's own words; the upstream's text goes to onError.
		expect(events(provider).at(-1)).toEqual({
			error: {
				message: 'The upstream provider failed to answer',
				type: 'server_error',
				code: 'upstream_error',
				param: null,
			},
		});
		expect(provider).not.toContain('connection lost');
		expect(told).toEqual([upstreamError]);
		expect(provider).not.toContain('[DONE]');
		const other = (await pieces(toServerSentEvents(failing(new Error('database password hunter2'))))).join('');
		expect(events(other).at(-1).error).toMatchObject({code: 'internal_error'});
		expect(other).not.toContain('hunter2');
	});

	test('cancelling the body ends the generator', async () => {
		let ended = false;
		const response = toServerSentEvents(
			batches([['a'], ['b'], ['c']], {
				gap: 20,
				end: () => {
					ended = true;
				},
			}),
		);
		const reader = response.body!.getReader();
		await reader.read();
		await reader.cancel();
		await sleep(60);
		expect(ended).toBe(true);
	});

	test('a silence longer than keepAlive gets a comment line; events reset the timer', async () => {
		const text = (await pieces(toServerSentEvents(batches([['a'], ['b'], ['c']], {gap: 150}), {keepAlive: 40}))).join(
			'',
		);
		expect(text.match(/^: keep-alive$/gm)?.length).toBeGreaterThanOrEqual(2);
		expect(deltas(events(text.replaceAll(': keep-alive\n\n', ''))).map(item => item.content)).toEqual([
			'',
			'a',
			'b',
			'c',
			undefined,
		]);
		const quiet = (await pieces(toServerSentEvents(batches([['a'], ['b']], {gap: 60}), {keepAlive: false}))).join('');
		expect(quiet).not.toContain('keep-alive');
	});

	test('an empty answer still has the role event and [DONE]', async () => {
		const text = (await pieces(toServerSentEvents(batches([[]])))).join('');
		expect(deltas(events(text))).toEqual([{role: 'assistant', content: ''}, '[DONE]']);
	});
});
