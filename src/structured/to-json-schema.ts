import {fail} from '../utils/fail.js';
import type {JsonSchema, SchemaLike, StandardJSONSchemaV1} from './standard-schema.js';

/**
The JSON Schema to send for `schema`: a plain JSON Schema as it is; a Standard JSON Schema converted by its own
library (cablyai ships no converter), on the input side (what the model writes is what validation takes) and to
draft-07: what openai-node's zod helper and the AI SDK send, so what OpenAI-compatible servers are known to take
(draft 2020-12 differs where they are least consistent, `$defs` and `prefixItems`). A Standard Schema that cannot
convert itself (valibot without `@valibot/to-json-schema`) is a `TypeError`.
*/
export function toJsonSchema(schema: SchemaLike): JsonSchema {
	const standard = (schema as Partial<StandardJSONSchemaV1>)['~standard'];
	return standard
		? (standard.jsonSchema?.input({target: 'draft-07'}) ??
				fail(`this ${standard.vendor} schema has no ~standard.jsonSchema: pass a JSON Schema, or one that has`))
		: schema;
}
