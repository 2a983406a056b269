import type {Messages} from '../types/message.js';
import type {ProviderConfig} from '../types/provider.js';
import type {PartialJsonParser} from './parse-partial-json.js';
import type {SchemaLike} from './standard-schema.js';
import {toJsonSchema} from './to-json-schema.js';

/**
`responseFormat` with a schema: the answer is asked for as JSON that follows it, then parsed into `ChatResult.object`
and, when `schema` is a Standard Schema (zod, valibot, ArkType), validated and typed.
*/
export interface StructuredResponseFormat<Schema extends SchemaLike = SchemaLike> {
	/** A plain JSON Schema (sent as is, not checked), a Standard JSON Schema, or a Standard Schema that converts itself. */
	schema: Schema;
	/**
	`json_schema.name`: letters, digits, `_` and `-`, up to 64.
	@default 'response'
	*/
	name?: string;
	/** `json_schema.description`: what the answer is, for the model. */
	description?: string;
	/**
	`json_schema.strict`: OpenAI then holds the model to the schema exactly, but refuses (HTTP 400) a schema unless
	every object has `additionalProperties: false` and lists every property in `required` (zod: `z.strictObject`, and
	`.nullable()` for optional fields). Off by default, so that any schema is taken; the answer is validated either way.
	@default false
	*/
	strict?: boolean;
}

/**
Makes an incremental parser of the answer text, one per answer: `parsePartialJson`, or your own with the same
`push(delta)` (the value of all text so far when the delta changed it, else `undefined`).
*/
export type PartialObjects = () => PartialJsonParser;

/**
Sets the request's `response_format` for a `responseFormat: {schema}`: `{type: 'json_schema', json_schema: {name,
description, schema, strict}}`, or, for a provider whose `supportsJsonSchema` is `false`, JSON mode
(`{type: 'json_object'}`) with the schema in a first system message.
*/
export function structuredBody(
	body: Record<string, unknown>,
	{schema, ...format}: StructuredResponseFormat,
	provider: Pick<ProviderConfig, 'supportsJsonSchema'>,
): void {
	const json = toJsonSchema(schema);
	body.response_format = {type: 'json_schema', json_schema: {name: 'response', strict: false, ...format, schema: json}};
	if (provider.supportsJsonSchema === false) {
		body.response_format = {type: 'json_object'};
		body.messages = [
			{role: 'system', content: `JSON Schema of your answer: ${JSON.stringify(json)}`},
			...(body.messages as Messages),
		];
	}
}
