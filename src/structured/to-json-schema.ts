import {isRecord} from '../utils/is-record.js';
import type {JsonSchema, SchemaLike, StandardJSONSchemaV1} from './standard-schema.js';

/**
Draft-07: what openai-node's zod helper and the AI SDK send, so what OpenAI-compatible servers (OpenAI, vLLM,
llama.cpp, Ollama) are known to take; zod, valibot and ArkType all produce it. Draft 2020-12 differs where providers
are least consistent (`$defs`, `prefixItems`).
*/
const target = 'draft-07';

function hasJsonSchema(schema: SchemaLike): schema is StandardJSONSchemaV1 {
	const standard = schema['~standard'];
	return isRecord(standard) && isRecord(standard.jsonSchema) && typeof standard.jsonSchema.input === 'function';
}

/**
The JSON Schema to send for `schema`: a plain JSON Schema as it is; a Standard JSON Schema converted by its own
library (the input side: what the model must produce is what validation accepts). A Standard Schema that cannot
convert itself is a `TypeError`: cablyai ships no converter.
*/
export function toJsonSchema(schema: SchemaLike): JsonSchema {
	// ArkType's schemas are functions, so a schema is an object or a function.
	if (typeof schema !== 'function' && !isRecord(schema)) {
		throw new TypeError(
			`A schema is an object, not ${Array.isArray(schema) ? 'an array' : schema === null ? 'null' : typeof schema}`,
		);
	}
	if (!('~standard' in schema)) return schema;
	if (hasJsonSchema(schema)) return schema['~standard'].jsonSchema.input({target});
	const vendor = isRecord(schema['~standard']) ? ` (${String(schema['~standard'].vendor)})` : '';
	throw new TypeError(
		`This schema${vendor} validates but cannot describe itself as JSON Schema: pass a JSON Schema, or a schema with Standard JSON Schema (~standard.jsonSchema), e.g. zod ≥ 4.2, ArkType, or valibot wrapped in toStandardJsonSchema() from @valibot/to-json-schema`,
	);
}
