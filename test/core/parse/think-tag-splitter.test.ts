import {expect, test} from 'vitest';
import {ThinkTagSplitter} from '../../../src/core/parse/think-tag-splitter.js';

test('ThinkTagSplitter: reasoning is released as it arrives, holding back only an end that could start </think>', () => {
	const splitter = new ThinkTagSplitter();
	expect(splitter.push('<think>abcdefghij')).toEqual([{type: 'reasoning', text: 'abcdefghij'}]);
	expect(splitter.push('kl</t')).toEqual([{type: 'reasoning', text: 'kl'}]);
	expect(splitter.push('x<')).toEqual([{type: 'reasoning', text: '</tx'}]);
	expect(splitter.push('/thi')).toEqual([]);
	expect(splitter.push('nk>  done')).toEqual(['done']);
});

test('ThinkTagSplitter: once the answer has started, every piece passes as it is, leading whitespace included', () => {
	const splitter = new ThinkTagSplitter();
	expect(splitter.push('Hi')).toEqual(['Hi']);
	expect(splitter.passing).toBe(true);
	expect(splitter.push('  there')).toEqual(['  there']);
	expect(splitter.push('<think>')).toEqual(['<think>']);
});

test('ThinkTagSplitter: up to 64 KiB of leading whitespace is held while <think> may come; past it, the whitespace is text', () => {
	const atLimit = new ThinkTagSplitter();
	expect(atLimit.push(' '.repeat(64 * 1024))).toEqual([]);
	expect(atLimit.push('<think>r</think>a')).toEqual([{type: 'reasoning', text: 'r'}, 'a']);

	const past = new ThinkTagSplitter();
	expect(past.push(' '.repeat(64 * 1024 + 1))).toEqual([' '.repeat(64 * 1024 + 1)]);
	expect(past.passing).toBe(true);
	expect(past.push('<think>r</think>a')).toEqual(['<think>r</think>a']);
});
