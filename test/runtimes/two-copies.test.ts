// Two copies of the library in one program, as on a page that loads the CDN build beside a bundled one:
// dist/index.js and dist/cablyai.min.js (plus the IIFE in another realm). `instanceof` sees one copy only;
// `isProviderError` must recognise the errors of every copy, and nothing else.
import {readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {runInNewContext} from 'node:vm';
import {beforeAll, describe, expect, test} from 'vitest';
import {distDir, requireDist} from './support.js';

type Library = typeof import('../../src/index.js');

const errorNames = [
	'ProviderError',
	'MissingAuthError',
	'ModelNotSupportedError',
	'PaymentRequiredError',
	'RateLimitError',
	'ResponseStatusError',
	'ResponseError',
	'NetworkError',
	'TimeoutError',
	'RetryNoProviderError',
] as const;

let bundled: Library;
let cdn: Library;
let otherRealm: Library;

beforeAll(async () => {
	requireDist('index.js', 'cablyai.min.js', 'cablyai.iife.js');
	bundled = await import(pathToFileURL(resolve(distDir, 'index.js')).href);
	cdn = await import(pathToFileURL(resolve(distDir, 'cablyai.min.js')).href);
	// The classic script in a vm context: a third copy, in a realm with its own Error and Symbol.
	const sandbox: Record<string, unknown> = {TextEncoder};
	runInNewContext(await readFile(resolve(distDir, 'cablyai.iife.js'), 'utf8'), sandbox);
	otherRealm = sandbox.cablyai as Library;
});

function build(library: Library, name: (typeof errorNames)[number]): Error {
	return name === 'RetryNoProviderError'
		? new library.RetryNoProviderError('all failed', {})
		: new library[name]('failed', {status: 500, provider: 'P'});
}

const copies = () => ({bundled, cdn, otherRealm});

describe('isProviderError across copies of the library', () => {
	test('the copies are distinct: instanceof fails across them', () => {
		expect(bundled.ProviderError).not.toBe(cdn.ProviderError);
		expect(new cdn.RateLimitError('x')).not.toBeInstanceOf(bundled.ProviderError);
		expect(new bundled.RateLimitError('x')).not.toBeInstanceOf(cdn.ProviderError);
		expect(new otherRealm.RateLimitError('x')).not.toBeInstanceOf(Error);
	});

	for (const name of errorNames) {
		test(`${name}: every copy's guard recognises every copy's error, and the minified name is kept`, () => {
			for (const [maker, library] of Object.entries(copies())) {
				const error = build(library, name);
				expect(error.name, maker).toBe(name);
				for (const [checker, other] of Object.entries(copies()))
					expect(other.isProviderError(error), `${checker} checking ${maker}'s ${name}`).toBe(true);
			}
		});
	}

	test('errors the other copy raises itself (before sending, and from a fallback) are recognised', async () => {
		const messages = [{role: 'user', content: 'hi'}] as const;
		// CablyAI needs a key: MissingAuthError, thrown from next() before any request.
		const missing = await cdn.CablyAI.createAsyncGenerator('', messages)
			.next()
			.catch((error: unknown) => error);
		expect(bundled.isProviderError(missing)).toBe(true);
		expect((missing as Error).name).toBe('MissingAuthError');

		const fallback = new cdn.IterListProvider([cdn.CablyAI, cdn.OpenAI]);
		const failed = await cdn.collect(fallback.createAsyncGenerator('', messages)).catch((error: unknown) => error);
		expect(bundled.isProviderError(failed)).toBe(true);
		expect((failed as Error).name).toBe('RetryNoProviderError');
		const {errors} = failed as InstanceType<Library['RetryNoProviderError']>;
		expect(Object.keys(errors)).toEqual(['CablyAI', 'OpenAI']);
		for (const error of Object.values(errors)) expect(bundled.isProviderError(error)).toBe(true);
	});

	test('rejects plain errors, lookalikes and non-errors', () => {
		class ProviderError extends Error {
			override name = 'ProviderError';
		}

		const lookalikes: unknown[] = [
			new Error('x'),
			new TypeError('x'),
			Object.assign(new Error('429'), {name: 'RateLimitError', status: 429, provider: 'CablyAI', retryAfter: 1}),
			new ProviderError('x'),
			{name: 'ProviderError', message: 'x', status: 500},
			{isProviderError: true},
			{[Symbol('cablyai.ProviderError')]: true},
			Object.create(null),
			JSON.parse(JSON.stringify(new bundled.RateLimitError('x', {status: 429}))),
			() => undefined,
			'ProviderError',
			429,
			null,
			undefined,
		];
		for (const library of Object.values(copies())) {
			for (const [index, value] of lookalikes.entries())
				expect(library.isProviderError(value), `lookalikes[${index}]`).toBe(false);
		}
	});

	test('the brand lives on the prototype: errors get no own symbol, and their JSON is unchanged', () => {
		const error = new bundled.RateLimitError('x', {status: 429});
		expect(Object.getOwnPropertySymbols(error)).toEqual([]);
		expect(JSON.parse(JSON.stringify(error))).toEqual({name: 'RateLimitError', status: 429});
	});
});
