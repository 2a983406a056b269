import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {type Chunk, OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, sse, streamHandler, useServer} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';

// `toolCallDeltas: true`: each tool-call fragment as it streams, `{type: 'tool_call_delta', index, id?, name?,
// arguments}`, so a page can show "calling get_weather({"city": "Par…" while the arguments arrive. Opt-in: loops
// written before it see no new kind; the whole `tool_calls` chunk still comes once.

const server = useServer();
const messages = [{role: 'user', content: 'x'}] as const;
const parallel = readFileSync(new URL('../fixtures/openai-tool-calls-parallel.sse', import.meta.url));

/** The bytes cut into pieces of `size`, so events and JSON split at awkward places. */
function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let start = 0; start < bytes.length; start += size) out.push(bytes.subarray(start, start + size));
	return out;
}

test('OpenAI parallel calls: one delta per fragment, id and name on each call’s first, arguments joined give the call', async () => {
	server().setHandler(streamHandler(pieces(parallel, 97)));
	const {chunks, error} = await collect(
		OpenaiTemplate.createAsyncGenerator('m', messages, {stream: true, baseUrl: server().url, toolCallDeltas: true}),
	);
	expect(error).toBeUndefined();
	const deltas = chunks.filter(
		(item): item is Extract<Chunk, {type: 'tool_call_delta'}> =>
			typeof item === 'object' && item.type === 'tool_call_delta',
	);
	expect(deltas).toHaveLength(22);
	expect(deltas[0]).toEqual({
		type: 'tool_call_delta',
		index: 0,
		id: 'call_JMW1whyEaYG438VE1OIflxA2',
		name: 'GetWeatherArgs',
		arguments: '',
	});
	expect(deltas[1]).toEqual({type: 'tool_call_delta', index: 0, arguments: '{"ci'});
	expect(deltas[12]).toMatchObject({index: 1, id: 'call_DNYTawLBoN8fj3KN6qU9N1Ou', name: 'get_stock_price'});
	const joined = (index: number) =>
		deltas
			.filter(delta => delta.index === index)
			.map(delta => delta.arguments)
			.join('');
	expect(joined(0)).toBe('{"city": "Edinburgh", "country": "GB", "units": "c"}');
	expect(joined(1)).toBe('{"ticker": "AAPL", "exchange": "NASDAQ"}');

	// The whole calls still come once, after every delta and before the finish.
	const kinds = chunks.map(item => (typeof item === 'string' ? 'text' : item.type));
	expect(kinds.filter(kind => kind === 'tool_calls')).toHaveLength(1);
	expect(kinds.lastIndexOf('tool_call_delta')).toBeLessThan(kinds.indexOf('tool_calls'));
	expect(kinds.indexOf('tool_calls')).toBeLessThan(kinds.indexOf('finish'));
});

test('without the option no tool_call_delta chunk is yielded', async () => {
	server().setHandler(streamHandler([parallel]));
	const {chunks} = await collect(
		OpenaiTemplate.createAsyncGenerator('m', messages, {stream: true, baseUrl: server().url}),
	);
	expect(chunks.some(item => typeof item === 'object' && item.type === 'tool_call_delta')).toBe(false);
	expect(chunks.filter(item => typeof item === 'object' && item.type === 'tool_calls')).toHaveLength(1);
});

test('late names, repeated empty ids and calls without index: each delta says only what it brought', async () => {
	server().setHandler(
		streamHandler([
			sse([
				// Gemini-style: no index; the id starts a call, the name comes in a later fragment.
				chunk({tool_calls: [{id: 'call_a', type: 'function', function: {arguments: '{"q":'}}]}),
				chunk({tool_calls: [{id: '', function: {name: 'search', arguments: '"x"}'}}]}),
				chunk({tool_calls: [{id: 'call_b', function: {name: 'open', arguments: '{}'}}]}),
				chunk({}, {}, 'tool_calls'),
			]),
		]),
	);
	const {chunks} = await collect(
		Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().url, toolCallDeltas: true}),
	);
	const deltas = chunks.filter(item => typeof item === 'object' && item.type === 'tool_call_delta');
	expect(deltas).toEqual([
		{type: 'tool_call_delta', index: 0, id: 'call_a', arguments: '{"q":'},
		{type: 'tool_call_delta', index: 0, name: 'search', arguments: '"x"}'},
		{type: 'tool_call_delta', index: 1, id: 'call_b', name: 'open', arguments: '{}'},
	]);
	const calls = chunks.find(item => typeof item === 'object' && item.type === 'tool_calls');
	expect(calls).toMatchObject({
		calls: [
			{id: 'call_a', function: {name: 'search', arguments: '{"q":"x"}'}},
			{id: 'call_b', function: {name: 'open', arguments: '{}'}},
		],
	});
});
