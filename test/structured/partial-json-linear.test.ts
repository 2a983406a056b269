import {expect, test} from 'vitest';
import {parsePartialJson} from '../../src/structured/parse-partial-json.js';

// Issue 23: a structured answer streams as many small deltas, so the parser must cost the length of each delta,
// not of all text so far (re-parsing everything on every delta is quadratic). Counted, not timed: every character
// the parser reads goes through String.prototype.charCodeAt or slice, so counting those counts its reads.

/** Characters read through `charCodeAt` and `slice` while `work` runs. */
function countReads(work: () => void): number {
	const {charCodeAt, slice} = String.prototype;
	let reads = 0;
	String.prototype.charCodeAt = function (this: string, index: number) {
		reads++;
		return charCodeAt.call(this, index);
	};
	String.prototype.slice = function (this: string, start?: number, end?: number) {
		const part = slice.call(this, start, end);
		reads += part.length;
		return part;
	};
	try {
		work();
	} finally {
		String.prototype.charCodeAt = charCodeAt;
		String.prototype.slice = slice;
	}
	return reads;
}

/** A realistic answer of about `size` characters: a list of records with strings, escapes, numbers and literals. */
function recordsAnswer(size: number): string {
	const items: string[] = [];
	for (let length = 0, id = 0; length < size; id++) {
		const item = JSON.stringify({
			id,
			name: `item "${id}"\n`,
			tags: ['a', 'é'],
			score: id / 7,
			ok: id % 2 === 0,
			note: null,
		});
		items.push(item);
		length += item.length + 1;
	}
	return `{"items": [${items.join(',')}]}`;
}

/** Pushes `pieces` in order (cut beforehand, so that cutting is not counted) and returns the last value. */
function feed(pieces: string[]): unknown {
	const parser = parsePartialJson();
	let value: unknown;
	for (const piece of pieces) {
		const news = parser.push(piece);
		if (news !== undefined) value = news;
	}
	return value;
}

const deltasOf = (text: string) =>
	Array.from({length: Math.ceil(text.length / 4)}, (_, index) => text.slice(index * 4, index * 4 + 4));

for (const [name, text] of [
	['100 KB of records', recordsAnswer(100_000)],
	['1 MB of records', recordsAnswer(1_000_000)],
	['one string of 1 MB', JSON.stringify({text: 'lorem ipsum \\ "dolor" '.repeat(45_000)})],
] as const) {
	test(`${name} in 4-character deltas: each character is read at most twice`, () => {
		const deltas = deltasOf(text);
		let value: unknown;
		const reads = countReads(() => {
			value = feed(deltas);
		});
		expect(value).toEqual(JSON.parse(text));
		// Once by charCodeAt, once more by slice inside strings. Re-reading all text on each delta would be
		// about text.length² / 8 reads: 10^11 for 1 MB.
		expect(reads).toBeGreaterThanOrEqual(text.length);
		expect(reads).toBeLessThanOrEqual(2 * text.length);
	});
}
