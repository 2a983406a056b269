import {expect, test} from 'vitest';
import {ToolCallAssembler} from '../../../src/core/parse/tool-call-assembler.js';

/** A tool-call delta's `function`. */
const fn = (name: string | undefined, args: string) => ({...(name === undefined ? {} : {name}), arguments: args});

test('ToolCallAssembler: calls without any id get call_<position> ids, in index order', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 1, function: fn('b', '{}')});
	calls.add({index: 0, function: fn('a', '{}')});
	expect(calls.take()).toEqual([
		{id: 'call_0', type: 'function', function: {name: 'a', arguments: '{}'}},
		{id: 'call_1', type: 'function', function: {name: 'b', arguments: '{}'}},
	]);
});

test('ToolCallAssembler: ids and names that are not non-empty strings are ignored', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 7, function: {name: 9, arguments: '{'}});
	calls.add({index: 0, id: 'call_x', function: {name: 'f', arguments: '}'}});
	expect(calls.take()).toEqual([{id: 'call_x', type: 'function', function: {name: 'f', arguments: '{}'}}]);
});

test('ToolCallAssembler: without index: `id: ""` and a repeated id continue the last call; a new id starts one', () => {
	const calls = new ToolCallAssembler();
	calls.add({id: 'c1', function: fn('f', '{"a"')});
	calls.add({id: '', function: fn('', ':1')});
	calls.add({id: 'c1', function: fn(undefined, '}')});
	calls.add({id: 'c2', function: fn('g', '{}')});
	expect(calls.take()).toEqual([
		{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}},
		{id: 'c2', type: 'function', function: {name: 'g', arguments: '{}'}},
	]);
});

test('ToolCallAssembler: with index: the id repeated on every fragment continues the call', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 'c1', function: fn('f', '{"a"')});
	calls.add({index: 0, id: 'c1', function: fn(undefined, ':1}')});
	expect(calls.take()).toEqual([{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}}]);
});

test('ToolCallAssembler: a fragment without index continues the call before it, even when that call had one', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 'c1', function: fn('f', '{"a"')});
	calls.add({function: fn(undefined, ':1}')});
	expect(calls.take()).toEqual([{id: 'c1', type: 'function', function: {name: 'f', arguments: '{"a":1}'}}]);
});

test('ToolCallAssembler: an index that is not a number counts as none: the fragment continues the last call', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 1, id: 'a', function: fn('f', '{')});
	calls.add({index: 0, id: 'b', function: fn('g', '{')});
	calls.add({index: null, function: fn(undefined, '}')});
	expect(calls.take()).toEqual([
		{id: 'b', type: 'function', function: {name: 'g', arguments: '{}'}},
		{id: 'a', type: 'function', function: {name: 'f', arguments: '{'}},
	]);
});

test('ToolCallAssembler: unknown per-call fields sent as null are not kept; a later real value is', () => {
	const calls = new ToolCallAssembler();
	calls.add({index: 0, id: 'c1', extra_content: null, logprobs: null, function: fn('f', '{}')});
	expect(calls.take()).toEqual([{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}}]);

	const later = new ToolCallAssembler();
	later.add({index: 0, id: 'c1', extra_content: null, function: fn('f', '{}')});
	later.add({index: 0, extra_content: {google: {thought_signature: 'sig'}}});
	expect(later.take()[0]).toEqual({
		id: 'c1',
		type: 'function',
		function: {name: 'f', arguments: '{}'},
		extra_content: {google: {thought_signature: 'sig'}},
	});
});

test('ToolCallAssembler: a piece says only what its fragment brought (no id or name keys when it had none)', () => {
	const calls = new ToolCallAssembler();
	expect(calls.add({index: 0, id: 'call_a'})).toStrictEqual({
		type: 'tool_call_delta',
		index: 0,
		id: 'call_a',
		arguments: '',
	});
	expect(calls.add({index: 0, function: {arguments: '{"a"'}})).toStrictEqual({
		type: 'tool_call_delta',
		index: 0,
		arguments: '{"a"',
	});
	expect(calls.add({index: 0, function: {name: 'f', arguments: ':1}'}})).toStrictEqual({
		type: 'tool_call_delta',
		index: 0,
		name: 'f',
		arguments: ':1}',
	});
});

test('ToolCallAssembler: calls that share an index (a server reusing index 0) keep the order they came in', () => {
	const calls = new ToolCallAssembler();
	for (const id of ['c1', 'c2', 'c3', 'c4']) calls.add({index: 0, id, function: fn(id, '{}')});
	expect(calls.take().map(call => call.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
});
