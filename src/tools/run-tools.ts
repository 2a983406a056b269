import type {SchemaLike} from '../structured/standard-schema.js';
import type {ChatResult, ResultMessage} from '../types/chat-result.js';
import type {Chunk, RunToolsChunk, ToolCall} from '../types/chunk.js';
import type {Messages, ToolMessage} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import {fail} from '../utils/fail.js';
import {isRecord} from '../utils/is-record.js';
import {executeToolCalls} from './execute-tool-calls.js';
import {toFunctionTools, type Tools} from './tool-definitions.js';

/**
Anything that answers a chat: a provider class (`OpenaiTemplate` and its subclasses) or a fallback
(`IterListProvider`, `RotatedProvider`).
*/
export interface ChatProvider<Options = CreateOptions> {
	/** Streams one answer, as `OpenaiTemplate.createAsyncGenerator` does. */
	createAsyncGenerator(
		model: string,
		messages: Messages,
		options?: Options,
	): AsyncGenerator<Chunk, ChatResult, undefined>;
}

/** The options of `runTools` besides those of the provider's `createAsyncGenerator`. */
export interface RunToolsOwnOptions<Schemas extends Record<string, SchemaLike>> {
	/** The tools, by name: sent as the `tools` option, and run when the model calls them. */
	tools: Tools<Schemas>;
	/**
	Model turns at most: after this many, the loop stops (the last turn's calls run, and the result says
	`stepLimitReached`).
	@default 5
	*/
	maxSteps?: number;
	/**
	Calls of one turn that run at the same time, at most.
	@default 4
	*/
	toolConcurrency?: number;
	/**
	`'throw'`: an `execute` that throws ends the loop with its error. Otherwise the error's message goes back to the
	model as the call's result (`Error: …`), and the `ToolResult` chunk carries the error.
	*/
	toolErrors?: 'throw';
	/** Stops the model, every running `execute` and any further turn; rejects with the signal's reason, as is. */
	signal?: AbortSignal | null;
}

/** `runTools` options: the provider's options (its `tools` replaced), and the loop's own. */
export type RunToolsOptions<Schemas extends Record<string, SchemaLike>, Options = CreateOptions> = Omit<
	Options,
	keyof RunToolsOwnOptions<Schemas>
> &
	RunToolsOwnOptions<Schemas>;

/** What `runTools` returns: the last turn's answer, and what the loop added to the conversation. */
export interface RunToolsResult extends ChatResult {
	/**
	Every message the loop added, in order: each turn's assistant message (with its `tool_calls`) and the `tool`
	messages answering its calls. Append them to the conversation to go on.
	*/
	messages: Array<ResultMessage | ToolMessage>;
	/** Model turns taken. */
	steps: number;
	/** The loop stopped at `maxSteps` while the model was still calling tools (`finishReason` is the model's). */
	stepLimitReached: boolean;
	/**
	Calls of tools without `execute` (their arguments already checked), for the app to run: answer each with a
	`{role: 'tool', tool_call_id, content}` message after `messages`. Empty when there are none.
	*/
	pendingToolCalls: ToolCall[];
}

/** A positive integer option, or a caller's mistake. */
function count(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) fail(`${name} is an integer of at least 1, not ${String(value)}`);
	return value;
}

/**
Chats with tools that run themselves: each model turn is streamed as `createAsyncGenerator` streams it, the calls
it makes are run (arguments parsed and checked against the tool's `parameters`), their results sent back, and the
model asked again, until it answers without calls, calls a tool that has no `execute`, or `maxSteps` turns are
taken.

Yields a `Step` chunk as each turn starts (the first included: `{type: 'step', step: 1}`), every chunk of the turn,
then a `ToolResult` as each call finishes (in the order they finish; the `tool` messages go back in the order of the
calls). Returns the last turn's `ChatResult` with the messages the loop added (`RunToolsResult`).

Arguments that are not JSON or fail validation, and unknown tools, go back to the model as the call's result, for
it to correct itself; so does an `execute` that throws, unless `toolErrors: 'throw'`.

@param provider - A provider class, or an `IterListProvider` / `RotatedProvider`.
*/
export async function* runTools<Schemas extends Record<string, SchemaLike>, Options = CreateOptions>(
	provider: ChatProvider<Options>,
	model: string,
	messages: Messages,
	options: RunToolsOptions<Schemas, NoInfer<Options>>,
): AsyncGenerator<RunToolsChunk, RunToolsResult, undefined> {
	const {tools, maxSteps = 5, toolConcurrency = 4, toolErrors, signal, ...createOptions} = options;
	count(maxSteps, 'maxSteps');
	const concurrency = count(toolConcurrency, 'toolConcurrency');
	if (!isRecord(tools)) fail('`tools` is an object of tools by name');
	const definitions = toFunctionTools(tools as Tools);
	// One signal for the model and every execute: the caller's abort, or the loop ending early.
	const controller = new AbortController();
	const stop = () => controller.abort(signal?.reason);
	if (signal?.aborted) stop();
	signal?.addEventListener('abort', stop, {once: true});
	const aborted = new Promise<never>((_, reject) =>
		controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {once: true}),
	);
	aborted.catch(() => {});
	const added: Array<ResultMessage | ToolMessage> = [];
	let ended = false;
	try {
		for (let step = 1; ; step++) {
			controller.signal.throwIfAborted();
			yield {type: 'step', step};
			const history = [...messages, ...added];
			const result = yield* provider.createAsyncGenerator(model, history, {
				...createOptions,
				// No tools at all is a plain chat: some APIs refuse an empty `tools`.
				tools: definitions.length ? definitions : undefined,
				signal: controller.signal,
			} as Options);
			added.push(result.message);
			const {toolMessages, pending} = result.toolCalls.length
				? yield* executeToolCalls(result.toolCalls, {
						tools: tools as Tools,
						messages: [...history, result.message],
						signal: controller.signal,
						aborted,
						concurrency,
						toolErrors,
					})
				: {toolMessages: [], pending: []};
			added.push(...toolMessages);
			const stepLimitReached = step >= maxSteps && toolMessages.length > 0 && pending.length === 0;
			if (toolMessages.length === 0 || pending.length > 0 || stepLimitReached) {
				ended = true;
				return {...result, messages: added, steps: step, stepLimitReached, pendingToolCalls: pending};
			}
		}
	} finally {
		signal?.removeEventListener('abort', stop);
		// Left early (an error, an abort, a consumer that stopped reading): stop whatever still runs.
		if (!ended) controller.abort();
	}
}
