import {readFileSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {isDeepStrictEqual} from 'node:util';
import {expect, test} from 'vitest';
import {
	Cerebras,
	collect,
	DeepSeek,
	Groq,
	type Message,
	Mistral,
	OpenAI,
	OpenaiTemplate,
	OpenRouter,
	ResponseStatusError,
} from '../../src/index.js';
import {chunk, type RecordedRequest, sse, useServer} from '../helpers/fake-openai.js';

// Reasoning sent back: `ChatResult.message` carries it in the field the provider used, and each provider's rule
// (`sendReasoningBack`) decides which assistant messages carry it on the wire. Each fake server below refuses a
// request the way the real service does (test/fixtures/README.md names the sources of the 400 texts).

const server = useServer();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const reasoningKeys = ['reasoning_content', 'reasoning', 'reasoning_details'] as const;

type Turn = (request: RecordedRequest) => {status: number; type: string; body: string};

/** Answers request number N with `turns[N]`, after `refuse` had its say (a 400 body, or undefined to go on). */
function scripted(turns: Turn[], refuse: (messages: any[]) => unknown) {
	return (request: RecordedRequest, response: ServerResponse) => {
		const error = refuse(request.json.messages);
		if (error !== undefined) {
			response.writeHead(400, {'content-type': 'application/json'});
			response.end(JSON.stringify(error));
			return;
		}

		const turn = turns[server().requests.length - 1];
		if (!turn) throw new Error('no answer scripted for this turn');
		const {status, type, body} = turn(request);
		response.writeHead(status, {'content-type': type});
		response.end(body);
	};
}

const json = (body: string) => () => ({status: 200, type: 'application/json', body});
const stream = (body: string) => () => ({status: 200, type: 'text/event-stream', body});
const key = {apiKey: 'sk-test', retry: 0} as const;

test('the provider rule is a documented static: tool-call turns by default and for DeepSeek, OpenRouter always, Groq never', () => {
	expect(OpenaiTemplate.sendReasoningBack).toBe('tool-calls');
	expect(DeepSeek.sendReasoningBack).toBe('tool-calls');
	expect(OpenRouter.sendReasoningBack).toBe('always');
	// Services that refuse any reasoning key on an assistant message.
	for (const provider of [Groq, Mistral, Cerebras, OpenAI]) expect(provider.sendReasoningBack).toBe('never');
});

test('DeepSeek: reasoning_content goes back on the tool-call turn, not on the plain one; the results keep it either way', async () => {
	// DeepSeek's two 400s: a tool-call turn without its reasoning, and (deepseek-reasoner) reasoning on a plain turn.
	const refuse = (messages: any[]) => {
		for (const [index, message] of messages.entries()) {
			if (message.role !== 'assistant') continue;
			if (message.tool_calls && typeof message.reasoning_content !== 'string')
				return {
					error: {
						message: `Missing \`reasoning_content\` field in the assistant message at message index ${index}. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls`,
						type: 'invalid_request_error',
						param: null,
						code: 'invalid_request_error',
					},
				};
			if (!message.tool_calls && 'reasoning_content' in message)
				return {
					error: {
						message:
							'The reasoning_content is an intermediate result for display purposes only and will not be included in the context for inference. Please remove the reasoning_content from your message to reduce network traffic.',
						type: 'invalid_request_error',
						param: null,
						code: 'invalid_request_error',
					},
				};
		}

		return undefined;
	};

	const turn2 = sse([
		chunk({role: 'assistant', content: null, reasoning_content: 'The date is known; '}, {model: 'deepseek-v4-flash'}),
		chunk({reasoning_content: 'answer now.'}, {model: 'deepseek-v4-flash'}),
		chunk({content: 'Tomorrow (2026-12-07) is sunny.', reasoning_content: null}, {model: 'deepseek-v4-flash'}, 'stop'),
	]);
	const turn3 = JSON.stringify({
		model: 'deepseek-v4-flash',
		choices: [{index: 0, message: {role: 'assistant', content: 'You are welcome.'}, finish_reason: 'stop'}],
	});
	server().setHandler(
		scripted([json(fixture('deepseek-thinking-tool-call-reasoning-content.json')), stream(turn2), json(turn3)], refuse),
	);
	server().requests.length = 0;
	const options = {...key, baseUrl: `${server().url}`, stream: false};
	const messages: Message[] = [{role: 'user', content: "How's the weather in Hangzhou tomorrow?"}];

	const first = await collect(DeepSeek.createAsyncGenerator('', messages, options));
	const thought = 'The user asks for the weather in Hangzhou tomorrow. I should call get_date first, then get_weather.';
	expect(first.reasoning).toBe(thought);
	expect(first.message).toEqual({
		role: 'assistant',
		content: null,
		reasoning_content: thought,
		tool_calls: [
			{
				id: 'call_00_kXq3vRz8Tn2mW5pLs9yH1cDf',
				type: 'function',
				function: {name: 'get_date', arguments: '{}'},
			},
		],
	});

	messages.push(first.message, {role: 'tool', tool_call_id: first.toolCalls[0]!.id, content: '2026-12-07'});
	const second = await collect(DeepSeek.createAsyncGenerator('', messages, {...options, stream: true}));
	expect(second.text).toBe('Tomorrow (2026-12-07) is sunny.');
	// A plain turn's message keeps its reasoning too: the rule is applied when sending, not here.
	expect(second.message).toEqual({
		role: 'assistant',
		content: 'Tomorrow (2026-12-07) is sunny.',
		reasoning_content: 'The date is known; answer now.',
	});
	expect(server().requests[1]!.json.messages[1].reasoning_content).toBe(thought);

	messages.push(second.message, {role: 'user', content: 'Thanks!'});
	const third = await collect(DeepSeek.createAsyncGenerator('', messages, options));
	expect(third.text).toBe('You are welcome.');
	const sent = server().requests[2]!.json.messages;
	expect(sent[1].reasoning_content).toBe(thought);
	expect(sent[3]).toEqual({role: 'assistant', content: 'Tomorrow (2026-12-07) is sunny.'});
	// The caller's history is left as it was: the key is dropped from what is sent only.
	expect(messages[3]).toHaveProperty('reasoning_content', 'The date is known; answer now.');
});

test('DeepSeek without the rule (the key dropped) is refused with its own 400, which the error carries', async () => {
	// What happened before this rule: the server's text reaches the caller, so the cause is visible.
	server().setHandler((_request, response) => {
		response.writeHead(400, {'content-type': 'application/json'});
		response.end(
			JSON.stringify({
				error: {
					message: 'The `reasoning_content` in the thinking mode must be passed back to the API.',
					type: 'invalid_request_error',
					param: null,
					code: 'invalid_request_error',
				},
			}),
		);
	});
	const error = await collect(
		DeepSeek.createAsyncGenerator('', [{role: 'user', content: 'x'}], {...key, baseUrl: server().url}),
	).catch((error_: unknown) => error_);
	expect(error).toBeInstanceOf(ResponseStatusError);
	expect((error as Error).message).toContain('must be passed back to the API');
});

test('OpenRouter: reasoning_details go back on every assistant message, each entry whole (pieces joined, signature and encrypted data kept)', async () => {
	const anthropicRefusal = (raw: string) => ({
		error: {
			message: 'Provider returned error',
			code: 400,
			metadata: {
				raw: JSON.stringify({type: 'error', error: {type: 'invalid_request_error', message: raw}}),
				provider_name: 'Anthropic',
			},
		},
	});
	const geminiRefusal = {
		error: {
			message: 'Provider returned error',
			code: 400,
			metadata: {
				raw: 'Gemini models require OpenRouter reasoning details to be preserved in each request. Please refer to our docs: https://openrouter.ai/docs/guides/best-practices/reasoning-tokens#preserving-reasoning-blocks.',
				provider_name: 'Google AI Studio',
			},
		},
	};
	const toolTurnDetails = [
		{
			type: 'reasoning.text',
			text: 'The user wants the time in Tokyo; I will call get_time.',
			signature: 'EqQBCkYIBxgCKkBvZ3Vlc3NpbmctaXMtbm90LWEtc2lnbmF0dXJlEgw2c2lnbmF0dXJlLWJ5dGVz',
			format: 'anthropic-claude-v1',
			index: 0,
		},
	];
	const plainTurnDetails = [
		{
			type: 'reasoning.text',
			text: "**Calculating the product**\n\nI'm breaking 17 * 23 into 17 * 20 + 17 * 3, which is 340 + 51 = 391.\n\n",
			format: 'google-gemini-v1',
			index: 0,
		},
		{
			type: 'reasoning.encrypted',
			data: 'CiQB4/H/XsQ8in2r0eYbRg4nNwM2xqrA3vX9Lq1Fz7kdPjz3YqwKYgHj8f9e',
			format: 'google-gemini-v1',
			index: 0,
		},
	];
	const refuse = (messages: any[]) => {
		for (const [index, message] of messages.entries()) {
			if (message.role !== 'assistant') continue;
			if (message.tool_calls) {
				if (!Array.isArray(message.reasoning_details))
					return anthropicRefusal(
						`messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`tool_use\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns.`,
					);
				if (!isDeepStrictEqual(message.reasoning_details, toolTurnDetails))
					return anthropicRefusal(`messages.${index}.content.0: Invalid \`signature\` in \`thinking\` block`);
			} else if (!isDeepStrictEqual(message.reasoning_details, plainTurnDetails)) {
				return geminiRefusal;
			}
		}

		return undefined;
	};

	server().setHandler(
		scripted(
			[
				stream(fixture('openrouter-anthropic-reasoning-details-signature.sse')),
				stream(fixture('openrouter-reasoning-details.sse')),
				stream(sse([chunk({content: 'Done.'}, {model: 'google/gemini-2.5-flash'}, 'stop')])),
			],
			refuse,
		),
	);
	server().requests.length = 0;
	const options = {...key, baseUrl: server().url, stream: true, checkModel: false};
	const messages: Message[] = [{role: 'user', content: 'What time is it in Tokyo?'}];

	const first = await collect(OpenRouter.createAsyncGenerator('anthropic/claude-sonnet-4.5', messages, options));
	expect(first.message).toEqual({
		role: 'assistant',
		content: null,
		reasoning: 'The user wants the time in Tokyo; I will call get_time.',
		reasoning_details: toolTurnDetails,
		tool_calls: [
			{
				id: 'toolu_01HkX3r9QmT7vN2pLs8yH1cD',
				type: 'function',
				function: {name: 'get_time', arguments: '{"zone": "Asia/Tokyo"}'},
			},
		],
	});

	messages.push(first.message, {role: 'tool', tool_call_id: 'toolu_01HkX3r9QmT7vN2pLs8yH1cD', content: '09:12'});
	const second = await collect(OpenRouter.createAsyncGenerator('google/gemini-2.5-flash', messages, options));
	expect(second.message).toEqual({
		role: 'assistant',
		content: '17 × 23 = 391.',
		reasoning: plainTurnDetails[0]!.text,
		reasoning_details: plainTurnDetails,
	});

	messages.push(second.message, {role: 'user', content: 'Thanks'});
	const third = await collect(OpenRouter.createAsyncGenerator('google/gemini-2.5-flash', messages, options));
	expect(third.text).toBe('Done.');
	expect(server().requests).toHaveLength(3);
	expect(server().requests[2]!.json.messages[3].reasoning_details).toEqual(plainTurnDetails);
});

test('Groq (never): reasoning stays in the result but is not sent, since Groq refuses the key', async () => {
	const refuse = (messages: any[]) => {
		for (const [index, message] of messages.entries()) {
			const found = reasoningKeys.find(name => message.role === 'assistant' && name in message);
			if (found)
				return {
					error: {
						message: `'messages.${index}' : for 'role:assistant' the following must be satisfied[('messages.${index}' : property '${found}' is unsupported, did you mean 'role'?)]`,
						type: 'invalid_request_error',
					},
				};
		}

		return undefined;
	};

	server().setHandler(
		scripted(
			[
				stream(fixture('groq-reasoning-field.sse')),
				stream(sse([chunk({content: 'Sure.'}, {model: 'qwen/qwen3-32b'}, 'stop')])),
			],
			refuse,
		),
	);
	server().requests.length = 0;
	const options = {...key, baseUrl: server().url, stream: true, checkModel: false};
	const messages: Message[] = [{role: 'user', content: 'hi'}];
	const first = await collect(Groq.createAsyncGenerator('qwen/qwen3-32b', messages, options));
	expect(first.reasoning).not.toBe('');
	expect(first.message.reasoning).toBe(first.reasoning);
	messages.push(first.message, {role: 'user', content: 'again'});
	expect((await collect(Groq.createAsyncGenerator('qwen/qwen3-32b', messages, options))).text).toBe('Sure.');
	expect(server().requests[1]!.json.messages[1]).toEqual({role: 'assistant', content: first.text});
});

test('a provider of your own picks its rule; a message written by hand may carry any of the three keys', async () => {
	class Always extends OpenaiTemplate {
		static override defaultModel = 'm';
		static override sendReasoningBack = 'always' as const;
	}

	class Never extends OpenaiTemplate {
		static override defaultModel = 'm';
		static override sendReasoningBack = 'never' as const;
	}

	const history: Message[] = [
		{role: 'user', content: 'a'},
		{
			role: 'assistant',
			content: 'b',
			reasoning_content: 'r1',
			reasoning: 'r2',
			reasoning_details: [{type: 'reasoning.text', text: 'r3'}],
		},
		{
			role: 'assistant',
			content: null,
			reasoning_content: 'r4',
			tool_calls: [{id: 'c', type: 'function', function: {name: 'f', arguments: '{}'}}],
		},
		{role: 'tool', tool_call_id: 'c', content: 'ok'},
	];
	server().setHandler((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end(
			JSON.stringify({
				model: 'm',
				choices: [{index: 0, message: {role: 'assistant', content: 'k'}, finish_reason: 'stop'}],
			}),
		);
	});
	server().requests.length = 0;
	const options = {baseUrl: server().url, stream: false, retry: 0};
	await collect(Always.createAsyncGenerator('', history, options));
	// The template's default: tool-call turns.
	await collect(OpenaiTemplate.createAsyncGenerator('m', history, options));
	await collect(Never.createAsyncGenerator('', history, options));
	const [always, onToolCalls, never] = server().requests.map(request => request.json.messages);
	expect(always).toEqual(history);
	expect(onToolCalls[1]).toEqual({role: 'assistant', content: 'b'});
	expect(onToolCalls[2]).toEqual(history[2]);
	expect(never[1]).toEqual({role: 'assistant', content: 'b'});
	expect(never[2]).not.toHaveProperty('reasoning_content');
});
