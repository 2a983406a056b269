import {providerName} from '../core/provider-identity.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {describeIssue} from './describe-issue.js';
import type {PartialJsonParser} from './parse-partial-json.js';
import type {SchemaLike} from './standard-schema.js';
import {StructuredOutputError} from './structured-output-error.js';
import {toJsonSchema} from './to-json-schema.js';
import {validateWithSchema} from './validate.js';

/**
`responseFormat` with a schema: the answer is asked for as JSON that follows it, then parsed into
`ChatResult.object` and, when `schema` is a Standard Schema (zod, valibot, ArkType), validated and typed.
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
	every object has `additionalProperties: false` and lists every property in `required` (zod: `z.strictObject`,
	optional fields as `.nullable()`). Off by default, so any schema is taken; the answer is validated either way.
	@default false
	*/
	strict?: boolean;
}

/**
Makes an incremental parser of the answer text, one per answer: `parsePartialJson`, or your own with the same
`push(delta)` (the value of all text so far when the delta changed it, else `undefined`).
*/
export type PartialObjects = () => PartialJsonParser;

/** What `createChat` is to this wrapper: one answer to `messages` with `options`. */
type Chat = (messages: Messages, options: CreateOptions) => AsyncGenerator<Chunk, ChatResult, undefined>;

const isStructured = (format: unknown): format is StructuredResponseFormat =>
	typeof format === 'object' && format !== null && 'schema' in format && format.schema != null;

/**
One answer with structured output: `responseFormat: {schema}` is sent as `json_schema` (or as `json_object` with the
schema in a first system message, for providers whose `supportsJsonSchema` is `false`), the answer parsed and
validated into `ChatResult.object`; with `partialObjects`, each text chunk that changes the object parsed so far is
followed by a `partial_object` chunk. Without either, `chat` is returned as it is.
*/
export function withStructuredOutput(
	provider: ProviderConfig,
	messages: Messages,
	options: CreateOptions | undefined,
	chat: Chat,
): AsyncGenerator<Chunk, ChatResult, undefined> {
	return isStructured(options?.responseFormat) || options?.partialObjects
		? structuredChat(provider, messages, options as CreateOptions, chat)
		: chat(messages, options as CreateOptions);
}

async function* structuredChat(
	provider: ProviderConfig,
	messages: Messages,
	{partialObjects, ...options}: CreateOptions,
	chat: Chat,
): AsyncGenerator<Chunk, ChatResult, undefined> {
	const format = options.responseFormat;
	const structured = isStructured(format);
	if (structured) {
		const schema = toJsonSchema(format.schema);
		if (provider.supportsJsonSchema === false) {
			options.responseFormat = {type: 'json_object'};
			messages = [
				{role: 'system', content: `Answer with JSON only, following this JSON Schema: ${JSON.stringify(schema)}`},
				...messages,
			];
		} else {
			const {name = 'response', description, strict = false} = format;
			options.responseFormat = {type: 'json_schema', json_schema: {name, description, schema, strict}};
		}
	}
	const parser = partialObjects?.();
	const answer = chat(messages, options);
	let step = await answer.next();
	try {
		for (; !step.done; step = await answer.next()) {
			yield step.value;
			// Not cloned: the parser's value is live (updated in place), so the whole stream stays linear.
			const object = parser && typeof step.value === 'string' ? parser.push(step.value) : undefined;
			if (object !== undefined) yield {type: 'partial_object', object};
		}
	} finally {
		// Left early (an error, a consumer that stopped reading): the request is closed.
		if (!step.done) await answer.return(undefined as never);
	}
	const result = step.value;
	// An answer that calls tools or refuses has no object; the server handler keeps no result at all.
	if (structured && result && !result.toolCalls.length && !result.refusal)
		result.object = await readObject(result.text, format.schema, providerName(provider));
	return result;
}

/** The answer's value: parsed, then validated by a Standard Schema; else a `StructuredOutputError`. */
async function readObject(text: string, schema: SchemaLike, provider: string): Promise<unknown> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (cause) {
		const message = (cause as Error).message;
		throw new StructuredOutputError(`${provider}: the answer is not JSON: ${message}`, {
			provider,
			cause,
			text,
			issues: [{message}],
		});
	}
	const {issues, value: output} = await validateWithSchema(schema, value);
	if (issues)
		throw new StructuredOutputError(
			`${provider}: the answer does not match the schema: ${issues.map(describeIssue).join('; ')}`,
			{provider, text, issues},
		);
	return output;
}
