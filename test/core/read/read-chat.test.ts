import {expect, test} from 'vitest';
import {ProviderError} from '../../../src/index.js';
import {ChunkParser} from '../../../src/core/parse/chunk-parser.js';
import {parseEvents} from '../../../src/core/read/read-chat.js';

const context = {provider: 'P', url: 'https://p.example', secret: ['sk-secret-key'], idleTimeout: false as const};

test('parseEvents: the chunks before a failing event come back with its error; [DONE] ends the batch', () => {
	const parser = new ChunkParser(context);
	const failed = parseEvents(
		[
			{data: '{"choices":[{"delta":{"content":"a"}}]}'},
			{data: 'oops sk-secret-key'},
			{data: '{"choices":[{"delta":{"content":"b"}}]}'},
		],
		parser,
		context,
	);
	expect(failed.chunks).toEqual(['a']);
	expect(failed.error).toBeInstanceOf(ProviderError);
	expect(String((failed.error as Error).message)).not.toContain('sk-secret-key');
	const other = new ChunkParser(context);
	const done = parseEvents(
		[
			{data: '{"choices":[{"delta":{"content":"a"}}]}'},
			{data: '[DONE]'},
			{data: '{"choices":[{"delta":{"content":"b"}}]}'},
		],
		other,
		context,
	);
	expect(done).toEqual({chunks: ['a']});
	expect(other.state).toBe('done');
});
