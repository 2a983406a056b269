import {readFile} from 'node:fs/promises';
import {expect, test} from 'vitest';
import {z} from 'zod';
import {IterListProvider, runTools, type RunToolsChunk, type RunToolsResult, type Tools} from '../../src/index.js';
import {Local} from '../helpers/local-provider.js';
import {chunk, sse, streamHandler, useServer, type Handler} from '../helpers/fake-openai.js';

// runTools against a loopback server that answers turn by turn with recorded tool-call streams, written in small
// pieces that split events, JSON and arguments at awkward places.

const server = useServer();
const messages = [{role: 'user' as const, content: 'hi'}];

/** Answers request n with turns[n] (the last one again after that), as an event stream in 7-byte writes. */
function script(turns: string[]): Handler {
	let served = 0;
	return async (request, response, raw) => {
		const body = turns[Math.min(served++, turns.length - 1)]!;
		await streamHandler(body.match(/[\s\S]{1,7}/g)!)(request, response, raw);
	};
}

/** A turn that calls tools: [id, name, arguments] each, arguments split in two deltas. */
function callTurn(...calls: Array<[string, string, string]>): string {
	return sse([
		chunk({role: 'assistant', content: null}),
		...calls.flatMap(([id, name, args], index) => [
			chunk({tool_calls: [{index, id, type: 'function', function: {name, arguments: args.slice(0, 3)}}]}),
			chunk({tool_calls: [{index, function: {arguments: args.slice(3)}}]}),
		]),
		chunk({}, {}, 'tool_calls'),
	]);
}

function textTurn(text: string): string {
	return sse([chunk({role: 'assistant', content: text}), chunk({}, {}, 'stop')]);
}

/** Everything yielded, and the returned result or the error. */
async function run(
	generator: AsyncGenerator<RunToolsChunk, RunToolsResult>,
): Promise<{chunks: RunToolsChunk[]; result?: RunToolsResult; error?: any}> {
	const chunks: RunToolsChunk[] = [];
	try {
		for (let step = await generator.next(); ; step = await generator.next()) {
			if (step.done) return {chunks, result: step.value};
			chunks.push(step.value);
		}
	} catch (error) {
		return {chunks, error};
	}
}

function start(turns: string[]) {
	server().setHandler(script(turns));
	server().requests.length = 0;
	return {baseUrl: server().url, stream: true};
}

/** The messages the model was sent in request n. */
const sent = (n: number) => server().requests[n]!.json.messages as Array<Record<string, any>>;
const objects = (chunks: RunToolsChunk[]) => chunks.filter(item => typeof item === 'object');
const toolResults = (chunks: RunToolsChunk[]) => objects(chunks).filter(item => item.type === 'tool_result');

const weather = {
	description: 'The weather in a city',
	parameters: z.object({city: z.string(), country: z.string().optional(), units: z.enum(['c', 'f']).optional()}),
	execute: async ({city}: {city: string}) => ({city, tempC: 9}),
};

test('parallel calls (a recorded OpenAI stream): both run, go back in order, and the model answers from them', async () => {
	const recorded = await readFile(new URL('../fixtures/openai-tool-calls-parallel.sse', import.meta.url), 'utf8');
	const options = start([recorded, textTurn('9 °C, and AAPL is at 230.')]);
	const seen: unknown[] = [];
	const {chunks, result, error} = await run(
		runTools(Local, '', messages, {
			...options,
			tools: {
				GetWeatherArgs: {
					...weather,
					execute: async (args, {toolCallId, messages: history}) => {
						seen.push(args, toolCallId, history.length);
						return {city: args.city, tempC: 9};
					},
				},
				get_stock_price: {
					parameters: {type: 'object', properties: {ticker: {type: 'string'}}, required: ['ticker']},
					execute: () => '230 USD',
				},
			},
		}),
	);
	expect(error).toBeUndefined();
	expect(seen).toEqual([{city: 'Edinburgh', country: 'GB', units: 'c'}, 'call_JMW1whyEaYG438VE1OIflxA2', 2]);

	// The tools went as JSON Schema, the zod one converted by zod itself.
	const tools = server().requests[0]!.json.tools;
	expect(tools.map((tool: any) => tool.function.name)).toEqual(['GetWeatherArgs', 'get_stock_price']);
	expect(tools[0]).toMatchObject({
		type: 'function',
		function: {description: 'The weather in a city', parameters: {type: 'object', required: ['city']}},
	});
	expect(tools[1].function.parameters).toEqual({
		type: 'object',
		properties: {ticker: {type: 'string'}},
		required: ['ticker'],
	});

	// Turn 2 carries the assistant's calls, then one tool message per call in call order: JSON, or a string as is.
	const second = sent(1);
	expect(second).toHaveLength(4);
	expect(second[1]!.tool_calls.map((call: any) => call.id)).toEqual([
		'call_JMW1whyEaYG438VE1OIflxA2',
		'call_DNYTawLBoN8fj3KN6qU9N1Ou',
	]);
	expect(second.slice(2)).toEqual([
		{role: 'tool', tool_call_id: 'call_JMW1whyEaYG438VE1OIflxA2', content: '{"city":"Edinburgh","tempC":9}'},
		{role: 'tool', tool_call_id: 'call_DNYTawLBoN8fj3KN6qU9N1Ou', content: '230 USD'},
	]);

	// A step chunk opens each turn, the turn's chunks follow, then the results.
	const kinds = chunks.map(item => (typeof item === 'string' ? 'text' : item.type));
	expect(kinds).toEqual([
		'step',
		'provider',
		'tool_calls',
		'finish',
		'usage',
		'tool_result',
		'tool_result',
		'step',
		'provider',
		'text',
		'finish',
	]);
	expect(objects(chunks).filter(item => item.type === 'step')).toEqual([
		{type: 'step', step: 1},
		{type: 'step', step: 2},
	]);
	// As each call finishes: in either order here.
	const results = toolResults(chunks).sort((a, b) => a.toolCallId.localeCompare(b.toolCallId));
	expect(results).toEqual([
		{type: 'tool_result', toolCallId: 'call_DNYTawLBoN8fj3KN6qU9N1Ou', name: 'get_stock_price', result: '230 USD'},
		{
			type: 'tool_result',
			toolCallId: 'call_JMW1whyEaYG438VE1OIflxA2',
			name: 'GetWeatherArgs',
			result: {city: 'Edinburgh', tempC: 9},
		},
	]);

	// The result is the last turn's, with the history the loop added, ready to append.
	expect(result).toMatchObject({
		text: '9 °C, and AAPL is at 230.',
		finishReason: 'stop',
		steps: 2,
		stepLimitReached: false,
		pendingToolCalls: [],
	});
	expect(result!.messages).toEqual([...second.slice(1), {role: 'assistant', content: '9 °C, and AAPL is at 230.'}]);
});

test('arguments that are not JSON, fail validation, or name no tool go back to the model, which corrects itself', async () => {
	const options = start([
		callTurn(['c1', 'weather', '{"city": "Par'], ['c2', 'weather', '{"city": 5}'], ['c3', 'forecast', '{}']),
		callTurn(['c4', 'weather', '{"city": "Paris"}']),
		textTurn('9 °C in Paris.'),
	]);
	const calls: unknown[] = [];
	const {chunks, result, error} = await run(
		runTools(Local, '', messages, {
			...options,
			tools: {
				weather: {
					...weather,
					execute: async args => {
						calls.push(args);
						return {tempC: 9};
					},
				},
			},
		}),
	);
	expect(error).toBeUndefined();
	expect(calls).toEqual([{city: 'Paris'}]);
	const answers = sent(1).slice(2);
	expect(answers.map(message => message.tool_call_id)).toEqual(['c1', 'c2', 'c3']);
	expect(answers[0]!.content).toMatch(/^Arguments are not JSON: .+$/);
	expect(answers[1]!.content).toMatch(/^Invalid arguments: city: .*expected string/i);
	expect(answers[2]!.content).toBe('Unknown tool forecast; the tools are: weather');
	// The chunks carry the same text as their result, and the error (they come as each call finishes).
	const failed = toolResults(chunks)
		.slice(0, 3)
		.sort((a, b) => a.toolCallId.localeCompare(b.toolCallId));
	expect(failed.map(item => item.result)).toEqual(answers.map(message => message.content));
	for (const item of failed) expect(item.error).toBeInstanceOf(TypeError);
	expect(result).toMatchObject({text: '9 °C in Paris.', steps: 3});
	expect(sent(2).at(-1)).toEqual({role: 'tool', tool_call_id: 'c4', content: '{"tempC":9}'});
});

test('an execute that throws: its message goes back to the model by default, and is thrown with toolErrors: "throw"', async () => {
	const failure = new Error('the weather service is down');
	const tools: Tools<{weather: typeof weather.parameters}> = {
		weather: {
			parameters: weather.parameters,
			execute: () => {
				throw failure;
			},
		},
	};
	let options = start([callTurn(['c1', 'weather', '{"city": "Paris"}']), textTurn('Sorry, no weather.')]);
	const told = await run(runTools(Local, '', messages, {...options, tools}));
	expect(told.error).toBeUndefined();
	expect(sent(1).at(-1)).toEqual({role: 'tool', tool_call_id: 'c1', content: 'Error: the weather service is down'});
	expect(toolResults(told.chunks)).toEqual([
		{
			type: 'tool_result',
			toolCallId: 'c1',
			name: 'weather',
			result: 'Error: the weather service is down',
			error: failure,
		},
	]);
	expect(told.result!.text).toBe('Sorry, no weather.');

	options = start([callTurn(['c1', 'weather', '{"city": "Paris"}']), textTurn('never asked')]);
	const thrown = await run(runTools(Local, '', messages, {...options, tools, toolErrors: 'throw'}));
	expect(thrown.error).toBe(failure);
	expect(server().requests).toHaveLength(1);
	expect(toolResults(thrown.chunks)).toEqual([]);
});

test('an abort during execute stops it and the loop, rejecting with the reason as is', async () => {
	const options = start([callTurn(['c1', 'weather', '{"city": "Paris"}']), textTurn('never asked')]);
	const controller = new AbortController();
	const reason = {why: 'the user left'};
	let toolSignal: AbortSignal | undefined;
	const {error} = await run(
		runTools(Local, '', messages, {
			...options,
			signal: controller.signal,
			tools: {
				weather: {
					parameters: weather.parameters,
					// Never settles by itself: only the abort ends this call.
					execute: async (_args, {signal}) => {
						toolSignal = signal;
						controller.abort(reason);
						return new Promise(() => {});
					},
				},
			},
		}),
	);
	expect(error).toBe(reason);
	expect(toolSignal?.aborted).toBe(true);
	expect(toolSignal?.reason).toBe(reason);
	expect(server().requests).toHaveLength(1);
});

test('an abort stops the model mid-answer; an aborted signal stops it before any request', async () => {
	const controller = new AbortController();
	const reason = new Error('stop');
	const options = start([callTurn(['c1', 'weather', '{"city": "Paris"}'])]);
	const generator = runTools(Local, '', messages, {...options, signal: controller.signal, tools: {weather}});
	const chunks: RunToolsChunk[] = [];
	const error = await (async () => {
		try {
			for await (const item of generator) {
				chunks.push(item);
				if (typeof item === 'object' && item.type === 'provider') controller.abort(reason);
			}
		} catch (error) {
			return error;
		}
	})();
	expect(error).toBe(reason);
	expect(toolResults(chunks)).toEqual([]);

	const before = await run(runTools(Local, '', messages, {...start([]), signal: AbortSignal.abort(reason), tools: {}}));
	expect(before).toEqual({chunks: [], error: reason});
	expect(server().requests).toHaveLength(0);
});

test('the step limit: after maxSteps turns the loop stops, with the model finish reason and stepLimitReached', async () => {
	const options = start([callTurn(['c1', 'weather', '{"city": "Paris"}'])]);
	const {chunks, result, error} = await run(runTools(Local, '', messages, {...options, maxSteps: 2, tools: {weather}}));
	expect(error).toBeUndefined();
	expect(server().requests).toHaveLength(2);
	expect(result).toMatchObject({finishReason: 'tool_calls', steps: 2, stepLimitReached: true, pendingToolCalls: []});
	// The last turn's calls ran: the history ends answered, ready for another call.
	expect(result!.messages.map(message => message.role)).toEqual(['assistant', 'tool', 'assistant', 'tool']);
	expect(objects(chunks).filter(item => item.type === 'step')).toHaveLength(2);

	await expect(run(runTools(Local, '', messages, {...options, maxSteps: 0, tools: {weather}}))).resolves.toMatchObject({
		error: expect.objectContaining({name: 'TypeError', message: expect.stringMatching(/maxSteps/)}),
	});
});

test('a tool without execute ends the loop and returns its checked calls; the others of the turn run', async () => {
	const options = start([
		callTurn(['c1', 'delete_file', '{"path": "a.txt"}'], ['c2', 'weather', '{"city": "Paris"}']),
		textTurn('never asked'),
	]);
	const {chunks, result, error} = await run(
		runTools(Local, '', messages, {
			...options,
			tools: {weather, delete_file: {description: 'Asks the user first', parameters: z.object({path: z.string()})}},
		}),
	);
	expect(error).toBeUndefined();
	expect(server().requests).toHaveLength(1);
	expect(result!.pendingToolCalls).toEqual([
		{id: 'c1', type: 'function', function: {name: 'delete_file', arguments: '{"path": "a.txt"}'}},
	]);
	expect(result).toMatchObject({finishReason: 'tool_calls', stepLimitReached: false, steps: 1});
	expect(result!.messages.map(message => message.role)).toEqual(['assistant', 'tool']);
	expect(result!.messages[1]).toMatchObject({tool_call_id: 'c2'});
	expect(toolResults(chunks).map(item => item.toolCallId)).toEqual(['c2']);
});

test('at most toolConcurrency calls run at once (default 4); results go back in call order, not finish order', async () => {
	const six = Array.from({length: 6}, (_, index): [string, string, string] => [`c${index}`, 'slow', `{"n": ${index}}`]);
	for (const [toolConcurrency, expected] of [
		[2, 2],
		[undefined, 4],
	] as const) {
		const options = start([callTurn(...six), textTurn('done')]);
		let running = 0;
		let most = 0;
		// Each call waits until the next one started or the turn has no more: every slot is filled before any ends.
		let released: Array<() => void> = [];
		const {result, error} = await run(
			runTools(Local, '', messages, {
				...options,
				toolConcurrency,
				tools: {
					slow: {
						parameters: z.object({n: z.number()}),
						execute: async ({n}) => {
							running++;
							most = Math.max(most, running);
							await new Promise<void>(resolve => {
								released.push(resolve);
								if (released.length === expected || n === 5) {
									for (const release of released) release();
									released = [];
								}
							});
							running--;
							return n;
						},
					},
				},
			}),
		);
		expect(error).toBeUndefined();
		expect(most).toBe(expected);
		expect(result!.messages.slice(1, -1).map(message => message.role === 'tool' && message.content)).toEqual([
			'0',
			'1',
			'2',
			'3',
			'4',
			'5',
		]);
	}

	// The first call ends last: its result chunk comes last, its message still first.
	const options = start([callTurn(['first', 'step', '{"n": 1}'], ['second', 'step', '{"n": 2}']), textTurn('ok')]);
	let secondDone = () => {};
	const secondFinished = new Promise<void>(resolve => (secondDone = resolve));
	const {chunks, result} = await run(
		runTools(Local, '', messages, {
			...options,
			tools: {
				step: {
					parameters: z.object({n: z.number()}),
					execute: async ({n}) => {
						if (n === 1) await secondFinished;
						else setTimeout(secondDone);
						return `n=${n}`;
					},
				},
			},
		}),
	);
	expect(toolResults(chunks).map(item => item.toolCallId)).toEqual(['second', 'first']);
	expect(
		sent(1)
			.slice(2)
			.map(message => message.tool_call_id),
	).toEqual(['first', 'second']);
	expect(result!.messages.slice(1, -1).map(message => message.role === 'tool' && message.content)).toEqual([
		'n=1',
		'n=2',
	]);
});

test('a fallback (IterListProvider) runs the loop the same way', async () => {
	const options = start([callTurn(['c1', 'weather', '{"city": "Paris"}']), textTurn('9 °C.')]);
	const {result, error} = await run(
		runTools(new IterListProvider([Local]), '', messages, {...options, tools: {weather}}),
	);
	expect(error).toBeUndefined();
	expect(result).toMatchObject({text: '9 °C.', steps: 2, provider: {name: 'Local'}});
});

test('a consumer that stops reading stops the calls still running', async () => {
	const options = start([
		callTurn(['quick', 'job', '{"n": 1}'], ['stuck', 'job', '{"n": 2}']),
		textTurn('never asked'),
	]);
	let stuckSignal: AbortSignal | undefined;
	const generator = runTools(Local, '', messages, {
		...options,
		tools: {
			job: {
				parameters: z.object({n: z.number()}),
				execute: async ({n}, {signal}) => {
					if (n === 1) return 'done';
					stuckSignal = signal;
					return new Promise(() => {});
				},
			},
		},
	});
	for await (const item of generator) if (typeof item === 'object' && item.type === 'tool_result') break;
	expect(stuckSignal?.aborted).toBe(true);
	expect(server().requests).toHaveLength(1);
});

test('no tools is a plain chat, without an empty tools array; tools that are not an object are a TypeError', async () => {
	const {result} = await run(runTools(Local, '', messages, {...start([textTurn('hello')]), tools: {}}));
	expect(result).toMatchObject({text: 'hello', steps: 1, messages: [{role: 'assistant', content: 'hello'}]});
	expect(server().requests[0]!.json).not.toHaveProperty('tools');
	const {error} = await run(runTools(Local, '', messages, {tools: null as never}));
	expect(error).toBeInstanceOf(TypeError);
	expect(error.message).toMatch(/`tools` is an object/);
});
