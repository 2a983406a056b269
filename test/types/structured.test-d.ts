// Type tests of src/structured, checked by `npm run typecheck` (tsconfig.test.json): each `@ts-expect-error` line
// must be an error, everything else must compile under `strict`. Nothing here runs.
import {toStandardJsonSchema} from '@valibot/to-json-schema';
import {type} from 'arktype';
import * as v from 'valibot';
import {z} from 'zod';
import type {InferInput, InferOutput, SchemaLike, StandardSchemaV1} from '../../src/structured/standard-schema.js';
import {toJsonSchema} from '../../src/structured/to-json-schema.js';
import {validateWithSchema} from '../../src/structured/validate.js';

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
function assertType<T extends true>(): T | undefined {
	return undefined;
}

const zodWeather = z.object({city: z.string(), tempC: z.number(), at: z.string().transform(text => new Date(text))});
const valibotWeather = v.object({city: v.string(), tempC: v.number()});
const arkWeather = type({city: 'string', tempC: 'number'});

export function outputsAreTheLibrariesOwnTypes(): void {
	assertType<Equal<InferOutput<typeof zodWeather>, z.output<typeof zodWeather>>>();
	assertType<Equal<InferOutput<typeof zodWeather>, {city: string; tempC: number; at: Date}>>();
	// The input side is what a model writes: the string before the transform.
	assertType<Equal<InferInput<typeof zodWeather>, {city: string; tempC: number; at: string}>>();
	assertType<Equal<InferOutput<typeof valibotWeather>, v.InferOutput<typeof valibotWeather>>>();
	assertType<
		Equal<InferOutput<ReturnType<typeof toStandardJsonSchema<typeof valibotWeather>>>, {city: string; tempC: number}>
	>();
	assertType<Equal<InferOutput<typeof arkWeather>, typeof arkWeather.infer>>();
	assertType<Equal<IsAny<InferOutput<typeof zodWeather>>, false>>();
	// @ts-expect-error the zod type is not any
	assertType<IsAny<InferOutput<typeof zodWeather>>>();
}

export function aPlainJsonSchemaIsUnknown(): void {
	const plain = {type: 'object', properties: {city: {type: 'string'}}};
	assertType<Equal<InferOutput<typeof plain>, unknown>>();
	// A Standard Schema that declares no types cannot say either.
	assertType<Equal<InferOutput<StandardSchemaV1>, unknown>>();
}

export async function validatedValuesAreTyped(): Promise<void> {
	const result = await validateWithSchema(zodWeather, JSON.parse('{}'));
	if (result.issues) {
		const message: string = result.issues[0]?.message ?? '';
		void message;
		return;
	}
	const city: string = result.value.city;
	const at: Date = result.value.at;
	// @ts-expect-error city is a string, not any
	const notANumber: number = result.value.city;
	// @ts-expect-error there is no such field
	void result.value.humidity;
	const plain = await validateWithSchema({type: 'object'}, 1);
	// @ts-expect-error a plain JSON Schema's value is unknown
	void plain.value?.city;
	void [city, at, notANumber];
}

export function schemasOfEveryKindAreTaken(): void {
	const schemas: SchemaLike[] = [
		zodWeather,
		valibotWeather,
		toStandardJsonSchema(valibotWeather),
		arkWeather,
		{type: 'object'},
	];
	const sent: Record<string, unknown> = toJsonSchema(zodWeather);
	// @ts-expect-error a schema is an object, not JSON text
	toJsonSchema('{"type": "object"}');
	void [schemas, sent];
}
