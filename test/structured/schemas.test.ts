import {toStandardJsonSchema} from '@valibot/to-json-schema';
import {type} from 'arktype';
import * as v from 'valibot';
import {expect, test} from 'vitest';
import {z} from 'zod';
import type {StandardSchemaV1} from '../../src/structured/standard-schema.js';
import {toJsonSchema} from '../../src/structured/to-json-schema.js';
import {validateWithSchema} from '../../src/structured/validate.js';

const weatherJsonSchema = {
	type: 'object',
	properties: {city: {type: 'string'}, tempC: {type: 'number'}},
	required: ['city', 'tempC'],
};
/** The same shape in each library, each able to validate and to describe itself as JSON Schema. */
const zodWeather = z.object({city: z.string(), tempC: z.number()});
const valibotWeather = toStandardJsonSchema(v.object({city: v.string(), tempC: v.number()}));
const arkWeather = type({city: 'string', tempC: 'number'});

test('a plain JSON Schema is sent as it is, the same object', () => {
	expect(toJsonSchema(weatherJsonSchema)).toBe(weatherJsonSchema);
});

test.each([
	['zod', zodWeather],
	['valibot with @valibot/to-json-schema', valibotWeather],
	['ArkType', arkWeather],
])('%s describes itself as draft-07 JSON Schema', (_, schema) => {
	const json = toJsonSchema(schema);
	expect(json).toMatchObject({
		$schema: 'http://json-schema.org/draft-07/schema#',
		type: 'object',
		properties: {city: {type: 'string'}, tempC: {type: 'number'}},
	});
	expect(new Set(json.required as string[])).toEqual(new Set(['city', 'tempC']));
});

test('the input side is sent: what the model writes is what validation takes before any transform', () => {
	const schema = z.object({when: z.string().transform(text => new Date(text))});
	expect(toJsonSchema(schema)).toMatchObject({properties: {when: {type: 'string'}}});
});

test('a schema that validates but cannot describe itself is a TypeError saying what to pass instead', () => {
	expect(() => toJsonSchema(v.object({city: v.string()}))).toThrow(
		new TypeError('cablyai: this valibot schema has no ~standard.jsonSchema: pass a JSON Schema, or one that has'),
	);
});

test.each([
	['zod', zodWeather],
	['valibot', valibotWeather],
	['ArkType', arkWeather],
])('%s validates: the value when it fits, the issues with their paths when not', async (_, schema) => {
	// The library's own result: other fields (valibot's `typed`) may come along.
	expect(await validateWithSchema(schema, {city: 'Oslo', tempC: -2})).toMatchObject({value: {city: 'Oslo', tempC: -2}});
	const result = await validateWithSchema(schema, {city: 'Oslo', tempC: 'cold'});
	expect(result.issues).toHaveLength(1);
	expect(result.issues?.[0]?.message).toEqual(expect.any(String));
	// Array.from: ArkType's path is an Array subclass with its own fields.
	const path = Array.from(result.issues?.[0]?.path ?? [], segment =>
		typeof segment === 'object' ? segment.key : segment,
	);
	expect(path).toEqual(['tempC']);
});

test("the value is the schema's output: transforms and defaults apply", async () => {
	const schema = z.object({when: z.string().transform(text => new Date(text)), unit: z.string().default('C')});
	const result = await validateWithSchema(schema, {when: '2026-01-02T00:00:00Z'});
	expect(result).toEqual({value: {when: new Date('2026-01-02T00:00:00Z'), unit: 'C'}});
});

test('an async Standard Schema is awaited', async () => {
	const even: StandardSchemaV1<number> = {
		'~standard': {
			version: 1,
			vendor: 'test',
			validate: async value =>
				typeof value === 'number' && value % 2 === 0 ? {value} : {issues: [{message: 'not an even number'}]},
		},
	};
	expect(await validateWithSchema(even, 4)).toEqual({value: 4});
	expect(await validateWithSchema(even, 3)).toEqual({issues: [{message: 'not an even number'}]});
	expect(
		await validateWithSchema(
			z.string().refine(async text => text.length > 2),
			'ab',
		),
	).toMatchObject({
		issues: [{message: expect.any(String)}],
	});
});

test('a plain JSON Schema, or a schema that only describes itself, passes the value as it is', async () => {
	const value = {city: 7};
	expect((await validateWithSchema(weatherJsonSchema, value)).value).toBe(value);
	const describesOnly = {
		'~standard': {version: 1 as const, vendor: 'test', jsonSchema: {input: () => ({}), output: () => ({})}},
	};
	expect((await validateWithSchema(describesOnly, value)).value).toBe(value);
});

test("a schema library's own failure rejects: it is not a validation issue", async () => {
	const broken: StandardSchemaV1 = {
		'~standard': {
			version: 1,
			vendor: 'test',
			validate: () => {
				throw new Error('library bug');
			},
		},
	};
	await expect(validateWithSchema(broken, 1)).rejects.toThrow('library bug');
});
