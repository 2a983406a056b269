import {getEventListeners} from 'node:events';
import {afterEach, expect, test, vi} from 'vitest';
import {TimeoutError} from '../../src/index.js';
import {maxDescribedLength} from '../../src/core/context.js';
import {BodyReader, readBodyText} from '../../src/core/read/body-reader.js';
import {within} from '../helpers/within.js';

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

test('close() before the end cancels the body with a reason of its own (fetch need not build an AbortError); after the end, nothing is cancelled', async () => {
	const reasons: unknown[] = [];
	const source = (pieces: string[], end: boolean) =>
		new ReadableStream<Uint8Array>({
			start(controller) {
				for (const piece of pieces) controller.enqueue(bytes(piece));
				if (end) controller.close();
			},
			cancel(reason) {
				reasons.push(reason);
			},
		});
	const unread = new BodyReader(source(['a', 'b'], false), {provider: 'P', idleTimeout: false, secret: []});
	await unread.read();
	unread.close();
	unread.close();
	expect(reasons).toEqual(['cablyai: the rest of the body is not read']);

	const whole = new BodyReader(source(['a'], true), {provider: 'P', idleTimeout: false, secret: []});
	while ((await whole.read()) !== undefined);
	whole.close();
	expect(reasons).toHaveLength(1);
});

test('idleTimeout counts the silence of the read that waits, from when it began: not from when the timer was armed', async () => {
	vi.useFakeTimers();
	let cancelled: unknown;
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(bytes('a'));
		},
		cancel(reason) {
			cancelled = reason;
		},
	});
	const reader = new BodyReader(body, {provider: 'P', idleTimeout: 1000, secret: []});
	expect(await reader.read()).toEqual(bytes('a'));
	// The timer armed by the first read fires at 1000 ms, while the second read has waited only 400 ms.
	await vi.advanceTimersByTimeAsync(600);
	let failure: unknown;
	const pending = reader.read().catch((error: unknown) => {
		failure = error;
	});
	await vi.advanceTimersByTimeAsync(999);
	expect(failure).toBeUndefined();
	expect(cancelled).toBeUndefined();
	await vi.advanceTimersByTimeAsync(1);
	// Back to real time, so that a read that was not timed out fails the test instead of hanging it.
	vi.useRealTimers();
	await within(pending, 2000, 'the read');
	expect(failure).toBeInstanceOf(TimeoutError);
	expect((failure as Error).message).toBe('P: no data for 1000 ms while reading the response (idleTimeout)');
	reader.close();
});

test('a read silent for exactly idleTimeout times out then, once', async () => {
	vi.useFakeTimers();
	const reader = new BodyReader(new ReadableStream<Uint8Array>(), {provider: 'P', idleTimeout: 500, secret: []});
	let failure: unknown;
	const pending = reader.read().catch((error: unknown) => {
		failure = error;
	});
	await vi.advanceTimersByTimeAsync(500);
	expect(vi.getTimerCount()).toBe(0);
	vi.useRealTimers();
	await within(pending, 2000, 'the read');
	expect(failure).toBeInstanceOf(TimeoutError);
});

test('readBodyText: characters split between reads are decoded whole', async () => {
	const encoded = bytes('née 🙂 ok');
	// Cut inside the two bytes of "é" and inside the four of the emoji.
	const pieces = [encoded.subarray(0, 2), encoded.subarray(2, 7), encoded.subarray(7)];
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const piece of pieces) controller.enqueue(piece);
			controller.close();
		},
	});
	const reader = new BodyReader(body, {provider: 'P', idleTimeout: false, secret: []});
	expect(await readBodyText(reader, 'P', 'the JSON answer')).toBe('née 🙂 ok');
	expect(await readBodyText(new BodyReader(bodyOf(['x']), {provider: 'P', idleTimeout: false, secret: []}), 'P')).toBe(
		'x',
	);
});

test('readBodyText without `what` reads only the start of a body, to describe it: exactly maxDescribedLength bytes', async () => {
	const piece = 'x'.repeat(40 * 1024);
	let cancelled = false;
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (let count = 0; count < 3; count++) controller.enqueue(bytes(piece));
		},
		cancel() {
			cancelled = true;
		},
	});
	const text = await readBodyText(new BodyReader(body, {provider: 'P', idleTimeout: false, secret: []}), 'P');
	expect(text).toBe('x'.repeat(maxDescribedLength));
	// The rest is not read: the body is released.
	expect(cancelled).toBe(true);
});
