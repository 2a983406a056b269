import type {InferOutput, SchemaLike} from '../structured/standard-schema.js';
import {toJsonSchema} from '../structured/to-json-schema.js';
import type {Messages} from '../types/message.js';
import type {FunctionTool} from '../types/options.js';

/** What `execute` gets besides the arguments. */
export interface ToolContext {
	/** Aborts when the caller's signal does, when the loop stops early (the consumer left, `toolErrors: 'throw'`). */
	signal: AbortSignal;
	/** The id of the call being run. */
	toolCallId: string;
	/** The conversation so far, up to the assistant message that made this call. */
	messages: Messages;
}

/** A function the model may call, and how `runTools` runs it. */
export interface Tool<Parameters extends SchemaLike = SchemaLike> {
	/** What it does, for the model to decide when to call it. */
	description?: string;
	/**
	Its arguments: a plain JSON Schema (sent as is, not checked), a Standard JSON Schema (sent), or a Standard Schema
	(zod, valibot, ArkType: checked, and the type of `args`). Arguments that fail go back to the model, not to `execute`.
	*/
	parameters: Parameters;
	/**
	Runs the call. A string result is sent to the model as is, anything else as `JSON.stringify(result)`
	(`undefined` as `''`). Without `execute`, a call ends the loop and is returned in `pendingToolCalls`, for the
	app to run (after asking the user, say) and answer with a `tool` message.
	*/
	execute?: (args: InferOutput<Parameters>, context: ToolContext) => unknown;
}

/** Tools by name; each tool's `args` are typed from its own `parameters`. */
export type Tools<Schemas extends Record<string, SchemaLike> = Record<string, SchemaLike>> = {
	[Name in keyof Schemas]: Tool<Schemas[Name]>;
};

/** The `tools` option sent to the API: each tool's parameters as JSON Schema. */
export function toFunctionTools(tools: Tools): FunctionTool[] {
	return Object.entries(tools).map(([name, {description, parameters}]) => ({
		type: 'function',
		function: {name, description, parameters: toJsonSchema(parameters)},
	}));
}
