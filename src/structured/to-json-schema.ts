import type {JsonSchema, SchemaLike, StandardJSONSchemaV1} from './standard-schema.js';

/**
Draft-07: what openai-node's zod helper and the AI SDK send, so what OpenAI-compatible servers (OpenAI, vLLM,
llama.cpp, Ollama) are known to take; zod, valibot and ArkType all produce it. Draft 2020-12 differs where providers
are least consistent (`$defs`, `prefixItems`).
*/
const target = 'draft-07';

/**
The JSON Schema to send for `schema`: a plain JSON Schema as it is; a Standard JSON Schema converted by its own
library (the input side: what the model must produce is what validation accepts). A Standard Schema that cannot
convert itself is a `TypeError`: cablyai ships no converter.
*/
export function toJsonSchema(schema: SchemaLike): JsonSchema {
	// ArkType's schemas are functions, so a schema is an object or a function.
	if ((typeof schema !== 'object' && typeof schema !== 'function') || !schema || Array.isArray(schema)) {
		throw new TypeError(
			`A schema is an object, not ${Array.isArray(schema) ? 'an array' : schema === null ? 'null' : typeof schema}`,
		);
	}
	const standard = (schema as Partial<StandardJSONSchemaV1>)['~standard'];
	if (!standard) return schema;
	if (typeof standard.jsonSchema?.input === 'function') return standard.jsonSchema.input({target});
	throw new TypeError(
		`This schema (${standard.vendor}) cannot give its JSON Schema: pass a JSON Schema, or a schema with ~standard.jsonSchema (zod ≥ 4.2, ArkType, valibot through @valibot/to-json-schema)`,
	);
}
