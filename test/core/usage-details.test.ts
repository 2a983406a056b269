import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {collect, OpenaiTemplate, type Usage} from '../../src/index.js';
import {chunk, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// Usage in full: `cachedTokens`, `reasoningTokens` and `cost` where the API says them, and `raw`, the API's own usage
// object as it came (Perplexity's and Groq's extra fields included).

const server = useServer();
const messages = [{role: 'user', content: 'x'}] as const;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** The usage of a fixture replayed as its extension says (.sse streamed, .json whole). */
async function usageOf(body: string, stream: boolean): Promise<Usage | undefined> {
	server().setHandler(streamHandler([body], {contentType: stream ? 'text/event-stream' : 'application/json'}));
	const result = await collect(OpenaiTemplate.createAsyncGenerator('m', messages, {stream, baseUrl: server().url}));
	return result.usage;
}

const rawOf = (body: string): unknown => {
	if (body.trimStart().startsWith('{')) return JSON.parse(body).usage;
	const events = body
		.split('\n\n')
		.filter(block => block.startsWith('data: {'))
		.map(block => JSON.parse(block.slice(6)));
	return (
		events.findLast(event => event.usage ?? event.x_groq?.usage)?.usage ??
		events.findLast(event => event.x_groq?.usage).x_groq.usage
	);
};

test('OpenAI: prompt_tokens_details.cached_tokens and completion_tokens_details.reasoning_tokens, raw as sent', async () => {
	const body = fixture('openai-json-completion.json');
	expect(await usageOf(body, false)).toEqual({
		type: 'usage',
		promptTokens: 19,
		completionTokens: 200,
		totalTokens: 219,
		cachedTokens: 0,
		reasoningTokens: 0,
		raw: rawOf(body),
	});
});

test('DeepSeek thinking mode: cache hits and reasoning tokens', async () => {
	const body = fixture('deepseek-thinking-tool-call-reasoning-content.json');
	expect(await usageOf(body, false)).toEqual({
		type: 'usage',
		promptTokens: 412,
		completionTokens: 58,
		totalTokens: 470,
		cachedTokens: 384,
		reasoningTokens: 41,
		raw: rawOf(body),
	});
});

test('DeepSeek without prompt_tokens_details: prompt_cache_hit_tokens is the cached count', async () => {
	const usage = {
		prompt_tokens: 10,
		completion_tokens: 2,
		total_tokens: 12,
		prompt_cache_hit_tokens: 8,
		prompt_cache_miss_tokens: 2,
	};
	const body = sse([chunk({content: 'a'}, {}, 'stop'), {id: 'x', model: 'deepseek-chat', choices: [], usage}]);
	expect(await usageOf(body, true)).toEqual({
		type: 'usage',
		promptTokens: 10,
		completionTokens: 2,
		totalTokens: 12,
		cachedTokens: 8,
		raw: usage,
	});
});

test('OpenRouter stream: cost in credits beside the token details', async () => {
	const body = fixture('openrouter-reasoning-details.sse');
	expect(await usageOf(body, true)).toEqual({
		type: 'usage',
		promptTokens: 14,
		completionTokens: 91,
		totalTokens: 105,
		cachedTokens: 0,
		reasoningTokens: 82,
		cost: 0.0002317,
		raw: rawOf(body),
	});
});

test('Perplexity: a cost object gives its total_cost; the object stays in raw', async () => {
	const body = fixture('perplexity-sonar-pro-cost-object.json');
	const usage = await usageOf(body, false);
	expect(usage).toEqual({
		type: 'usage',
		promptTokens: 11,
		completionTokens: 24,
		totalTokens: 35,
		cost: 0.0064,
		raw: rawOf(body),
	});
	expect((usage!.raw as any).cost.request_cost).toBe(0.006);
});

test('fields the API did not send are absent, not zero; Groq’s x_groq.usage is the raw object', async () => {
	const basic = await usageOf(fixture('openai-basic-usage.sse'), true);
	expect(basic).toEqual({
		type: 'usage',
		promptTokens: 14,
		completionTokens: 30,
		totalTokens: 44,
		reasoningTokens: 0,
		raw: rawOf(fixture('openai-basic-usage.sse')),
	});
	expect(basic).not.toHaveProperty('cachedTokens');
	expect(basic).not.toHaveProperty('cost');

	const groq = await usageOf(fixture('groq-x-groq-usage.sse'), true);
	expect(groq?.raw).toMatchObject({queue_time: 0.07535312, prompt_tokens: 23, total_time: 0.028});
	expect(groq).not.toHaveProperty('cachedTokens');
});
