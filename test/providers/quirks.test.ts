// Each preset against a loopback server playing its service's recorded quirks (test/fixtures/README.md names the
// sources): what the service must receive, and what the library makes of what it sends back.
import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import * as library from '../../src/index.js';
import type {OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, type Handler, mergeChunks, sse, textOf, useServer} from '../helpers/fake-openai.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const server = useServer();

/** Answers every POST with `body` as an event stream, every GET with `models` (a JSON body). */
function serve(body: string, models: unknown = {data: [{id: 'm'}]}): void {
	const handler: Handler = (request, response) => {
		if (request.method === 'GET') {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify(models));
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.end(body);
	};
	server().setHandler(handler);
	server().requests.length = 0;
}

const hello = sse([chunk({content: 'hello'}, {}, 'stop')]);
const messages = [{role: 'user' as const, content: 'hi'}];

async function run(Provider: typeof OpenaiTemplate, options: library.CreateOptions = {}, model = '') {
	return collect(
		Provider.createAsyncGenerator(model, messages, {
			stream: true,
			apiKey: 'sk-test',
			baseUrl: server().url,
			...options,
		}),
	);
}

test("Gemini: a tool call's extra_content (thought_signature) goes back with the call in the next request", async () => {
	serve(fixture('gemini-openai-compat-tool-call-extra-content.sse'));
	const result = await library.collect(
		library.Gemini.createAsyncGenerator('', messages, {stream: true, apiKey: 'k', baseUrl: server().url}),
	);
	serve(hello);
	const call = result.toolCalls[0]!;
	const next = [...messages, result.message, {role: 'tool' as const, tool_call_id: call.id, content: '["a.txt"]'}];
	await collect(library.Gemini.createAsyncGenerator('', next, {stream: true, apiKey: 'k', baseUrl: server().url}));
	const sent = server().requests[0]!.json;
	expect(sent.messages[1].tool_calls[0].extra_content).toEqual({
		google: {thought_signature: 'EjQKMgEMOdbHJChLX75QUCJjyYlm'},
	});
	expect(sent.model).toBe('gemini-2.5-flash');
});

test('Gemini: reasoningEffort asks for thoughts with extra_body.google.thinking_config.include_thoughts', async () => {
	serve(hello);
	await run(library.Gemini, {reasoningEffort: 'low'});
	await run(library.Gemini);
	const [withEffort, without] = server().requests.map(request => request.json);
	expect(withEffort.reasoning_effort).toBe('low');
	expect(withEffort.extra_body).toEqual({google: {thinking_config: {include_thoughts: true}}});
	expect(without).not.toHaveProperty('extra_body');
	expect(without).not.toHaveProperty('reasoning_effort');
});

test('Cerebras never receives a parameter it refuses; the provider chunk names what was left out', async () => {
	serve(fixture('cerebras-reasoning-parsed.sse'));
	const {chunks, error} = await run(library.Cerebras, {
		parallelToolCalls: false,
		temperature: 0.2,
		reasoningEffort: 'low',
		extraBody: {frequency_penalty: 0.5, presence_penalty: 0.1, logit_bias: {'50256': -100}, top_k: 5},
	});
	expect(error).toBeUndefined();
	const sent = server().requests[0]!.json;
	for (const refused of library.Cerebras.refusedParameters) expect(sent).not.toHaveProperty(refused);
	expect(sent).toMatchObject({temperature: 0.2, top_k: 5, reasoning_format: 'parsed', reasoning_effort: 'low'});
	expect(mergeChunks(chunks)).toEqual([
		{
			type: 'provider',
			name: 'Cerebras',
			model: 'gpt-oss-120b',
			url: server().url,
			omitted: ['frequency_penalty', 'presence_penalty', 'logit_bias', 'parallel_tool_calls'],
		},
		{type: 'reasoning', text: 'The user wants 2+2. That is 4.', field: 'reasoning'},
		'2 + 2 = 4.',
		{type: 'finish', reason: 'stop'},
		{
			type: 'usage',
			promptTokens: 74,
			completionTokens: 27,
			totalTokens: 101,
			raw: {prompt_tokens: 74, completion_tokens: 27, total_tokens: 101},
		},
	]);
});

test('in a fallback, the announced provider chunk names what each provider leaves out', async () => {
	serve(hello);
	const chat = new library.IterListProvider([library.Cerebras]);
	const {chunks} = await collect(
		chat.createAsyncGenerator('', messages, {
			stream: true,
			apiKey: 'k',
			baseUrl: server().url,
			extraBody: {logit_bias: {}, top_k: 2},
		}),
	);
	expect(chunks[0]).toEqual({
		type: 'provider',
		name: 'Cerebras',
		model: 'llama-3.3-70b',
		url: server().url,
		omitted: ['logit_bias'],
	});
	expect(server().requests[0]!.json).not.toHaveProperty('logit_bias');
});

test('a provider chunk without refused options has no omitted field', async () => {
	serve(hello);
	const {chunks} = await run(library.Cerebras, {temperature: 1});
	expect(chunks[0]).toEqual({
		type: 'provider',
		name: 'Cerebras',
		model: 'gpt-4o-mini',
		url: server().url,
	});
});

test('Perplexity: posts to {base}/chat/completions (no /v1), leaves tools out, reads the answer beside citations', async () => {
	// citations / search_results → `sources` chunks belong to the chat-depth work (DESIGN.md): here only the answer.
	serve(fixture('perplexity-sonar-citations-search-results.sse'));
	const tools = [{type: 'function' as const, function: {name: 'f', parameters: {type: 'object'}}}];
	const {chunks, error} = await run(library.Perplexity, {tools, toolChoice: 'auto'});
	expect(error).toBeUndefined();
	expect(textOf(chunks)).toBe('Mount Everest is 8,849 m tall [1][2].');
	expect(chunks[0]).toMatchObject({type: 'provider', model: 'sonar', omitted: ['tools', 'tool_choice']});
	const [request] = server().requests;
	expect(request!.url).toBe('/chat/completions');
	expect(request!.json).not.toHaveProperty('tools');
	expect(request!.json).not.toHaveProperty('tool_choice');
});

test('Perplexity has no model list: getModels and getModelInfo refuse before sending', async () => {
	serve(hello);
	for (const call of [
		library.Perplexity.getModels({apiKey: 'k', baseUrl: server().url}),
		library.getModelInfo(library.Perplexity, {apiKey: 'k', baseUrl: server().url}),
	]) {
		await expect(call).rejects.toThrow(/Perplexity: the service has no model list .*default: sonar/);
	}

	expect(server().requests).toHaveLength(0);
});

test('a model list that needs a key: MissingAuthError before sending; with the key it is fetched', async () => {
	serve(hello, {data: [{id: 'grok-4'}]});
	await expect(library.XAI.getModels({baseUrl: server().url})).rejects.toBeInstanceOf(library.MissingAuthError);
	expect(server().requests).toHaveLength(0);
	expect(await library.XAI.getModels({baseUrl: server().url, apiKey: 'k'})).toEqual(['grok-4']);
	expect(server().requests[0]!.headers.authorization).toBe('Bearer k');
});

test('Azure OpenAI: the key goes in api-key (never Authorization); stream_options only while streamUsage holds', async () => {
	serve(fixture('azure-model-router-usage.sse'));
	const Azure = library.AzureOpenAI.forResource('my-resource');
	expect(Azure.apiBase).toBe('https://my-resource.openai.azure.com/openai/v1');
	expect(Azure.label).toBe('AzureOpenAI');
	class RefusesStreamOptions extends library.AzureOpenAI {
		static override streamUsage = false;
	}

	const {chunks, error} = await run(library.AzureOpenAI, {}, 'my-deployment');
	expect(error).toBeUndefined();
	expect(chunks.some(item => typeof item === 'object' && item.type === 'usage')).toBe(true);
	await run(RefusesStreamOptions, {}, 'my-deployment');
	const [byDefault, refusing] = server().requests;
	for (const request of [byDefault!, refusing!]) {
		expect(request.headers['api-key']).toBe('sk-test');
		expect(request.headers.authorization).toBeUndefined();
		expect(request.json.model).toBe('my-deployment');
	}

	expect(byDefault!.json.stream_options).toEqual({include_usage: true});
	expect(refusing!.json).not.toHaveProperty('stream_options');
});

test('Azure OpenAI: a 401 echoing the api-key header value names no key', async () => {
	const key = 'azure-secret-0123456789abcdef';
	server().setHandler((request, response) => {
		response.writeHead(401, {'content-type': 'application/json'});
		response.end(
			JSON.stringify({error: {code: '401', message: `Access denied: key ${String(request.headers['api-key'])}`}}),
		);
	});
	const {error} = await collect(
		library.AzureOpenAI.createAsyncGenerator('d', messages, {apiKey: key, baseUrl: server().url, retry: 0}),
	);
	expect(error).toBeInstanceOf(library.ProviderError);
	expect(error.message).toContain('Access denied: key [redacted]');
	expect(JSON.stringify(error)).not.toContain(key);
});

test('Azure OpenAI: no base URL is a TypeError before sending; forResource refuses what is not a resource name', async () => {
	const {error} = await collect(library.AzureOpenAI.createAsyncGenerator('d', messages, {apiKey: 'k'}));
	expect(error).toBeInstanceOf(TypeError);
	for (const name of ['', 'evil.com/x', 'a b', '-x', 'x@y'])
		expect(() => library.AzureOpenAI.forResource(name)).toThrow(TypeError);
});

test('NVIDIA NIM: reasoningEffort adds chat_template_kwargs; reasoning_content comes back as reasoning', async () => {
	serve(fixture('nvidia-nim-chat-template-kwargs-reasoning-content.sse'));
	const {chunks} = await run(library.Nvidia, {reasoningEffort: 'high'}, 'deepseek-v3.1');
	const sent = server().requests[0]!.json;
	expect(sent.chat_template_kwargs).toEqual({thinking: true});
	expect(sent.model).toBe('deepseek-ai/deepseek-v3.1');
	expect(mergeChunks(chunks).slice(1, 3)).toEqual([
		{type: 'reasoning', text: 'Hmm, a greeting. Reply briefly.', field: 'reasoning_content'},
		'Hello!',
	]);
	expect(library.Nvidia.browserCors).toBe(false);
	expect(library.Nvidia.corsHint).toMatch(/server/);
});

test('Novita: reasoningEffort adds separate_reasoning; reasoning_content comes back as reasoning', async () => {
	serve(fixture('novita-separate-reasoning-content.sse'));
	const {chunks} = await run(library.Novita, {reasoningEffort: 'medium'});
	expect(server().requests[0]!.json.separate_reasoning).toBe(true);
	expect(mergeChunks(chunks).slice(1, 3)).toEqual([
		{type: 'reasoning', text: 'Short question, short answer.', field: 'reasoning_content'},
		'Paris.',
	]);
});

test('llama.cpp: no key needed, any model id is sent; reasoning_content with timings', async () => {
	serve(fixture('llamacpp-reasoning-content-timings.sse'));
	const {chunks, error} = await collect(
		library.LlamaCpp.createAsyncGenerator('', messages, {stream: true, baseUrl: server().url}),
	);
	expect(error).toBeUndefined();
	const [request] = server().requests;
	expect(request!.headers.authorization).toBeUndefined();
	expect(request!.json.model).toBe('default');
	expect(mergeChunks(chunks).slice(1, 3)).toEqual([
		{type: 'reasoning', text: 'Say hi.', field: 'reasoning_content'},
		'Hi!',
	]);
});

test('vLLM: the reasoning field; xAI: usage before an empty final chunk', async () => {
	serve(fixture('vllm-reasoning-field.sse'));
	const vllm = await run(library.VLLM, {}, 'Qwen/Qwen3-8B');
	expect(mergeChunks(vllm.chunks).slice(1, 3)).toEqual([
		{type: 'reasoning', text: '9.11 < 9.8', field: 'reasoning'},
		'9.8 is larger.',
	]);
	serve(fixture('xai-usage-before-empty-final-chunk.sse'));
	// grok-4: the list an earlier test fetched from this base URL is remembered, and the default is not in it.
	const xai = await run(library.XAI, {}, 'grok-4');
	expect(xai.error).toBeUndefined();
	expect(xai.chunks.at(-1)).toMatchObject({type: 'usage', promptTokens: 12, completionTokens: 3, totalTokens: 15});
	expect(server().requests[0]!.json.stream_options).toEqual({include_usage: true});
});

test('Hugging Face: a model:provider suffix is sent as given; the key as a Bearer token', async () => {
	serve(hello);
	await run(library.HuggingFace, {}, 'openai/gpt-oss-120b:cerebras');
	const [request] = server().requests;
	expect(request!.json.model).toBe('openai/gpt-oss-120b:cerebras');
	expect(request!.headers.authorization).toBe('Bearer sk-test');
});

test('reasoningField: the named delta field is read as reasoning, before the usual ones', async () => {
	class Thinker extends library.OpenaiTemplate {
		static override label = 'Thinker';
		static override reasoningField = 'thoughts';
	}

	serve(sse([chunk({thoughts: 'pondering'}), chunk({content: 'done'}, {}, 'stop')]));
	const {chunks} = await run(Thinker, {}, 'm');
	expect(mergeChunks(chunks).slice(1, 3)).toEqual([{type: 'reasoning', text: 'pondering'}, 'done']);
	const plain = await run(library.OpenaiTemplate, {}, 'm');
	expect(mergeChunks(plain.chunks).slice(1)).toEqual(['done', {type: 'finish', reason: 'stop'}]);
});

test('SambaNova, Nebius, Scaleway, Fireworks, Pollinations: the default model and key reach the server', async () => {
	serve(hello);
	for (const Provider of [
		library.SambaNova,
		library.Nebius,
		library.Scaleway,
		library.Fireworks,
		library.Pollinations,
	]) {
		const {error} = await run(Provider);
		expect(error).toBeUndefined();
	}

	expect(server().requests.map(request => request.json.model)).toEqual([
		'Meta-Llama-3.3-70B-Instruct',
		'meta-llama/Llama-3.3-70B-Instruct',
		'llama-3.3-70b-instruct',
		'accounts/fireworks/models/llama-v3p3-70b-instruct',
		'openai',
	]);
	expect(new Set(server().requests.map(request => request.headers.authorization))).toEqual(new Set(['Bearer sk-test']));
});
