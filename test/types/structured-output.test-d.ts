// Type tests of structured output, checked by `npm run typecheck` (tsconfig.test.json) under `strict`: `object` is
// typed from the user's own schema, through createAsyncGenerator's return value, collect and a fallback; each
// `@ts-expect-error` line must be an error. Nothing here runs.
import {toStandardJsonSchema} from '@valibot/to-json-schema';
import * as v from 'valibot';
import {z} from 'zod';
import {
	CablyAI,
	collect,
	IterListProvider,
	OpenAI,
	parsePartialJson,
	StructuredOutputError,
	type ChatResult,
	type Chunk,
	type InferOutput,
	type Messages,
	type ProviderError,
	type SchemaLike,
	type StandardJSONSchemaV1,
	type StandardSchemaV1,
} from '../../src/index.js';

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
function assertType<T extends true>(_value?: T): void {}

declare const messages: Messages;
const weather = z.object({city: z.string(), tempC: z.number(), at: z.string().transform(text => new Date(text))});
type Weather = {city: string; tempC: number; at: Date};

export async function objectIsTypedFromAZodSchema(): Promise<void> {
	const result = await collect(OpenAI.createAsyncGenerator('', messages, {responseFormat: {schema: weather}}));
	assertType<Equal<typeof result.object, Weather | undefined>>();
	assertType<Equal<IsAny<typeof result.object>, false>>();
	// @ts-expect-error the object is typed, not any
	assertType<IsAny<typeof result.object>>(true);
	if (result.object) {
		const at: Date = result.object.at;
		// @ts-expect-error city is a string, not any
		const notANumber: number = result.object.city;
		// @ts-expect-error there is no such field
		void result.object.humidity;
		void [at, notANumber];
	}
}

export async function theGeneratorReturnsItToo(): Promise<void> {
	const generator = CablyAI.createAsyncGenerator('', messages, {
		stream: true,
		responseFormat: {schema: weather, name: 'weather', strict: false},
		partialObjects: parsePartialJson,
	});
	for (let step = await generator.next(); ; step = await generator.next()) {
		if (step.done) {
			assertType<Equal<typeof step.value, ChatResult<Weather>>>();
			assertType<Equal<typeof step.value.object, Weather | undefined>>();
			return;
		}
		assertType<Equal<typeof step.value, Chunk>>();
		// Partial objects are not validated yet: unknown, not the schema's type.
		if (typeof step.value === 'object' && step.value.type === 'partial_object')
			assertType<Equal<typeof step.value.object, unknown>>();
	}
}

export async function otherSchemasAndNone(): Promise<void> {
	const valibot = toStandardJsonSchema(v.object({city: v.string()}));
	const fromValibot = await collect(OpenAI.createAsyncGenerator('', messages, {responseFormat: {schema: valibot}}));
	assertType<Equal<typeof fromValibot.object, {city: string} | undefined>>();

	const plain = await collect(
		OpenAI.createAsyncGenerator('', messages, {responseFormat: {schema: {type: 'object', properties: {}}}}),
	);
	assertType<Equal<typeof plain.object, unknown>>();

	const none = await collect(OpenAI.createAsyncGenerator('', messages));
	assertType<Equal<typeof none.object, undefined>>();
	const wire = await collect(OpenAI.createAsyncGenerator('', messages, {responseFormat: {type: 'json_object'}}));
	assertType<Equal<typeof wire.object, undefined>>();

	// A fallback types it the same way.
	const fallback = new IterListProvider([OpenAI, CablyAI]);
	const fromFallback = await collect(fallback.createAsyncGenerator('', messages, {responseFormat: {schema: weather}}));
	assertType<Equal<typeof fromFallback.object, Weather | undefined>>();
}

export function theErrorAndTheSchemaTypes(): void {
	const error = new StructuredOutputError('Local: the answer does not match the schema', {provider: 'Local'});
	const base: ProviderError = error;
	const text: string = error.text;
	const first: string | undefined = error.issues[0]?.message;
	assertType<Equal<InferOutput<typeof weather>, Weather>>();
	const schemas: SchemaLike[] = [weather, {type: 'object'}];
	const standard: StandardSchemaV1 = weather;
	const json: StandardJSONSchemaV1 = weather;
	void [base, text, first, schemas, standard, json];
	// @ts-expect-error a schema is an object, not JSON text
	OpenAI.createAsyncGenerator('', messages, {responseFormat: {schema: '{"type": "object"}'}});
	// @ts-expect-error partialObjects is the parser factory, not a flag
	OpenAI.createAsyncGenerator('', messages, {partialObjects: true});
}
