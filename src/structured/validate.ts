import type {InferOutput, SchemaLike, StandardSchemaIssue, StandardSchemaV1} from './standard-schema.js';

export type ValidationResult<Output> =
	| {value: Output; issues?: undefined}
	| {value?: undefined; issues: readonly StandardSchemaIssue[]};

function canValidate(schema: SchemaLike): schema is StandardSchemaV1 {
	const standard = schema['~standard'];
	return (
		typeof standard === 'object' &&
		standard !== null &&
		'validate' in standard &&
		typeof standard.validate === 'function'
	);
}

/**
Checks `value` against `schema`: a Standard Schema validates it (sync or async) and may transform it; anything
else (a plain JSON Schema, a schema that only converts to JSON Schema) passes the value through as it is.
Rejects only when the schema library itself throws.
*/
export async function validateWithSchema<Schema extends SchemaLike>(
	schema: Schema,
	value: unknown,
): Promise<ValidationResult<InferOutput<Schema>>> {
	if (!canValidate(schema)) return {value: value as InferOutput<Schema>};
	const result = await schema['~standard'].validate(value);
	return result.issues ? {issues: result.issues} : {value: result.value as InferOutput<Schema>};
}
