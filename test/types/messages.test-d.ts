// Type tests, checked by `npm run typecheck` (tsconfig.test.json): each `@ts-expect-error` line must be an error,
// everything else must compile under `strict`. Nothing here runs.
import {
	CablyAI,
	collect,
	IterListProvider,
	type ChatResult,
	type Chunk,
	type Message,
	type Messages,
	type ToolCall,
} from '../../src/index.js';

declare const apiKey: string;
declare const result: ChatResult;

export async function accepted(): Promise<void> {
	// A literal `as const`, a `Messages` annotation, readonly arrays and readonly messages.
	const literal = [{role: 'user', content: 'hi'}] as const;
	CablyAI.createAsyncGenerator('', literal, {apiKey});
	const typed: Messages = [
		{role: 'system', content: 'be brief'},
		{role: 'developer', content: 'no lists'},
		{role: 'user', content: 'hi'},
	];
	const message: Readonly<Message> = {role: 'user', content: 'x'};
	const frozen: ReadonlyArray<Readonly<Message>> = Object.freeze([message]);
	CablyAI.createAsyncGenerator('', frozen);
	const parts = [
		{
			role: 'user',
			content: [
				{type: 'text', text: 'look'},
				{type: 'image_url', image_url: {url: 'https://example.com/cat.png'}},
			],
		},
	] as const;
	CablyAI.createAsyncGenerator('', parts);

	// The tool round trip: the result's message appends as is, then one tool message per call.
	const history: Message[] = [...typed];
	history.push(result.message);
	const call: ToolCall = result.toolCalls[0]!;
	history.push({role: 'tool', tool_call_id: call.id, content: '18 °C'});
	history.push({
		role: 'assistant',
		content: null,
		tool_calls: [{id: 'c1', type: 'function', function: {name: 'f', arguments: '{}'}}],
	});

	// Generators yield chunks and return the result; collect() resolves to it.
	const generator: AsyncGenerator<Chunk, ChatResult, undefined> = CablyAI.createAsyncGenerator('', history);
	const collected: ChatResult = await collect(generator);
	const text: string = collected.text;
	const fallback: AsyncGenerator<Chunk, ChatResult, undefined> = new IterListProvider([CablyAI]).createAsyncGenerator(
		'',
		history,
		{apiKey: new Map([[CablyAI, apiKey]])},
	);
	for await (const chunk of fallback) {
		if (typeof chunk === 'string') continue;
		if (chunk.type === 'retry') console.log(chunk.attempt, chunk.delay, chunk.error.message);
		else if (chunk.type === 'fallback') console.log(chunk.from, chunk.error.message);
	}

	void text;
}

export function rejected(history: Message[]): void {
	// @ts-expect-error a misspelt key is not part of any message
	history.push({role: 'tool', tool_callid: 'c1', content: '42'});
	// @ts-expect-error a tool message needs `tool_call_id`
	history.push({role: 'tool', content: '42'});
	// @ts-expect-error keys of one role are not allowed on another
	history.push({role: 'user', content: 'x', tool_call_id: 'c1'});
	// @ts-expect-error an unknown role
	history.push({role: 'robot', content: 'x'});
	// @ts-expect-error tool calls are typed: `type: 'function'` is missing
	history.push({role: 'assistant', content: null, tool_calls: [{id: 'c', function: {name: 'f', arguments: '{}'}}]});
	// A literal without `as const` or an annotation widens `role` to string.
	const widened = [{role: 'user', content: 'hi'}];
	// @ts-expect-error `string` is not a role
	CablyAI.createAsyncGenerator('', widened);
	// @ts-expect-error the fallback's Map is keyed by provider class
	new IterListProvider([CablyAI]).createAsyncGenerator('', history, {apiKey: new Map([['CablyAI', 'k']])});
}
