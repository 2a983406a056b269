import type {ChatResult} from '../types/chat-result.js';
import {describeIssue} from './describe-issue.js';
import type {SchemaLike, StandardSchemaIssue} from './standard-schema.js';
import {StructuredOutputError} from './structured-output-error.js';
import {validateWithSchema} from './validate.js';

/**
Sets `result.object` to the answer's value, parsed and validated by `schema` when it is a Standard Schema; an answer
that is not JSON or fails is a `StructuredOutputError`. An answer that calls tools or refuses has no object.
*/
export async function readObject(result: ChatResult, schema: SchemaLike, provider: string): Promise<ChatResult> {
	if (result.toolCalls.length || result.refusal) return result;
	const {text} = result;
	let issues: readonly StandardSchemaIssue[] | undefined;
	let cause: unknown;
	try {
		({value: result.object, issues} = await validateWithSchema(schema, JSON.parse(text)));
	} catch (error) {
		// JSON.parse's message says that the text is not JSON; a schema library that throws says what went wrong.
		cause = error;
		issues = [{message: (error as Error).message}];
	}
	if (issues)
		// Fields set here, not by a constructor of its own: bytes every page that streams a chat carries.
		throw Object.assign(
			new StructuredOutputError(
				`${provider}: the answer does not match the schema: ${issues.map(describeIssue).join('; ')}`,
				{provider, cause},
			),
			{text, issues},
		);
	return result;
}
