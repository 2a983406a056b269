import {validateWithSchema} from '../structured/validate.js';
import {describeIssue} from '../structured/describe-issue.js';
import type {ToolCall, ToolResult} from '../types/chunk.js';
import type {Messages, ToolMessage} from '../types/message.js';
import type {Tools} from './tool-definitions.js';

export interface ExecuteOptions {
	tools: Tools;
	/** The conversation up to the assistant message that made the calls. */
	messages: Messages;
	signal: AbortSignal;
	/** Resolves never; rejects with the signal's reason when it aborts. */
	aborted: Promise<never>;
	concurrency: number;
	/** `'throw'`: an `execute` that throws ends the loop with its error, instead of telling the model. */
	toolErrors: 'throw' | undefined;
}

export interface ExecutedCalls {
	/** One `tool` message per call run, in the order of the calls. */
	toolMessages: ToolMessage[];
	/** Calls of tools without `execute`, in order. */
	pending: ToolCall[];
}

/** The `tool` message content: a string as is, anything else as JSON text. */
function contentOf(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/**
Runs one call: its arguments parsed and checked, then `execute`. A mistake of the model (an unknown tool, arguments
not JSON or not valid: a `TypeError`) and, unless `toolErrors: 'throw'`, an `execute` that throws become a result
with `error`. Resolves the result and the `tool` message's content, or `undefined` for a tool without `execute`.
*/
async function runCall(call: ToolCall, options: ExecuteOptions): Promise<[ToolResult, string] | undefined> {
	const {name, arguments: text} = call.function;
	const base = {type: 'tool_result', toolCallId: call.id, name} as const;
	/** Whether a failure is the model's, to tell it, rather than the app's. */
	let mistake = true;
	try {
		const tool = Object.hasOwn(options.tools, name) ? options.tools[name] : undefined;
		if (!tool) throw new TypeError(`Unknown tool ${name}; the tools are: ${Object.keys(options.tools).join(', ')}`);
		let args: unknown;
		try {
			// Some servers send '' for a call without arguments.
			args = text.trim() ? JSON.parse(text) : {};
		} catch (error) {
			throw new TypeError(`Arguments are not JSON: ${(error as Error).message}`);
		}
		mistake = false;
		const checked = await validateWithSchema(tool.parameters, args);
		if (checked.issues) {
			mistake = true;
			throw new TypeError(`Invalid arguments: ${checked.issues.map(describeIssue).join('; ')}`);
		}
		if (!tool.execute) return undefined;
		const value = await tool.execute(checked.value, {
			signal: options.signal,
			toolCallId: call.id,
			messages: options.messages,
		});
		// Inside the try: a result JSON cannot hold (a BigInt, a cycle) fails like a throw of `execute`.
		return [{...base, result: value}, contentOf(value)];
	} catch (error) {
		if (!mistake) {
			if (options.signal.aborted) throw options.signal.reason;
			if (options.toolErrors === 'throw') throw error;
		}
		const message = mistake
			? (error as Error).message
			: `Error: ${error instanceof Error ? error.message : String(error)}`;
		return [{...base, result: message, error}, message];
	}
}

/**
Runs the calls of one turn, at most `concurrency` at a time, and yields each `ToolResult` as its call finishes
(in the order they finish); returns the `tool` messages in the order of the calls. Rejects with the signal's
reason as soon as it aborts, without waiting for an `execute` that ignores it.
*/
export async function* executeToolCalls(
	calls: readonly ToolCall[],
	options: ExecuteOptions,
): AsyncGenerator<ToolResult, ExecutedCalls, undefined> {
	const results: Array<[ToolResult, string] | undefined> = [];
	const finished: ToolResult[] = [];
	let wake = () => {};
	let next = 0;
	const worker = async () => {
		while (next < calls.length && !options.signal.aborted) {
			const index = next++;
			const result = await runCall(calls[index] as ToolCall, options);
			results[index] = result;
			if (result) finished.push(result[0]);
			wake();
		}
	};

	const workers = Promise.all(Array.from({length: Math.min(options.concurrency, calls.length)}, worker));
	let done = false;
	void workers.then(
		() => {
			done = true;
			wake();
		},
		() => {},
	);
	while (!done || finished.length > 0) {
		if (finished.length === 0) {
			// Wakes on a result, on the end of all work, and rejects on a thrown `execute` (`'throw'`) or an abort.
			await Promise.race([new Promise<void>(resolve => (wake = resolve)), workers, options.aborted]);
			continue;
		}
		yield finished.shift() as ToolResult;
	}

	const toolMessages: ToolMessage[] = [];
	const pending: ToolCall[] = [];
	calls.forEach((call, index) => {
		const result = results[index];
		if (result) toolMessages.push({role: 'tool', tool_call_id: call.id, content: result[1]});
		else pending.push(call);
	});
	return {toolMessages, pending};
}
