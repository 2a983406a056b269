import {ProviderError} from '../errors/provider-error.js';
import type {StandardSchemaIssue} from './standard-schema.js';

/**
The answer to a `responseFormat: {schema}` request is not JSON (cut off at `maxTokens`, text around the JSON), or fails
the schema's validation. Raised once the answer has ended, after all its chunks were yielded.
*/
export class StructuredOutputError extends ProviderError {
	override readonly name = 'StructuredOutputError';
	/** The answer text as the model wrote it. */
	declare readonly text: string;
	/** Why it failed: the schema's validation issues, or one with `JSON.parse`'s message (the error is the `cause`). */
	declare readonly issues: readonly StandardSchemaIssue[];
}
