import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Plugin} from 'vite';

/**
A small OpenAI-compatible endpoint with deterministic demo models, served by Vite itself (dev and preview),
so the demo page streams on first open with no key and no network.
*/
export const demoModels = ['demo-echo', 'demo-reasoner', 'demo-tools', 'demo-rate-limited', 'demo-image'] as const;

/** The models answered at `/v1/images/generations` instead of `/v1/chat/completions`. */
export const demoImageModels = ['demo-image'];

interface ToolCall {
	id: string;
	type: 'function';
	function: {name: string; arguments: string};
}

/** One message of the request, as far as the demo reads it. */
interface Message {
	role?: string;
	content?: unknown;
	tool_call_id?: string;
	tool_calls?: ToolCall[];
}

/** What a streamed chunk's `delta` may carry here. */
interface Delta {
	role?: 'assistant';
	content?: string;
	reasoning_content?: string;
	tool_calls?: Array<{index: number; id?: string; type?: 'function'; function: {name?: string; arguments: string}}>;
}

interface ChatRequest {
	model: string;
	messages: Message[];
	stream: boolean;
}

const story =
	'Streaming means the first words reach you while the model is still writing the rest. ' +
	'cablyai reads the server-sent events as their bytes arrive, turns each one into a chunk, and yields it at once: ' +
	'text as strings, reasoning, tool calls, usage and the finish reason as small objects. ' +
	'Press Stop at any moment and the connection closes right away; nothing keeps running in the background. ' +
	'Switch to demo-reasoner to watch reasoning arrive before the answer, to demo-tools for a tool call, ' +
	'to demo-image for a picture, or to demo-rate-limited to see how a rate limit is reported.';

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	return Array.isArray(content)
		? content.map(part => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join(' ')
		: '';
}

function lastUserText(messages: Message[]): string {
	return textOf(messages.findLast(message => message.role === 'user')?.content);
}

/** Answers the tool results that end the history, naming each call as the assistant message sent it back. */
function toolResultAnswer(messages: Message[]): string | undefined {
	let first = messages.length;
	while (messages[first - 1]?.role === 'tool') first--;
	const results = messages.slice(first);
	if (results.length === 0) return undefined;
	const calls = messages.flatMap(message => message.tool_calls ?? []);
	const described = results.map(result => {
		const call = calls.find(candidate => candidate.id === result.tool_call_id);
		return `${call ? `${call.function.name}(${call.function.arguments})` : 'an unknown call'} returned ${textOf(result.content)}`;
	});
	return `Thanks: ${described.join('; ')}. A real model would now answer with that result.`;
}

/** The deltas a demo model answers with, in order; `pace` is the pause between them in ms. */
export function demoScript(
	model: string,
	messages: Message[],
): {deltas: Delta[]; finish: string; pace: number; toolCalls?: ToolCall[]} {
	const prompt = lastUserText(messages).trim() || 'nothing';
	const words = (text: string) => text.split(/(?<= )/);
	switch (model) {
		case 'demo-reasoner': {
			return {
				deltas: [
					...words(`The user asked about “${prompt}”. A short, friendly answer will do. `).map(text => ({
						reasoning_content: text,
					})),
					...words(`Here is my considered answer to “${prompt}”: think first, then speak.`).map(content => ({content})),
				],
				finish: 'stop',
				pace: 40,
			};
		}

		case 'demo-tools': {
			const answer = toolResultAnswer(messages);
			if (answer) return {deltas: words(answer).map(content => ({content})), finish: 'stop', pace: 30};
			const call: ToolCall = {
				id: 'call_demo_1',
				type: 'function',
				function: {name: 'get_weather', arguments: JSON.stringify({city: prompt.slice(0, 40), unit: 'celsius'})},
			};
			return {
				deltas: [
					{
						tool_calls: [
							{index: 0, id: call.id, type: 'function', function: {name: call.function.name, arguments: ''}},
						],
					},
					...(call.function.arguments.match(/.{1,8}/g) ?? []).map(fragment => ({
						tool_calls: [{index: 0, function: {arguments: fragment}}],
					})),
				],
				finish: 'tool_calls',
				pace: 30,
				toolCalls: [call],
			};
		}

		default: {
			return {deltas: words(`You said: “${prompt}”. ${story}`).map(content => ({content})), finish: 'stop', pace: 40};
		}
	}
}

/** A picture for demo-image: the prompt written on a gradient, as an SVG data URL. */
export function demoImage(prompt: string): string {
	const escaped = prompt.slice(0, 60).replace(/[<>&"]/g, character => `&#${character.codePointAt(0)};`);
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">` +
		'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2563eb"/><stop offset="1" stop-color="#db2777"/></linearGradient></defs>' +
		`<rect width="256" height="256" rx="24" fill="url(#g)"/><text x="128" y="136" font-family="sans-serif" font-size="18" fill="white" text-anchor="middle">${escaped}</text></svg>`;
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function chunk(model: string, delta: Delta, finishReason: string | null = null): string {
	return `data: ${JSON.stringify({id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{index: 0, delta, finish_reason: finishReason}]})}\n\n`;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
	const parts: Buffer[] = [];
	for await (const part of request) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(String(part)));
	return JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
}

function isToolCall(value: unknown): value is ToolCall {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		isRecord(value.function) &&
		typeof value.function.name === 'string' &&
		typeof value.function.arguments === 'string'
	);
}

function toMessage(fields: Record<string, unknown>): Message {
	return {
		role: typeof fields.role === 'string' ? fields.role : undefined,
		content: fields.content,
		tool_call_id: typeof fields.tool_call_id === 'string' ? fields.tool_call_id : undefined,
		tool_calls: Array.isArray(fields.tool_calls) ? fields.tool_calls.filter(isToolCall) : undefined,
	};
}

/** The fields the demo reads from a request body; anything else is ignored. */
function chatRequest(body: unknown): ChatRequest {
	const fields = isRecord(body) ? body : {};
	return {
		model: typeof fields.model === 'string' ? fields.model : '',
		messages: Array.isArray(fields.messages) ? fields.messages.filter(isRecord).map(toMessage) : [],
		stream: fields.stream === true,
	};
}

function invalid(response: ServerResponse, message: string): void {
	sendJson(response, 400, {error: {message, type: 'invalid_request_error'}});
}

function answerImage(response: ServerResponse, body: unknown): void {
	const prompt = isRecord(body) && typeof body.prompt === 'string' ? body.prompt : '';
	if (!isRecord(body) || !demoImageModels.includes(String(body.model))) {
		invalid(response, `Only ${demoImageModels.join(', ')} makes images here.`);
		return;
	}

	sendJson(response, 200, {
		created: Math.floor(Date.now() / 1000),
		data: [{url: demoImage(prompt || 'a picture'), revised_prompt: prompt}],
	});
}

function answerJson(
	response: ServerResponse,
	model: string,
	script: ReturnType<typeof demoScript>,
	usage: object,
): void {
	const content = script.deltas.map(delta => delta.content ?? '').join('');
	const reasoning = script.deltas.map(delta => delta.reasoning_content ?? '').join('');
	sendJson(response, 200, {
		id: 'chatcmpl-demo',
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message: {
					role: 'assistant',
					content: content || null,
					...(reasoning && {reasoning_content: reasoning}),
					...(script.toolCalls && {tool_calls: script.toolCalls}),
				},
				finish_reason: script.finish,
			},
		],
		usage,
	});
}

async function answerStream(
	response: ServerResponse,
	model: string,
	script: ReturnType<typeof demoScript>,
	usage: object,
): Promise<void> {
	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'});
	response.write(chunk(model, {role: 'assistant', content: ''}));
	for (const delta of script.deltas) {
		// The client stopped (Stop button, closed tab): stop writing.
		if (response.destroyed) return;
		response.write(chunk(model, delta));
		await sleep(script.pace);
	}

	if (response.destroyed) return;
	response.write(chunk(model, {}, script.finish));
	response.write(
		`data: ${JSON.stringify({id: 'chatcmpl-demo', object: 'chat.completion.chunk', model, choices: [], usage})}\n\n`,
	);
	response.end('data: [DONE]\n\n');
}

/** Connect middleware: answers `/v1/models`, `/v1/chat/completions` and `/v1/images/generations`, passes everything else on. */
export async function handleDemoRequest(
	request: IncomingMessage,
	response: ServerResponse,
	next: () => void,
): Promise<void> {
	const path = request.url?.split('?')[0];
	if (path === '/v1/models' && request.method === 'GET') {
		sendJson(response, 200, {
			object: 'list',
			data: demoModels.map(id => ({id, object: 'model', owned_by: 'cablyai-demo'})),
		});
		return;
	}

	const isImages = path === '/v1/images/generations';
	if ((path !== '/v1/chat/completions' && !isImages) || request.method !== 'POST') {
		next();
		return;
	}

	let body: unknown;
	try {
		body = await readJson(request);
	} catch {
		invalid(response, 'The request body is not JSON.');
		return;
	}

	if (isImages) {
		answerImage(response, body);
		return;
	}

	const {model, messages, stream} = chatRequest(body);
	if (model === 'demo-rate-limited') {
		sendJson(
			response,
			429,
			{
				error: {
					message: 'Rate limit reached for demo-rate-limited: 3 requests per minute.',
					type: 'requests',
					code: 'rate_limit_exceeded',
				},
			},
			{'retry-after': '20'},
		);
		return;
	}

	if (demoImageModels.includes(model)) {
		invalid(response, `${model} makes images: post to /v1/images/generations.`);
		return;
	}

	if (!(demoModels as readonly string[]).includes(model)) {
		sendJson(response, 404, {
			error: {
				message: `The model \`${model}\` does not exist.`,
				type: 'invalid_request_error',
				code: 'model_not_found',
			},
		});
		return;
	}

	const script = demoScript(model, messages);
	const promptTokens = JSON.stringify(messages).length >> 2;
	const usage = {
		prompt_tokens: promptTokens,
		completion_tokens: script.deltas.length,
		total_tokens: promptTokens + script.deltas.length,
	};
	if (stream) await answerStream(response, model, script, usage);
	else answerJson(response, model, script, usage);
}

export function demoEndpoint(): Plugin {
	const middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => {
		handleDemoRequest(request, response, next).catch(() => {
			if (!response.headersSent) response.writeHead(500);
			response.end();
		});
	};

	return {
		name: 'cablyai-demo-endpoint',
		configureServer(server) {
			server.middlewares.use(middleware);
		},
		configurePreviewServer(server) {
			server.middlewares.use(middleware);
		},
	};
}
