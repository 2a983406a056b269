/*
The schema shapes cablyai accepts, as types only: a schema library is never imported at runtime. Written from the
Standard Schema v1 spec (https://standardschema.dev), which zod, valibot, ArkType and others implement, and its
JSON Schema companion (`~standard.jsonSchema`, zod ≥ 4.2, ArkType, valibot through `@valibot/to-json-schema`).
*/

/** A plain JSON Schema object, sent as it is and not validated (cablyai ships no validator). */
export type JsonSchema = Record<string, unknown>;

/** Where a value failed validation, and why. */
export type StandardSchemaIssue = {
	readonly message: string;
	readonly path?: ReadonlyArray<PropertyKey | {readonly key: PropertyKey}> | undefined;
};

export type StandardSchemaResult<Output> =
	| {readonly value: Output; readonly issues?: undefined}
	| {readonly issues: ReadonlyArray<StandardSchemaIssue>};

/** The `~standard.types` a library declares for TypeScript; never present at runtime. */
export type StandardTypes<Input, Output> = {readonly input: Input; readonly output: Output};

/** A schema that validates: `~standard.validate`, sync or async. */
export type StandardSchemaV1<Input = unknown, Output = Input> = {
	readonly '~standard': {
		readonly version: 1;
		readonly vendor: string;
		readonly validate: (
			value: unknown,
			options?: {readonly libraryOptions?: Record<string, unknown> | undefined},
		) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
		readonly types?: StandardTypes<Input, Output> | undefined;
	};
};

/** Which JSON Schema dialect a library is asked for; libraries throw for one they lack. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07' | 'openapi-3.0' | (string & {});

export type JsonSchemaOptions = {
	readonly target: JsonSchemaTarget;
	readonly libraryOptions?: Record<string, unknown> | undefined;
};

/** A schema that converts itself to JSON Schema: `~standard.jsonSchema.input/output({target})`. */
export type StandardJSONSchemaV1<Input = unknown, Output = Input> = {
	readonly '~standard': {
		readonly version: 1;
		readonly vendor: string;
		readonly jsonSchema: {
			readonly input: (options: JsonSchemaOptions) => JsonSchema;
			readonly output: (options: JsonSchemaOptions) => JsonSchema;
		};
		readonly types?: StandardTypes<Input, Output> | undefined;
	};
};

/** Any schema cablyai takes: a tool's parameters, a response format. */
export type SchemaLike = JsonSchema | StandardSchemaV1 | StandardJSONSchemaV1;

/**
The type of a value that passed `Schema`: a Standard Schema's (or Standard JSON Schema's) declared output type;
`unknown` for a plain JSON Schema, whose type TypeScript cannot know.
*/
export type InferOutput<Schema> = Schema extends {readonly '~standard': {readonly types?: infer Types}}
	? [NonNullable<Types>] extends [StandardTypes<unknown, infer Output>]
		? Output
		: unknown
	: unknown;

/** The type a value must have before `Schema` validates it (what a model is asked to produce). */
export type InferInput<Schema> = Schema extends {readonly '~standard': {readonly types?: infer Types}}
	? [NonNullable<Types>] extends [StandardTypes<infer Input, unknown>]
		? Input
		: unknown
	: unknown;
