import {toStandardJsonSchema} from '@valibot/to-json-schema';
import * as v from 'valibot';
import {expect, test} from 'vitest';
import {z} from 'zod';
import {
	collect,
	IterListProvider,
	isProviderError,
	parsePartialJson,
	ProviderError,
	runTools,
	StructuredOutputError,
	type Chunk,
	type ChatResult,
	type CreateOptions,
} from '../../src/index.js';
import {toJsonSchema} from '../../src/structured/to-json-schema.js';
import {Local} from '../helpers/local-provider.js';
import {chunk, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// Structured output against a loopback server: what is sent for each kind of schema, the object parsed and
// validated at the end, and the partial objects while the answer streams, in order. Answers come as event streams
// in 5-byte writes, so events, JSON and escapes split at awkward places.

const server = useServer();
const messages = [{role: 'user' as const, content: 'Weather in Paris?'}];

/** A provider that says it lacks `response_format: {type: 'json_schema'}` (DeepSeek's case). */
class JsonModeOnly extends Local {
	static override supportsJsonSchema = false;
}

const weatherJsonSchema = {
	type: 'object',
	properties: {city: {type: 'string'}, tempC: {type: 'number'}},
	required: ['city', 'tempC'],
};
const zodWeather = z.object({city: z.string(), tempC: z.number()});
const valibotWeather = toStandardJsonSchema(v.object({city: v.string(), tempC: v.number()}));

/** Serves `deltas` as the content of one streamed answer, in 5-byte writes. */
function answer(deltas: string[], extra: Array<Record<string, unknown>> = []): void {
	const body = sse([
		chunk({role: 'assistant', content: ''}),
		...deltas.map(content => chunk({content})),
		...extra,
		chunk({}, {}, 'stop'),
	]);
	server().setHandler(streamHandler(body.match(/[\s\S]{1,5}/g)!));
	server().requests.length = 0;
}

/** Every chunk (partial objects cloned as they come: the parser's value is live), and the result or the error. */
async function run(
	generator: AsyncGenerator<Chunk, ChatResult>,
): Promise<{chunks: unknown[]; result?: ChatResult; error?: any}> {
	const chunks: unknown[] = [];
	try {
		for (let step = await generator.next(); ; step = await generator.next()) {
			if (step.done) return {chunks, result: step.value};
			const item = step.value;
			chunks.push(
				typeof item === 'object' && item.type === 'partial_object'
					? {...item, object: structuredClone(item.object)}
					: item,
			);
		}
	} catch (error) {
		return {chunks, error};
	}
}

/** Text and partial objects only, in order. */
const stream = (chunks: unknown[]) =>
	chunks.filter(item => typeof item === 'string' || (item as {type: string}).type === 'partial_object');

const sentFormat = () => server().requests[0]!.json.response_format;

const weatherDeltas = ['{"ci', 'ty": "Pa', 'ris", "te', 'mpC": 2', '1.5}'];

test.each([
	['zod', zodWeather],
	['valibot (with @valibot/to-json-schema)', valibotWeather],
	['a plain JSON Schema', weatherJsonSchema],
])(
	'%s: sent as json_schema; partial objects follow each text delta in order; the object at the end',
	async (_, schema) => {
		answer(weatherDeltas);
		const {chunks, result, error} = await run(
			Local.createAsyncGenerator('', messages, {
				baseUrl: server().url,
				stream: true,
				responseFormat: {schema},
				partialObjects: parsePartialJson,
			}),
		);
		expect(error).toBeUndefined();
		expect(sentFormat()).toEqual({
			type: 'json_schema',
			json_schema: {name: 'response', schema: toJsonSchema(schema), strict: false},
		});
		expect(sentFormat().json_schema.schema).toMatchObject({type: 'object', properties: {city: {type: 'string'}}});
		expect(stream(chunks)).toEqual([
			'{"ci',
			{type: 'partial_object', object: {}},
			'ty": "Pa',
			{type: 'partial_object', object: {city: 'Pa'}},
			'ris", "te',
			{type: 'partial_object', object: {city: 'Paris'}},
			'mpC": 2',
			{type: 'partial_object', object: {city: 'Paris', tempC: 2}},
			'1.5}',
			{type: 'partial_object', object: {city: 'Paris', tempC: 21.5}},
		]);
		expect(result).toMatchObject({text: '{"city": "Paris", "tempC": 21.5}', object: {city: 'Paris', tempC: 21.5}});
	},
);

test('the object is the schema’s output: a zod transform applies', async () => {
	answer(['{"city": "Paris", "at": "2026-12-06T12:00:00Z"}']);
	const schema = z.object({city: z.string(), at: z.string().transform(text => new Date(text))});
	const result = await collect(
		Local.createAsyncGenerator('', messages, {baseUrl: server().url, stream: true, responseFormat: {schema}}),
	);
	expect(result.object).toEqual({city: 'Paris', at: new Date('2026-12-06T12:00:00Z')});
	// What the model is asked for is the input side: a string.
	expect(sentFormat().json_schema.schema.properties.at).toEqual({type: 'string'});
});

test.each([
	['zod', zodWeather, /^Local: the answer does not match the schema: tempC: .*expected number/i],
	['valibot', valibotWeather, /^Local: the answer does not match the schema: tempC: .*number/i],
])(
	'%s: an answer that fails validation is a StructuredOutputError with the text and the issues, after every chunk',
	async (_, schema, message) => {
		answer(['{"city": "Paris", ', '"tempC": "warm"}']);
		const {chunks, error} = await run(
			Local.createAsyncGenerator('', messages, {
				baseUrl: server().url,
				stream: true,
				responseFormat: {schema},
				partialObjects: parsePartialJson,
			}),
		);
		expect(error).toBeInstanceOf(StructuredOutputError);
		expect(error).toBeInstanceOf(ProviderError);
		expect(isProviderError(error)).toBe(true);
		expect(error.name).toBe('StructuredOutputError');
		expect(error.message).toMatch(message);
		expect(error.provider).toBe('Local');
		expect(error.text).toBe('{"city": "Paris", "tempC": "warm"}');
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0].path.map((part: any) => (typeof part === 'object' ? part.key : part))).toEqual(['tempC']);
		// Everything was yielded before: the text, the partial objects, the finish reason.
		expect(stream(chunks).at(-1)).toEqual({type: 'partial_object', object: {city: 'Paris', tempC: 'warm'}});
		expect(chunks).toContainEqual({type: 'finish', reason: 'stop'});
	},
);

test('a plain JSON Schema is not checked: any JSON passes as it is', async () => {
	answer(['{"city": 5}']);
	const result = await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: weatherJsonSchema},
		}),
	);
	expect(result.object).toEqual({city: 5});
});

test.each([
	['zod', zodWeather],
	['a plain JSON Schema', weatherJsonSchema],
])(
	'%s: an answer that is not JSON is a StructuredOutputError with the text and JSON.parse’s message',
	async (_, schema) => {
		answer(['Sure! {"city": "Paris"}']);
		const {error} = await run(
			Local.createAsyncGenerator('', messages, {baseUrl: server().url, stream: true, responseFormat: {schema}}),
		);
		expect(error).toBeInstanceOf(StructuredOutputError);
		expect(error.message).toMatch(/^Local: the answer does not match the schema: .*JSON/);
		expect(error.text).toBe('Sure! {"city": "Paris"}');
		expect(error.issues).toEqual([{message: error.cause.message}]);
		expect(error.cause).toBeInstanceOf(SyntaxError);
	},
);

test('a cut-off answer (finish reason length) is a StructuredOutputError too', async () => {
	server().setHandler(
		streamHandler([sse([chunk({role: 'assistant', content: '{"city": "Pa'}), chunk({}, {}, 'length')])]),
	);
	const {chunks, error} = await run(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: zodWeather},
		}),
	);
	expect(chunks).toContainEqual({type: 'finish', reason: 'length'});
	expect(error).toBeInstanceOf(StructuredOutputError);
	expect(error.text).toBe('{"city": "Pa');
});

test('name, description and strict are sent as given', async () => {
	answer(['{"city": "Paris", "tempC": 21}']);
	const schema = z.strictObject({city: z.string(), tempC: z.number()});
	await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema, name: 'weather', description: 'The weather now', strict: true},
		}),
	);
	expect(sentFormat()).toEqual({
		type: 'json_schema',
		json_schema: {name: 'weather', description: 'The weather now', schema: toJsonSchema(schema), strict: true},
	});
	// What OpenAI's strict mode requires of the schema, as zod's strictObject gives it.
	expect(sentFormat().json_schema.schema).toMatchObject({additionalProperties: false, required: ['city', 'tempC']});
});

test('a provider without json_schema gets json_object and the schema in a first system message', async () => {
	answer(['{"city": "Paris", "tempC": 21}']);
	const result = await collect(
		JsonModeOnly.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: zodWeather},
		}),
	);
	const body = server().requests[0]!.json;
	expect(body.response_format).toEqual({type: 'json_object'});
	expect(body.messages).toHaveLength(2);
	expect(body.messages[0]).toEqual({
		role: 'system',
		content: `JSON Schema of your answer: ${JSON.stringify(toJsonSchema(zodWeather))}`,
	});
	expect(body.messages[1]).toEqual(messages[0]);
	expect(result.object).toEqual({city: 'Paris', tempC: 21});
	// The history to append is the answer's, without the hint.
	expect(result.message).toEqual({role: 'assistant', content: '{"city": "Paris", "tempC": 21}'});
});

test('the wire shapes are still sent as they are, and give no object', async () => {
	const formats = [
		{type: 'json_object'},
		{type: 'json_schema', json_schema: {name: 'w', schema: weatherJsonSchema, strict: true}},
	] as const;
	for (const responseFormat of formats) {
		answer(['{"city": "Paris", "tempC": 21}']);
		const result = await collect(
			JsonModeOnly.createAsyncGenerator('', messages, {baseUrl: server().url, stream: true, responseFormat}),
		);
		expect(server().requests[0]!.json.response_format).toEqual(responseFormat);
		expect(server().requests[0]!.json.messages).toEqual(messages);
		expect(result.object).toBeUndefined();
	}
});

test('a JSON answer (no stream) gives one partial object, the whole, and the object', async () => {
	server().setHandler(
		jsonHandler(200, {
			id: 'c',
			object: 'chat.completion',
			model: 'm',
			choices: [
				{index: 0, message: {role: 'assistant', content: '{"city":"Paris","tempC":21}'}, finish_reason: 'stop'},
			],
		}),
	);
	const {chunks, result} = await run(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			responseFormat: {schema: zodWeather},
			partialObjects: parsePartialJson,
		}),
	);
	expect(stream(chunks)).toEqual([
		'{"city":"Paris","tempC":21}',
		{type: 'partial_object', object: {city: 'Paris', tempC: 21}},
	]);
	expect(result!.object).toEqual({city: 'Paris', tempC: 21});
});

test('an answer that calls tools, or refuses, has no object and is not an error', async () => {
	const call = {index: 0, id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}};
	answer([], [chunk({tool_calls: [call]})]);
	const tools = await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: zodWeather},
		}),
	);
	expect(tools.toolCalls).toHaveLength(1);
	expect(tools.object).toBeUndefined();

	answer([], [chunk({refusal: 'I can’t help with that.'})]);
	const refused = await collect(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: zodWeather},
		}),
	);
	expect(refused.refusal).toBe('I can’t help with that.');
	expect(refused.object).toBeUndefined();
});

test('partial objects come from any parser with push(delta); a clone per chunk is the caller’s choice', async () => {
	answer(weatherDeltas);
	const pushed: string[] = [];
	const {chunks} = await run(
		Local.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: zodWeather},
			partialObjects: () => ({
				push(delta) {
					pushed.push(delta);
					return pushed.length % 2 ? pushed.join('').length : undefined;
				},
			}),
		}),
	);
	expect(pushed).toEqual(weatherDeltas);
	expect(stream(chunks).filter(item => typeof item === 'object')).toEqual([
		{type: 'partial_object', object: 4},
		{type: 'partial_object', object: 21},
		{type: 'partial_object', object: 32},
	]);
});

test('with parsePartialJson, each partial object is the same live object, updated in place (not a copy per delta)', async () => {
	answer(weatherDeltas);
	const objects: unknown[] = [];
	for await (const item of Local.createAsyncGenerator('', messages, {
		baseUrl: server().url,
		stream: true,
		responseFormat: {schema: zodWeather},
		partialObjects: parsePartialJson,
	})) {
		if (typeof item === 'object' && item.type === 'partial_object') objects.push(item.object);
	}
	expect(objects).toHaveLength(5);
	for (const object of objects) expect(object).toBe(objects[0]);
	expect(objects[0]).toEqual({city: 'Paris', tempC: 21.5});
});

test('runTools: turns that call tools have no object; the last answer’s is validated', async () => {
	const turns = [
		sse([
			chunk({role: 'assistant', content: null}),
			chunk({tool_calls: [{index: 0, id: 'c1', type: 'function', function: {name: 'now', arguments: '{}'}}]}),
			chunk({}, {}, 'tool_calls'),
		]),
		sse([chunk({role: 'assistant', content: '{"city": "Paris", "tempC": 21}'}), chunk({}, {}, 'stop')]),
	];
	let served = 0;
	server().setHandler((request, response, raw) => streamHandler([turns[served++]!])(request, response, raw));
	server().requests.length = 0;
	const generator = runTools(Local, '', messages, {
		baseUrl: server().url,
		stream: true,
		responseFormat: {schema: zodWeather},
		partialObjects: parsePartialJson,
		tools: {now: {parameters: z.object({}), execute: () => '12:00'}},
	});
	const chunks: unknown[] = [];
	let step = await generator.next();
	for (; !step.done; step = await generator.next()) chunks.push(step.value);
	expect(step.value.object).toEqual({city: 'Paris', tempC: 21});
	expect(step.value.steps).toBe(2);
	expect(chunks).toContainEqual({type: 'partial_object', object: {city: 'Paris', tempC: 21}});
	for (const request of server().requests) expect(request.json.response_format.type).toBe('json_schema');
});

test('a schema that cannot give its JSON Schema is a TypeError from next(), before anything is sent', async () => {
	server().requests.length = 0;
	const generator = Local.createAsyncGenerator('', messages, {
		baseUrl: server().url,
		responseFormat: {schema: v.object({city: v.string()})},
	});
	await expect(generator.next()).rejects.toThrow(TypeError);
	expect(server().requests).toHaveLength(0);
});

test('1 MB of JSON in 4-byte deltas, end to end: each delta is pushed once and the object is built in place', async () => {
	const items = Array.from({length: 12_000}, (_, id) => ({
		id,
		name: `item "${id}"\n`,
		tags: ['a', 'é'],
		ok: id % 2 === 0,
	}));
	const text = JSON.stringify({items, note: 'x'.repeat(1_000_000 - JSON.stringify({items}).length)});
	expect(text.length).toBeGreaterThanOrEqual(1_000_000);
	const deltas = text.match(/[\s\S]{1,4}/g)!;
	// Small events, written in 64 KB pieces: the test measures the client, not the test server.
	const body = sse([...deltas.map(content => ({choices: [{index: 0, delta: {content}}]})), chunk({}, {}, 'stop')]);
	server().setHandler(streamHandler(body.match(/[\s\S]{1,65536}/g)!));
	let pushes = 0;
	let pushedLength = 0;
	const options: CreateOptions = {
		baseUrl: server().url,
		stream: true,
		responseFormat: {schema: z.object({items: z.array(z.object({id: z.number()}).loose()), note: z.string()})},
		partialObjects: () => {
			const parser = parsePartialJson();
			return {
				push(delta) {
					pushes++;
					pushedLength += delta.length;
					return parser.push(delta);
				},
			};
		},
	};
	let first: unknown;
	let partials = 0;
	let others = 0;
	const generator = Local.createAsyncGenerator('', messages, options);
	let step = await generator.next();
	for (; !step.done; step = await generator.next()) {
		if (typeof step.value === 'object' && step.value.type === 'partial_object') {
			first ??= step.value.object;
			if (step.value.object !== first) others++;
			partials++;
		}
	}
	expect(others).toBe(0);
	expect(pushes).toBe(deltas.length);
	expect(pushedLength).toBe(text.length);
	expect(partials).toBeGreaterThan(deltas.length / 2);
	expect(first).toEqual(JSON.parse(text));
	expect(step.value.object).toEqual(JSON.parse(text));
}, 60_000);

test('a fallback sends each provider the format it takes, and returns the object of the one that answered', async () => {
	let served = 0;
	const body = sse([chunk({role: 'assistant', content: '{"city": "Paris", "tempC": 21}'}), chunk({}, {}, 'stop')]);
	server().setHandler((request, response, raw) =>
		served++ === 0
			? jsonHandler(500, {error: {message: 'down'}})(request, response, raw)
			: streamHandler([body])(request, response, raw),
	);
	server().requests.length = 0;
	const fallback = new IterListProvider([JsonModeOnly, Local]);
	const result = await collect(
		fallback.createAsyncGenerator('', messages, {
			baseUrl: server().url,
			stream: true,
			responseFormat: {schema: zodWeather},
		}),
	);
	const [first, second] = server().requests.map(request => request.json);
	expect(first.response_format).toEqual({type: 'json_object'});
	expect(first.messages[0].role).toBe('system');
	expect(second.response_format.type).toBe('json_schema');
	expect(second.messages).toEqual(messages);
	expect(result.object).toEqual({city: 'Paris', tempC: 21});
	expect(result.provider?.name).toBe('Local');
});
