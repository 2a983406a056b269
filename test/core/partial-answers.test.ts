import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {type Chunk, collect, OpenaiTemplate, ResponseError} from '../../src/index.js';
import {chunk, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// `collect(generator, {partial: true})` keeps a stopped answer: it never rejects, and resolves to the `ChatResult`
// of what arrived, with `error` and a finish reason that says why it ended early. Without the option, as before.

const server = useServer();
const messages = [{role: 'user', content: 'x'}] as const;

/** Passes chunks on and aborts `controller` with `reason` right after the `count`-th piece of text. */
async function* abortAfterText(
	source: AsyncIterable<Chunk>,
	count: number,
	controller: AbortController,
	reason: unknown,
): AsyncGenerator<Chunk> {
	let seen = 0;
	for await (const item of source) {
		yield item;
		if (typeof item === 'string' && ++seen === count) controller.abort(reason);
	}
}

/** Two pieces of text, then silence until the client goes away. */
const twoPiecesThenSilence = streamHandler(
	[sse([chunk({content: 'Hello, '}, {model: 'm-1'}), chunk({content: 'wor'})], {done: false})],
	{end: false},
);

test('an abort mid-stream: the text that arrived, error = the abort reason, finishReason "abort"', async () => {
	server().setHandler(twoPiecesThenSilence);
	const controller = new AbortController();
	const reason = new DOMException('The user pressed stop', 'AbortError');
	const generator = OpenaiTemplate.createAsyncGenerator('m', messages, {
		stream: true,
		baseUrl: server().url,
		signal: controller.signal,
	});
	const result = await collect(abortAfterText(generator, 2, controller, reason), {partial: true});
	expect(result.text).toBe('Hello, wor');
	expect(result.error).toBe(reason);
	expect(result.finishReason).toBe('abort');
	expect(result.provider?.model).toBe('m-1');
	expect(result.message).toEqual({role: 'assistant', content: 'Hello, wor'});
});

test('a custom abort reason (not an Error) is an abort too', async () => {
	server().setHandler(twoPiecesThenSilence);
	const controller = new AbortController();
	const generator = OpenaiTemplate.createAsyncGenerator('m', messages, {
		stream: true,
		baseUrl: server().url,
		signal: controller.signal,
	});
	const result = await collect(abortAfterText(generator, 1, controller, 'stopped'), {partial: true});
	expect(result).toMatchObject({text: 'Hello, ', error: 'stopped', finishReason: 'abort'});
});

test('a stream that fails mid-way: the text so far, the ProviderError, finishReason "error"; without the option it rejects', async () => {
	const failing = readFileSync(new URL('../fixtures/openai-stream-error.sse', import.meta.url));
	server().setHandler(streamHandler([failing]));
	const options = {stream: true, baseUrl: server().url, retry: 0};
	const result = await collect(OpenaiTemplate.createAsyncGenerator('m', messages, options), {partial: true});
	expect(result.text).toBe('The question "');
	expect(result.error).toBeInstanceOf(ResponseError);
	expect((result.error as Error).message).toContain('The server had an error while processing your request');
	expect(result.finishReason).toBe('error');

	await expect(collect(OpenaiTemplate.createAsyncGenerator('m', messages, options))).rejects.toBeInstanceOf(
		ResponseError,
	);
	await expect(
		collect(OpenaiTemplate.createAsyncGenerator('m', messages, options), {partial: false}),
	).rejects.toBeInstanceOf(ResponseError);
});

test('a finish reason that arrived before the failure is kept', async () => {
	server().setHandler(
		streamHandler([
			sse(
				[chunk({content: 'Done.'}, {}, 'stop'), {error: {message: 'usage accounting failed', type: 'server_error'}}],
				{
					done: false,
				},
			),
		]),
	);
	const result = await collect(
		OpenaiTemplate.createAsyncGenerator('m', messages, {stream: true, baseUrl: server().url, retry: 0}),
		{partial: true},
	);
	expect(result).toMatchObject({text: 'Done.', finishReason: 'stop'});
	expect(result.error).toBeInstanceOf(ResponseError);
});

test('a mistake found before sending resolves too: no text, the TypeError, finishReason "error"', async () => {
	const result = await collect(OpenaiTemplate.createAsyncGenerator('m', [], {baseUrl: server().url}), {partial: true});
	expect(result.text).toBe('');
	expect(result.error).toBeInstanceOf(TypeError);
	expect(result.finishReason).toBe('error');
});

test('a complete answer has no error, with or without the option', async () => {
	server().setHandler(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
	const options = {stream: true, baseUrl: server().url};
	const result = await collect(OpenaiTemplate.createAsyncGenerator('m', messages, options), {partial: true});
	expect(result).toMatchObject({text: 'ok', finishReason: 'stop'});
	expect(result.error).toBeUndefined();
	expect(result).not.toHaveProperty('error');
});

test('an error whose name only contains AbortError or TimeoutError is a failure, not an abort', async () => {
	for (const name of ['UpstreamTimeoutError', 'RequestAbortError', 'TimeoutErrorDetails', 'AbortErrorLike']) {
		async function* failing(): AsyncGenerator<Chunk> {
			yield 'so far';
			const error = new Error('failed');
			error.name = name;
			throw error;
		}

		const result = await collect(failing(), {partial: true});
		expect(result.finishReason, name).toBe('error');
		expect(result.text).toBe('so far');
	}

	for (const name of ['AbortError', 'TimeoutError']) {
		async function* stopped(): AsyncGenerator<Chunk> {
			yield 'so far';
			throw new DOMException('stopped', name);
		}

		expect((await collect(stopped(), {partial: true})).finishReason, name).toBe('abort');
	}
});
