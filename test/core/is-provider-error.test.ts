// isProviderError and the error names, on the source (test/runtimes/two-copies.test.ts checks real copies of dist/).
import {expect, test} from 'vitest';
import * as library from '../../src/index.js';

const {isProviderError, RetryNoProviderError} = library;
const classes = [
	library.ProviderError,
	library.MissingAuthError,
	library.ModelNotSupportedError,
	library.PaymentRequiredError,
	library.RateLimitError,
	library.ResponseStatusError,
	library.ResponseError,
	library.NetworkError,
	library.TimeoutError,
] as const;

test('every error class is recognised and named after itself', () => {
	for (const ErrorClass of classes) {
		const error = new ErrorClass('failed', {status: 500, provider: 'P'});
		expect(isProviderError(error), ErrorClass.name).toBe(true);
		expect(error.name).toBe(ErrorClass.name);
		expect(error).toMatchObject({message: 'failed', status: 500, provider: 'P'});
	}

	const all = new RetryNoProviderError('none', {P: new library.TimeoutError('slow')});
	expect(isProviderError(all)).toBe(true);
	expect(all.name).toBe('RetryNoProviderError');
	expect(isProviderError(all.errors.P)).toBe(true);
});

test('an error of another copy of the library (its own class, the same Symbol.for brand) is recognised', () => {
	class OtherCopyError extends Error {}
	Object.defineProperty(OtherCopyError.prototype, Symbol.for('cablyai.ProviderError'), {value: true});
	expect(isProviderError(new OtherCopyError('x'))).toBe(true);
	expect(new OtherCopyError('x')).not.toBeInstanceOf(library.ProviderError);
});

test('plain errors, lookalikes and other values are not', () => {
	const values: unknown[] = [
		new Error('x'),
		Object.assign(new Error('x'), {name: 'RateLimitError', status: 429}),
		{name: 'ProviderError', message: 'x'},
		{[Symbol.for('cablyai.ProviderError')]: 'yes'},
		{[Symbol('cablyai.ProviderError')]: true},
		Object.create(null),
		'ProviderError',
		0,
		null,
		undefined,
	];
	for (const [index, value] of values.entries()) expect(isProviderError(value), `values[${index}]`).toBe(false);
});
