import {getEventListeners} from 'node:events';
import {afterEach, expect, test, vi} from 'vitest';
import {BodyReader} from '../../src/core/read/body-reader.js';

// The body reader's own bookkeeping, which the stream tests cannot see: what it leaves behind once closed.

const bytes = (text: string) => new TextEncoder().encode(text);

function bodyOf(pieces: string[]): ReadableStream<Uint8Array> {
	return new ReadableStream({
		start(controller) {
			for (const piece of pieces) controller.enqueue(bytes(piece));
			controller.close();
		},
	});
}

afterEach(() => {
	vi.useRealTimers();
});

test('reads that come back quickly share one idle timer, and close() leaves no timer behind', async () => {
	vi.useFakeTimers();
	const reader = new BodyReader(bodyOf(['a', 'b', 'c']), {provider: 'P', idleTimeout: 30_000, secret: []});
	const texts: string[] = [];
	for (let value = await reader.read(); value !== undefined; value = await reader.read())
		texts.push(new TextDecoder().decode(value));
	expect(texts).toEqual(['a', 'b', 'c']);
	expect(vi.getTimerCount()).toBe(1);
	reader.close();
	// A timer left pending would keep a script alive for up to idleTimeout after its stream ended.
	expect(vi.getTimerCount()).toBe(0);
});

test('close() takes its abort listener off the caller’s signal, so one long-lived signal collects none', async () => {
	const controller = new AbortController();
	for (let round = 0; round < 3; round++) {
		const reader = new BodyReader(bodyOf(['a']), {
			provider: 'P',
			idleTimeout: false,
			signal: controller.signal,
			secret: [],
		});
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		await reader.read();
		reader.close();
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	}
});
