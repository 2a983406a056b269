import {ProviderError, type ProviderErrorOptions} from '../errors/provider-error.js';
import type {StandardSchemaIssue} from './standard-schema.js';

/**
The answer to a `responseFormat: {schema}` request is not JSON, or does not pass the schema (a Standard Schema's
validation). Raised when the answer has ended, after all its chunks were yielded; the answer is in `text`.
*/
export class StructuredOutputError extends ProviderError {
	override readonly name = 'StructuredOutputError';
	/** The answer text as the model wrote it. */
	readonly text: string;
	/** Why it failed: the schema's validation issues, or one issue with `JSON.parse`'s message. */
	readonly issues: readonly StandardSchemaIssue[];

	constructor(message: string, options: ProviderErrorOptions & {text: string; issues: readonly StandardSchemaIssue[]}) {
		super(message, options);
		this.text = options.text;
		this.issues = options.issues;
	}
}
