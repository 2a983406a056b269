import type {InferOutput, SchemaLike, StandardSchemaIssue, StandardSchemaV1} from './standard-schema.js';

export type ValidationResult<Output> =
	| {value: Output; issues?: undefined}
	| {value?: undefined; issues: readonly StandardSchemaIssue[]};

/**
Checks `value` against `schema`: a Standard Schema validates it (sync or async) and may transform it; anything
else (a plain JSON Schema, a schema that only converts to JSON Schema) passes the value through as it is.
Rejects only when the schema library itself throws.
*/
export async function validateWithSchema<Schema extends SchemaLike>(
	schema: Schema,
	value: unknown,
): Promise<ValidationResult<InferOutput<Schema>>> {
	const standard = (schema as Partial<StandardSchemaV1>)['~standard'];
	// Called as a method of `~standard`, as the spec defines it.
	return (standard?.validate?.(value) ?? {value}) as ValidationResult<InferOutput<Schema>>;
}
