import {expect, test} from 'vitest';
import {Local} from '../helpers/local-provider.js';
import {collect} from '../helpers/fake-openai.js';
import {causeChain} from '../../src/utils/cause-chain.js';
import {redact, removeSecrets} from '../../src/utils/redact.js';

// Pure helpers of src/utils where the public API cannot reach every case; the rest is tested through it
// (media-data, network-error-messages, error-bodies, test/reliability/secrets).

test('causeChain: the error and each cause below it, objects only, each once', () => {
	const socket = {code: 'ECONNRESET'};
	const fetchError = new TypeError('fetch failed', {cause: socket});
	const outer = new Error('outer', {cause: fetchError});
	expect(causeChain(outer)).toEqual([outer, fetchError, socket]);
	expect(causeChain(new Error('text cause', {cause: 'down'}))).toHaveLength(1);
	expect(causeChain(new Error('null cause', {cause: null}))).toHaveLength(1);
	const looping: {cause?: unknown} = {};
	looping.cause = {cause: looping};
	expect(causeChain(looping)).toHaveLength(2);
	expect(causeChain('text')).toEqual([]);
	expect(causeChain(undefined)).toEqual([]);
});

test('a single secret given as a string is removed whole, not letter by letter', () => {
	expect(removeSecrets('key sk-abc-123 used', 'sk-abc-123')).toBe('key [redacted] used');
	expect(redact('key sk-abc-123 used at a cost', 'sk-abc-123')).toBe('key [redacted] used at a cost');
	// Shorter than 8 characters: a placeholder (Ollama's 'ollama'), not searched for.
	expect(redact('ollama pull llama3', 'ollama')).toBe('ollama pull llama3');
});

test('an empty secret masks nothing', () => {
	expect(redact('HTTP 401 Unauthorized', ['', 'sk-abc'])).toBe('HTTP 401 Unauthorized');
});

test('a body JSON cannot carry: the TypeError keeps the runtime error as its cause', async () => {
	const {error} = await collect(
		Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
			baseUrl: 'http://127.0.0.1:9/v1',
			extraBody: {seed: 10n},
		}),
	);
	expect(error).toBeInstanceOf(TypeError);
	expect(error.cause).toBeInstanceOf(TypeError);
	expect(error.cause.message).toBe('Do not know how to serialize a BigInt');
});
