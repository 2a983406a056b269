import fc from 'fast-check';
import {expect, test} from 'vitest';
import {maxPartialNumberLength, parsePartialJson} from '../../src/structured/parse-partial-json.js';

/** The value so far after each of `deltas`, copied (the parser's value is live). */
function snapshots(deltas: string[]): unknown[] {
	const parser = parsePartialJson();
	let value: unknown;
	return deltas.map(delta => {
		const news = parser.push(delta);
		if (news !== undefined) value = news;
		return structuredClone(value);
	});
}

/** The last value after pushing `deltas`. */
const parse = (...deltas: string[]) => snapshots(deltas).at(-1);

/** `text` cut into pieces of 1, 2, 3, 4, 1, 2… characters. */
function cycleSplit(text: string): string[] {
	const pieces: string[] = [];
	for (let start = 0, size = 1; start < text.length; start += size, size = (size % 4) + 1) {
		pieces.push(text.slice(start, start + size));
	}
	return pieces;
}

test('a weather answer streamed in 1- to 4-character deltas shows each field as it grows, in order', () => {
	const text =
		'{"city": "Zürich", "tempC": -3.5, "tags": ["cold", "dry"], "wind": {"kmh": 12, "gusts": null}, "ok": true}';
	const distinct = snapshots(cycleSplit(text))
		.map(value => JSON.stringify(value))
		.filter((value, index, all) => value !== all[index - 1]);
	expect(distinct).toEqual([
		'{}',
		'{"city":""}',
		'{"city":"Z"}',
		'{"city":"Zür"}',
		'{"city":"Zürich"}',
		'{"city":"Zürich","tempC":-3}',
		'{"city":"Zürich","tempC":-3.5}',
		'{"city":"Zürich","tempC":-3.5,"tags":[]}',
		'{"city":"Zürich","tempC":-3.5,"tags":["co"]}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold"]}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","d"]}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","dry"]}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","dry"],"wind":{}}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","dry"],"wind":{"kmh":1}}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","dry"],"wind":{"kmh":12}}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","dry"],"wind":{"kmh":12,"gusts":null}}',
		'{"city":"Zürich","tempC":-3.5,"tags":["cold","dry"],"wind":{"kmh":12,"gusts":null},"ok":true}',
	]);
	expect(parse(...cycleSplit(text))).toEqual(JSON.parse(text));
});

test('a push that changes nothing returns undefined, so that only news is shown', () => {
	const parser = parsePartialJson();
	const results = [
		' ',
		'{',
		'\n  "na',
		'me"',
		': ',
		'"',
		'',
		'Al',
		'\\',
		'u00e9',
		'", ',
		'"n": 4',
		'2',
		' ',
		'}',
		'\n',
	].map(delta => JSON.stringify(parser.push(delta)));
	expect(results).toEqual([
		undefined,
		'{}',
		undefined,
		undefined,
		undefined,
		'{"name":""}',
		undefined,
		'{"name":"Al"}',
		undefined,
		'{"name":"Alé"}',
		undefined,
		'{"name":"Alé","n":4}',
		'{"name":"Alé","n":42}',
		undefined,
		undefined,
		undefined,
	]);
	// After text that cannot be JSON, nothing is news.
	expect(parser.push('{')).toBeUndefined();
	// A top-level null is news: only undefined means none.
	expect(parsePartialJson().push('null')).toBeNull();
});

test('a key shows only once its value has begun', () => {
	expect(snapshots(['{"a": 1, "b', 'ee', '"', ' :', ' ', '"', 'x'])).toEqual([
		{a: 1},
		{a: 1},
		{a: 1},
		{a: 1},
		{a: 1},
		{a: 1, bee: ''},
		{a: 1, bee: 'x'},
	]);
	expect(snapshots(['{"a": [', '], "b": {', '}'])).toEqual([{a: []}, {a: [], b: {}}, {a: [], b: {}}]);
});

test('escapes split anywhere decode once complete, surrogate pairs included', () => {
	expect(snapshots(['"a\\', 'n', 'b\\u12', '34', 'c"'])).toEqual(['a', 'a\n', 'a\nb', 'a\nb\u1234', 'a\nb\u1234c']);
	expect(parse('"\\ud83d', '\\ude00"')).toBe('😀');
	expect(parse(...'"\\"\\\\\\/\\b\\f\\r\\t"'.split(''))).toBe('"\\/\b\f\r\t');
	expect(parse('{"k\\u00', 'e9": 1}')).toEqual({'k\u00e9': 1});
});

test('numbers show as their longest prefix that is a number; literals once complete', () => {
	expect(snapshots(['[-', '1', '.', '5', 'e', '+', '2', ']'])).toEqual([
		[],
		[-1],
		[-1],
		[-1.5],
		[-1.5],
		[-1.5],
		[-150],
		[-150],
	]);
	expect(snapshots(['[t', 'ru', 'e, n', 'ull, f', 'alse]'])).toEqual([
		[],
		[],
		[true],
		[true, null],
		[true, null, false],
	]);
	expect(snapshots(['-', '0'])).toEqual([undefined, -0]);
	expect(snapshots(['4', '2'])).toEqual([4, 42]);
});

test('a number longer than the partial limit shows when it ends', () => {
	const long = '1'.repeat(maxPartialNumberLength + 1);
	expect(snapshots(['[', long, '', ']'])).toEqual([[], [], [], [Number(long)]]);
});

test('whitespace, empty containers and deep nesting, without recursion', () => {
	expect(parse(' \n\t[ ] \r\n')).toEqual([]);
	expect(parse('{ }')).toEqual({});
	expect(parse('')).toBeUndefined();
	const depth = 100_000;
	const parser = parsePartialJson();
	const deep = parser.push('['.repeat(depth));
	parser.push('1');
	parser.push(']'.repeat(depth));
	let inner = deep;
	for (let level = 0; level < depth; level++) inner = (inner as unknown[])[0];
	expect(inner).toBe(1);
});

test('__proto__ is an own key, as JSON.parse makes it, not the prototype', () => {
	const value = parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
	expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
	expect(Object.hasOwn(value, '__proto__')).toBe(true);
	expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}}'));
});

test('text that cannot be JSON stops the reading at the longest prefix that could be, without throwing', () => {
	expect(snapshots(['{"a": "x', 'y" 1, "b": 2}', '"c"'])).toEqual([{a: 'x'}, {a: 'xy'}, {a: 'xy'}]);
	expect(parse('[1, 2', ']]')).toEqual([1, 2]);
	expect(parse('{"a": tru', 'x}')).toEqual({});
	expect(parse('{"a": "q\\x"}')).toEqual({a: 'q'});
	expect(parse('"\\u12g4"')).toBe('');
	expect(parse('1', ' 2')).toBe(1);
	expect(parse('[1.2.3]')).toEqual([]);
	expect(parse('{1: 2}')).toEqual({});
	expect(parse('Sure! {"a": 1}')).toBeUndefined();
	expect(parse(']')).toBeUndefined();
	expect(parse('[}')).toEqual([]);
	expect(parse('{"a" 1}')).toEqual({});
	expect(parse('[1,]')).toEqual([1]);
});

test('raw control characters in a string, which models emit, are kept', () => {
	expect(parse('{"poem": "line one\nline\ttwo"}')).toEqual({poem: 'line one\nline\ttwo'});
});

test('arrays and objects are updated in place: the same value on every push (copy one to keep it)', () => {
	const parser = parsePartialJson();
	const first = parser.push('{"a": [1');
	expect(parser.push(', 2], "b": "x')).toBe(first);
	expect(first).toEqual({a: [1, 2], b: 'x'});
});

test('any JSON value, cut anywhere, ends as JSON.parse reads it', () => {
	fc.assert(
		fc.property(fc.jsonValue(), fc.array(fc.nat(), {maxLength: 40}), fc.boolean(), (value, cuts, pretty) => {
			const text = JSON.stringify(value, null, pretty ? '\t' : undefined);
			const points = [...new Set(cuts.map(cut => cut % (text.length + 1)))].sort((a, b) => a - b);
			const pieces = [0, ...points, text.length]
				.slice(1)
				.map((end, index, ends) => text.slice(ends[index - 1] ?? 0, end));
			const parser = parsePartialJson();
			let last: unknown;
			for (const piece of pieces) {
				const news = parser.push(piece);
				if (news !== undefined) last = news;
			}
			expect(last).toEqual(JSON.parse(text));
		}),
		{numRuns: 500},
	);
});

test('every prefix of any JSON text gives a value without throwing', () => {
	fc.assert(
		fc.property(fc.jsonValue({maxDepth: 3}), value => {
			const text = JSON.stringify(value);
			for (let end = 0; end <= text.length; end++) parsePartialJson().push(text.slice(0, end));
		}),
		{numRuns: 200},
	);
});
