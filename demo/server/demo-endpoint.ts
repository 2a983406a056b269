import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Plugin} from 'vite';

/**
A small OpenAI-compatible endpoint with deterministic demo models, served by Vite itself (dev and preview),
so the demo page streams on first open with no key and no network.
*/
export const demoModels = ['demo-echo', 'demo-reasoner', 'demo-tools', 'demo-rate-limited'] as const;

type Delta = Record<string, unknown>;
type Message = {role?: string; content?: unknown};

const story = 'Streaming means the first words reach you while the model is still writing the rest. '
	+ 'cablyai reads the server-sent events as their bytes arrive, turns each one into a chunk, and yields it at once: '
	+ 'text as strings, reasoning, tool calls, usage and the finish reason as small objects. '
	+ 'Press Stop at any moment and the connection closes right away; nothing keeps running in the background. '
	+ 'Switch to demo-reasoner to watch reasoning arrive before the answer, to demo-tools for a tool call, '
	+ 'or to demo-rate-limited to see how a rate limit is reported.';

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function lastUserText(messages: Message[]): string {
	const content = messages.findLast(message => message.role === 'user')?.content;
	if (typeof content === 'string') return content;
	return Array.isArray(content) ? content.map(part => (typeof part?.text === 'string' ? part.text : '')).join(' ') : '';
}

/** The deltas a demo model answers with, in order; `pace` is the pause between them in ms. */
export function demoScript(model: string, messages: Message[]): {deltas: Delta[]; finish: string; pace: number} {
	const prompt = lastUserText(messages).trim() || 'nothing';
	const words = (text: string) => text.split(/(?<= )/);
	switch (model) {
		case 'demo-reasoner': {
			return {
				deltas: [
					...words(`The user asked about “${prompt}”. A short, friendly answer will do. `).map(text => ({reasoning_content: text})),
					...words(`Here is my considered answer to “${prompt}”: think first, then speak.`).map(content => ({content})),
				],
				finish: 'stop',
				pace: 40,
			};
		}

		case 'demo-tools': {
			const args = JSON.stringify({city: prompt.slice(0, 40), unit: 'celsius'});
			return {
				deltas: [
					{tool_calls: [{index: 0, id: 'call_demo_1', type: 'function', function: {name: 'get_weather', arguments: ''}}]},
					...args.match(/.{1,8}/g)!.map(fragment => ({tool_calls: [{index: 0, function: {arguments: fragment}}]})),
				],
				finish: 'tool_calls',
				pace: 30,
			};
		}

		default: {
			return {deltas: words(`You said: “${prompt}”. ${story}`).map(content => ({content})), finish: 'stop', pace: 40};
		}
	}
}

function chunk(model: string, delta: Delta, finishReason: string | null = null, extra: Delta = {}): string {
	return `data: ${JSON.stringify({id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{index: 0, delta, finish_reason: finishReason}], ...extra})}\n\n`;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<any> {
	const parts: Buffer[] = [];
	for await (const part of request) parts.push(part as Buffer);
	return JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
}

/** Connect middleware: answers `/v1/models` and `/v1/chat/completions`, passes everything else on. */
export async function handleDemoRequest(request: IncomingMessage, response: ServerResponse, next: () => void): Promise<void> {
	const path = request.url?.split('?')[0];
	if (path === '/v1/models' && request.method === 'GET') {
		sendJson(response, 200, {object: 'list', data: demoModels.map(id => ({id, object: 'model', owned_by: 'cablyai-demo'}))});
		return;
	}

	if (path !== '/v1/chat/completions' || request.method !== 'POST') {
		next();
		return;
	}

	let body: {model?: string; messages?: Message[]; stream?: boolean};
	try {
		body = await readJson(request);
	} catch {
		sendJson(response, 400, {error: {message: 'The request body is not JSON.', type: 'invalid_request_error'}});
		return;
	}

	const model = body.model ?? '';
	if (model === 'demo-rate-limited') {
		sendJson(response, 429, {error: {message: 'Rate limit reached for demo-rate-limited: 3 requests per minute.', type: 'requests', code: 'rate_limit_exceeded'}}, {'retry-after': '20'});
		return;
	}

	if (!(demoModels as readonly string[]).includes(model)) {
		sendJson(response, 404, {error: {message: `The model \`${model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found'}});
		return;
	}

	const {deltas, finish, pace} = demoScript(model, body.messages ?? []);
	const usage = {prompt_tokens: JSON.stringify(body.messages ?? []).length >> 2, completion_tokens: deltas.length, total_tokens: (JSON.stringify(body.messages ?? []).length >> 2) + deltas.length};
	if (!body.stream) {
		const content = deltas.map(delta => delta.content ?? '').join('');
		const reasoning = deltas.map(delta => delta.reasoning_content ?? '').join('');
		const toolCalls = finish === 'tool_calls' ? [{id: 'call_demo_1', type: 'function', function: {name: 'get_weather', arguments: deltas.slice(1).map(delta => (delta.tool_calls as any)[0].function.arguments).join('')}}] : undefined;
		sendJson(response, 200, {
			id: 'chatcmpl-demo', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
			choices: [{index: 0, message: {role: 'assistant', content: content || null, ...(reasoning && {reasoning_content: reasoning}), ...(toolCalls && {tool_calls: toolCalls})}, finish_reason: finish}],
			usage,
		});
		return;
	}

	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'});
	response.write(chunk(model, {role: 'assistant', content: ''}));
	for (const delta of deltas) {
		// The client stopped (Stop button, closed tab): stop writing.
		if (response.destroyed) return;
		response.write(chunk(model, delta));
		await sleep(pace);
	}

	if (response.destroyed) return;
	response.write(chunk(model, {}, finish));
	response.write(`data: ${JSON.stringify({id: 'chatcmpl-demo', object: 'chat.completion.chunk', model, choices: [], usage})}\n\n`);
	response.end('data: [DONE]\n\n');
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
