import {getEventListeners} from 'node:events';
import {expect, test, vi} from 'vitest';
import {TimeoutError} from '../../src/index.js';
import {chunk, collect, type Handler, sleep, sse} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {linkedController, withDeadline} from '../../src/core/send/send-with-retry-chunks.js';
import {answer, messages, openStream, useFaultServer} from '../reliability/fault-server.js';

// A limit on the whole operation (`deadline` on a chat, `timeout` on a model list's body) still carries the caller's
// abort: whenever the caller aborts, the operation rejects with the caller's reason, not with the limit's error.

const server = useFaultServer();

test("a chat with a deadline, aborted mid-stream: the caller's reason, and the stream stops", async () => {
	server().use(async (_request, response) => {
		openStream(response);
		for (let index = 0; index < 100 && !response.destroyed; index++) {
			response.write(sse([chunk({content: `w${index} `})], {done: false}));
			await sleep(20);
		}

		response.end(sse([chunk({}, {}, 'stop')]));
	});
	const controller = new AbortController();
	const reason = new Error('user left');
	const seen: unknown[] = [];
	let caught: unknown;
	try {
		for await (const item of Local.createAsyncGenerator('', messages, {
			stream: true,
			baseUrl: server().base,
			deadline: 60_000,
			signal: controller.signal,
		})) {
			seen.push(item);
			if (item === 'w1 ') controller.abort(reason);
		}
	} catch (error) {
		caught = error;
	}

	expect(caught).toBe(reason);
	expect(seen).not.toContain('w5 ');
});

test("a model list aborted just as its headers arrive: the caller's reason, not a network error", async () => {
	server().use((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('{"data":[');
		setTimeout(() => {
			if (!response.destroyed) response.end('"a"]}');
		}, 200);
	});
	const controller = new AbortController();
	const abortOnHeaders: typeof fetch = async (input, init) => {
		const response = await fetch(input, init);
		controller.abort('late');
		return response;
	};
	const error = await Local.getModels({baseUrl: server().base, signal: controller.signal, fetch: abortOnHeaders}).catch(
		(error: unknown) => error,
	);
	expect(error).toBe('late');
});

test('a model list aborted while its body trickles: the reason, before the timeout', async () => {
	server().use(async (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		while (!response.destroyed) {
			response.write(' ');
			await sleep(20);
		}
	});
	const controller = new AbortController();
	const pending = Local.getModels({baseUrl: server().base, signal: controller.signal, timeout: 60_000}).catch(
		(error: unknown) => error,
	);
	while (server().requests.length === 0) await sleep(5);
	await sleep(50);
	controller.abort('enough');
	expect(await pending).toBe('enough');
});

test('deadline: false and null set no limit; a deadline reached is a TimeoutError naming it', async () => {
	const slow = async (_request: unknown, response: import('node:http').ServerResponse) => {
		openStream(response);
		response.write(sse([chunk({content: 'a'})], {done: false}));
		await sleep(300);
		response.end(sse([chunk({content: 'b'}, {}, 'stop')]));
	};

	for (const deadline of [false, null] as const) {
		server().use(slow);
		const {error} = await collect(
			Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base, deadline}),
		);
		expect(error, String(deadline)).toBeUndefined();
	}

	server().use(slow);
	const {error} = await collect(
		Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base, deadline: 100}),
	);
	expect(error).toBeInstanceOf(TimeoutError);
	expect(error.provider).toBe('Local');
	expect(error.message).toMatch(/\b100\b/);
	expect(error.message).toMatch(/deadline/);
});

/** A model list at /models, else a short finished stream. */
const modelsOrAnswer: Handler = async (request, response) => {
	if (request.url?.endsWith('/models')) {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"data":["m"]}');
		return;
	}

	openStream(response);
	response.end(sse([chunk({content: 'done'}, {}, 'stop')]));
};

test('a finished chat, model list or failed chat leaves no timer behind (a script can exit at once)', async () => {
	vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval']});
	try {
		server().use(modelsOrAnswer);
		const {error} = await collect(
			Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base, deadline: 600_000}),
		);
		expect(error).toBeUndefined();
		expect(vi.getTimerCount()).toBe(0);
		expect(await Local.getModels({baseUrl: server().base})).toEqual(['m']);
		expect(vi.getTimerCount()).toBe(0);
		server().use(answer(400, '{"error":{"message":"no"}}', {'content-type': 'application/json'}));
		const failed = await collect(
			Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base, deadline: 600_000}),
		);
		expect(failed.error).toBeDefined();
		expect(vi.getTimerCount()).toBe(0);
	} finally {
		vi.useRealTimers();
	}
});

test('a signal reused across many calls keeps no listener of finished ones (no MaxListeners warning)', async () => {
	const controller = new AbortController();
	server().use(modelsOrAnswer);
	for (const deadline of [undefined, 60_000]) {
		const {error} = await collect(
			Local.createAsyncGenerator('', messages, {
				stream: true,
				baseUrl: server().base,
				signal: controller.signal,
				deadline,
			}),
		);
		expect(error).toBeUndefined();
		expect(getEventListeners(controller.signal, 'abort'), String(deadline)).toHaveLength(0);
	}

	await Local.getModels({baseUrl: server().base, signal: controller.signal});
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test("a linked signal follows the caller's abort with its reason, and the caller's signal keeps no listener once it fired", () => {
	const caller = new AbortController();
	const [linked, unlink] = linkedController(caller.signal);
	expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
	const reason = new Error('stop');
	caller.abort(reason);
	expect(linked.signal.reason).toBe(reason);
	// Fired once and gone, before anyone lets go of it.
	expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
	unlink();

	const deadline = withDeadline(caller.signal, 1000, () => new Error('late'));
	// Already aborted: aborted at once, with the same reason.
	expect(deadline.signal?.reason).toBe(reason);
	deadline.dispose();
});
