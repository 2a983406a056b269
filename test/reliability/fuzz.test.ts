import fc from 'fast-check';
import {expect, test} from 'vitest';
import {ResponseError, type Chunk} from '../../src/index.js';
import {chunk, collect, sleep, mergeChunks, useServer} from '../helpers/server.js';
import {Local} from '../helpers/local-provider.js';

const server = useServer();

type Delta = {kind: 'text' | 'reasoning'; text: string};

// Text without '<' so no think tag can appear by chance; any other code point, astral ones included.
const text = fc.string({unit: 'grapheme', minLength: 1, maxLength: 12}).filter(value => !value.includes('<'));
const delta = fc.record({kind: fc.constantFrom<'text' | 'reasoning'>('text', 'reasoning'), text});
// Lines that are no SSE field the parser knows: ignored by the spec.
const garbage = fc.string({maxLength: 20}).map(value => `x-${value.replaceAll(/[\r\n]/g, '')}`);
const comment = fc.string({maxLength: 20}).map(value => `:${value.replaceAll(/[\r\n]/g, '')}`);
const noise = fc.array(fc.oneof(garbage, comment), {maxLength: 2});

function render(deltas: Delta[], noises: string[][], newline: string): string {
	const events = deltas.map(({kind, text}) => `data: ${JSON.stringify(chunk(kind === 'text' ? {content: text} : {reasoning_content: text}))}`);
	events.push(`data: ${JSON.stringify(chunk({}, {usage: {prompt_tokens: 1, completion_tokens: deltas.length, total_tokens: deltas.length + 1}}, 'stop'))}`, 'data: [DONE]');
	return events.map((event, index) => [...(noises[index] ?? []), event].join(newline) + newline + newline).join('');
}

function expected(deltas: Delta[]): Chunk[] {
	const out: Chunk[] = [{type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: ''}];
	for (const {kind, text} of deltas) out.push(kind === 'text' ? text : {type: 'reasoning', text});
	out.push({type: 'finish', reason: 'stop'}, {type: 'usage', promptTokens: 1, completionTokens: deltas.length, totalTokens: deltas.length + 1});
	return mergeChunks(out);
}

function serve(body: string, cuts: number[]) {
	const bytes = Buffer.from(body);
	const points = [...new Set(cuts.map(cut => cut % bytes.length))].sort((a, b) => a - b);
	server().setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.socket?.setNoDelay(true);
		let start = 0;
		for (const cut of [...points, bytes.length]) {
			if (cut <= start) continue;
			response.write(bytes.subarray(start, cut));
			start = cut;
			await sleep(0);
		}

		response.end();
	});
}

async function read() {
	return collect(Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {stream: true, baseUrl: `${server().url}/v1`, idleTimeout: 5000, retry: 0}));
}

test('random valid streams, split anywhere, with comments and unknown lines interleaved, yield exactly their chunks', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(delta, {minLength: 1, maxLength: 8}),
			fc.array(noise, {maxLength: 10}),
			fc.constantFrom('\n', '\r\n', '\r'),
			fc.array(fc.nat(), {maxLength: 8}),
			async (deltas, noises, newline, cuts) => {
				serve(render(deltas, noises, newline), cuts);
				const {chunks, error} = await read();
				expect(error).toBeUndefined();
				expect(mergeChunks(chunks)).toEqual(expected(deltas));
			},
		),
		{numRuns: 60},
	);
}, 60_000);

test('a garbage data line anywhere ends in ResponseError, after exactly the chunks before it', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(delta, {minLength: 1, maxLength: 8}),
			fc.nat(),
			fc.string({minLength: 1, maxLength: 10}).map(value => `data: ~${value.replaceAll(/[\r\n]/g, '')}`),
			fc.array(fc.nat(), {maxLength: 6}),
			async (deltas, position, bad, cuts) => {
				const at = position % (deltas.length + 1);
				const before = deltas.slice(0, at);
				const body = render(deltas, [], '\n').split('\n\n');
				body.splice(at, 0, bad);
				serve(body.join('\n\n'), cuts);
				const {chunks, error} = await read();
				expect(error).toBeInstanceOf(ResponseError);
				expect(mergeChunks(chunks)).toEqual(at === 0 ? [] : expected(before).slice(0, -2));
			},
		),
		{numRuns: 40},
	);
}, 60_000);
