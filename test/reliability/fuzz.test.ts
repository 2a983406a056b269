import fc from 'fast-check';
import {expect, test} from 'vitest';
import {ProviderError, ResponseError, type Chunk} from '../../src/index.js';
import {chunk, collect, mergeChunks, sleep} from '../helpers/fake-openai.js';
import {Local} from '../helpers/local-provider.js';
import {messages, openStream, useFaultServer, within} from './fault-server.js';

// Property tests over whole HTTP exchanges: random valid streams, split at random bytes into reads, with random
// comments, keep-alives and lines the SSE spec ignores; random bad events and random truncation. The output is the
// expected chunk sequence or a documented error (ResponseError) after a prefix of it; never a hang, never another
// kind of crash. Each run is bounded by a deadline; numRuns stay modest.

const server = useFaultServer();
const deadline = 10_000;
// Deterministic by default (a fixed seed); FUZZ_SEED=random or a number, and FUZZ_RUNS=<factor>, explore further.
const seedSetting = process.env.FUZZ_SEED ?? '20251125';
const seed = seedSetting === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedSetting);
const factor = Number(process.env.FUZZ_RUNS ?? 1);
const settings = (numRuns: number) => ({numRuns: Math.max(1, Math.round(numRuns * factor)), seed});

type Delta = {kind: 'text' | 'reasoning' | 'refusal'; text: string};

// Text with something besides whitespace and no '<' (so no <think> block can start by chance); any code points,
// astral ones and combining marks included, so multi-byte characters get split between reads.
const text = fc
	.string({unit: 'grapheme', minLength: 1, maxLength: 12})
	.filter(value => value.trim() !== '' && !value.includes('<'));
const delta = fc.record({kind: fc.constantFrom<Delta['kind']>('text', 'text', 'reasoning', 'refusal'), text});
const oneLine = (value: string) => value.replaceAll(/[\r\n\0]/g, '');
// Lines that carry no data: comments, bare keep-alives, unknown fields, retry/id fields, blank lines, `event: message`.
const noiseLine = fc.oneof(
	fc.string({maxLength: 20}).map(value => `:${oneLine(value)}`),
	fc.constant(':'),
	fc.string({maxLength: 20}).map(value => `x-${oneLine(value)}`),
	fc.nat({max: 100_000}).map(value => `retry: ${value}`),
	fc.string({maxLength: 10}).map(value => `id: ${oneLine(value)}`),
	fc.constant(''),
	fc.constant('event: message'),
);
const noise = fc.array(noiseLine, {maxLength: 3});
const newline = fc.constantFrom('\n', '\r\n', '\r');
const cuts = fc.array(fc.nat(), {maxLength: 10});

const usage = (deltas: Delta[]) => ({
	prompt_tokens: 1,
	completion_tokens: deltas.length,
	total_tokens: deltas.length + 1,
});

function eventData(item: Delta): string {
	const field = {text: 'content', reasoning: 'reasoning_content', refusal: 'refusal'}[item.kind];
	return JSON.stringify(chunk({[field]: item.text}));
}

/** The stream: each delta an event, then a finish event with usage, then [DONE]; noise before each event. */
function render(deltas: Delta[], noises: string[][], eol: string): {body: string; finishEnd: number} {
	const events = [
		...deltas.map(item => `data: ${eventData(item)}`),
		`data: ${JSON.stringify(chunk({}, {usage: usage(deltas)}, 'stop'))}`,
		'data: [DONE]',
	];
	let body = '';
	let finishEnd = 0;
	for (const [index, event] of events.entries()) {
		for (const line of noises[index] ?? []) body += line + eol;
		body += event;
		if (index === deltas.length) finishEnd = Buffer.byteLength(body);
		body += eol + eol;
	}

	return {body, finishEnd};
}

/** Every chunk the stream yields, in order (adjacent text and reasoning merged: read boundaries may split them). */
function expected(deltas: Delta[]): Chunk[] {
	const out: Chunk[] = [{type: 'provider', name: 'Local', model: 'gpt-4o-mini', url: server().url}];
	for (const {kind, text} of deltas)
		out.push(
			kind === 'text'
				? text
				: kind === 'reasoning'
					? {type: kind, text, field: 'reasoning_content'}
					: {type: kind, text},
		);
	out.push(
		{type: 'finish', reason: 'stop'},
		{
			type: 'usage',
			promptTokens: 1,
			completionTokens: deltas.length,
			totalTokens: deltas.length + 1,
			raw: usage(deltas),
		},
	);
	return out;
}

/** Serves `body` (cut short at `end` bytes when given), written in pieces split at `cutPoints`. */
function serve(body: string | Buffer, cutPoints: number[], end?: number) {
	const bytes = (typeof body === 'string' ? Buffer.from(body) : body).subarray(0, end);
	const points = [...new Set(cutPoints.map(cut => (bytes.length === 0 ? 0 : cut % bytes.length)))].sort(
		(a, b) => a - b,
	);
	server().use(async (_request, response) => {
		openStream(response);
		let start = 0;
		for (const cut of [...points, bytes.length]) {
			if (cut <= start || response.destroyed) continue;
			response.write(bytes.subarray(start, cut));
			start = cut;
			await sleep(0);
		}

		response.end();
	});
}

async function read() {
	return within(
		collect(
			Local.createAsyncGenerator('', messages, {stream: true, baseUrl: server().base, idleTimeout: 5000, retry: 0}),
		),
		deadline,
	);
}

/** True when `chunks` are the first chunks of `all` (text and reasoning merged on both sides). */
function isPrefix(chunks: Chunk[], all: Chunk[]): boolean {
	const got = JSON.stringify(mergeChunks(chunks));
	return Array.from({length: all.length + 1}, (_, length) =>
		JSON.stringify(mergeChunks(all.slice(0, length))),
	).includes(got);
}

test(
	'random valid streams, split anywhere, with comments, keep-alives and ignored lines interleaved, yield exactly their chunks',
	async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(delta, {minLength: 1, maxLength: 8}),
				fc.array(noise, {maxLength: 10}),
				newline,
				cuts,
				async (deltas, noises, eol, cutPoints) => {
					serve(render(deltas, noises, eol).body, cutPoints);
					const {chunks, error} = await read();
					expect(error).toBeUndefined();
					expect(mergeChunks(chunks)).toEqual(mergeChunks(expected(deltas)));
				},
			),
			settings(60),
		);
	},
	60_000 * factor,
);

// Events that end the answer with ResponseError wherever they come.
const badEvent = fc.oneof(
	fc.string({minLength: 1, maxLength: 10}).map(value => `data: ~${oneLine(value)}`),
	fc
		.string({maxLength: 10})
		.map(value => `event: error\ndata: ${JSON.stringify({error: {message: `failed ${value}`}})}`),
	fc.string({minLength: 1, maxLength: 10}).map(value => `event: error\ndata: x${oneLine(value)}`),
	fc.string({maxLength: 10}).map(value => `data: ${JSON.stringify({error: {message: value, code: 'c'}})}`),
	fc
		.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.string({maxLength: 5}), fc.array(fc.nat(), {maxLength: 3}))
		.map(value => `data: ${JSON.stringify(value)}`),
	fc
		.oneof(
			fc.string({maxLength: 5}),
			fc.integer(),
			fc.boolean(),
			fc.dictionary(fc.string({maxLength: 3}), fc.nat(), {maxKeys: 2}),
		)
		.map(value => `data: ${JSON.stringify({choices: value})}`),
);

test(
	'a bad event anywhere ends in ResponseError, after exactly the chunks before it',
	async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(delta, {minLength: 1, maxLength: 8}),
				fc.nat(),
				badEvent,
				newline,
				cuts,
				async (deltas, position, bad, eol, cutPoints) => {
					const at = position % (deltas.length + 1);
					const events = render(deltas, [], '\n').body.split('\n\n');
					events.splice(at, 0, bad);
					serve(events.join('\n\n').replaceAll('\n', eol), cutPoints);
					const {chunks, error} = await read();
					expect(error).toBeInstanceOf(ResponseError);
					// The bad event comes before the finish event: no finish, no usage.
					expect(mergeChunks(chunks)).toEqual(mergeChunks(at === 0 ? [] : expected(deltas.slice(0, at)).slice(0, -2)));
				},
			),
			settings(50),
		);
	},
	60_000 * factor,
);

test(
	'a stream cut at any byte yields a prefix of its chunks, then ResponseError unless the finish event had arrived',
	async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(delta, {minLength: 1, maxLength: 6}),
				fc.array(noise, {maxLength: 8}),
				newline,
				fc.nat(),
				cuts,
				async (deltas, noises, eol, cutAt, cutPoints) => {
					const {body, finishEnd} = render(deltas, noises, eol);
					const bytes = Buffer.from(body);
					const end = cutAt % bytes.length;
					serve(bytes, cutPoints, end);
					const {chunks, error} = await read();
					const all = expected(deltas);
					expect(isPrefix(chunks, all)).toBe(true);
					if (end < finishEnd) expect(error).toBeInstanceOf(ResponseError);
					if (error === undefined) expect(mergeChunks(chunks)).toEqual(mergeChunks(all));
					else expect(error).toBeInstanceOf(ResponseError);
				},
			),
			settings(60),
		);
	},
	60_000 * factor,
);

// Any JSON, and chunk-shaped objects whose fields hold anything: never a crash of another kind.
const anything = fc.jsonValue({maxDepth: 3});
const oddDelta = fc.record(
	{
		content: fc.oneof(
			anything,
			text,
			fc.array(
				fc.record(
					{type: fc.constantFrom('text', 'thinking', 'image_url', 'x'), text: anything, thinking: anything},
					{requiredKeys: ['type']},
				),
				{maxLength: 3},
			),
		),
		reasoning_content: anything,
		reasoning: anything,
		reasoning_details: fc.oneof(
			anything,
			fc.array(
				fc.record({type: fc.constantFrom('reasoning.text', 'reasoning.encrypted'), text: anything, data: anything}),
				{maxLength: 3},
			),
		),
		refusal: anything,
		tool_calls: fc.oneof(
			anything,
			fc.array(
				fc.record(
					{
						index: anything,
						id: anything,
						type: anything,
						function: fc.oneof(anything, fc.record({name: anything, arguments: anything}, {requiredKeys: []})),
						extra_content: anything,
					},
					{requiredKeys: []},
				),
				{maxLength: 3},
			),
		),
		role: anything,
	},
	{requiredKeys: []},
);
const oddChunk = fc.oneof(
	anything,
	fc.record(
		{
			id: anything,
			model: fc.oneof(anything, fc.constantFrom('', 'm-1')),
			choices: fc.oneof(
				anything,
				fc.array(
					fc.record(
						{
							index: anything,
							delta: fc.oneof(anything, oddDelta),
							message: fc.oneof(anything, oddDelta),
							finish_reason: fc.oneof(anything, fc.constantFrom('stop', '', 'length')),
						},
						{requiredKeys: []},
					),
					{maxLength: 2},
				),
			),
			usage: fc.oneof(
				anything,
				fc.record({prompt_tokens: anything, completion_tokens: anything, total_tokens: anything}, {requiredKeys: []}),
			),
			x_groq: anything,
			error: fc.oneof(fc.constant(null), fc.constant(undefined), anything),
		},
		{requiredKeys: []},
	),
);

function isChunk(item: unknown): boolean {
	if (typeof item === 'string') return item.length > 0;
	if (typeof item !== 'object' || item === null) return false;
	const value = item as Record<string, any>;
	switch (value.type) {
		case 'reasoning': {
			// Text, or (empty text) the reasoning_details entries, objects kept whole, it carries.
			const details = value.details === undefined || (Array.isArray(value.details) && value.details.length > 0);
			return typeof value.text === 'string' && (value.text.length > 0 || value.details !== undefined) && details;
		}

		case 'refusal': {
			return typeof value.text === 'string' && value.text.length > 0;
		}

		case 'finish': {
			return typeof value.reason === 'string' && value.reason.length > 0;
		}

		case 'provider': {
			return value.name === 'Local' && typeof value.model === 'string' && value.model.length > 0;
		}

		case 'usage': {
			return ['promptTokens', 'completionTokens', 'totalTokens'].every(name => typeof value[name] === 'number');
		}

		case 'tool_calls': {
			return (
				Array.isArray(value.calls) &&
				value.calls.every(
					(call: any) =>
						typeof call.id === 'string' &&
						call.type === 'function' &&
						typeof call.function?.name === 'string' &&
						typeof call.function?.arguments === 'string',
				)
			);
		}

		default: {
			return false;
		}
	}
}

test(
	'any JSON in data events, chunk-shaped or not: well-formed chunks, then the end or a ResponseError; nothing else',
	async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(oddChunk, {minLength: 1, maxLength: 6}),
				fc.boolean(),
				cuts,
				async (items, done, cutPoints) => {
					const body =
						items.map(item => `data: ${JSON.stringify(item) ?? 'null'}\n\n`).join('') +
						(done ? 'data: [DONE]\n\n' : '');
					serve(body, cutPoints);
					const {chunks, error} = await read();
					if (error !== undefined) {
						expect(error).toBeInstanceOf(ResponseError);
						expect(error).toBeInstanceOf(ProviderError);
					}

					for (const item of chunks) expect(isChunk(item), JSON.stringify(item)).toBe(true);
					expect(
						chunks.filter(item => typeof item !== 'string' && item.type === 'provider').length,
					).toBeLessThanOrEqual(1);
					expect(chunks.filter(item => typeof item !== 'string' && item.type === 'finish').length).toBeLessThanOrEqual(
						1,
					);
				},
			),
			settings(80),
		);
	},
	60_000 * factor,
);
