// The handler relays what issue 22 added, on the OpenAI wire: `reasoning_details` entries as received, sources as
// `url_citation` annotations, and the usage details (cached and reasoning tokens, cost) beside the three counts.
// Clients that send reasoning back get it to the upstream by the upstream provider's rule.
import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {OpenRouter} from '../../src/index.js';
import {createHandler} from '../../src/server/index.js';
import {streamHandler, useServer} from '../helpers/fake-openai.js';
import {events} from './wire.js';

const upstream = useServer();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

function handler() {
	class Upstream extends OpenRouter {
		static override label = 'Upstream';
		static override apiBase = `${upstream().url}/api/v1`;
		static override models = ['m'];
	}

	return createHandler({public: true, provider: Upstream, apiKey: 'sk-upstream', upstream: {retry: 0}});
}

const post = (body: Record<string, unknown>) =>
	handler()(
		new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({model: 'm', messages: [{role: 'user', content: 'hi'}], ...body}),
		}),
	);

const toolTurnDetails = [
	{
		type: 'reasoning.text',
		text: 'The user wants the time in Tokyo; I will call get_time.',
		signature: 'EqQBCkYIBxgCKkBvZ3Vlc3NpbmctaXMtbm90LWEtc2lnbmF0dXJlEgw2c2lnbmF0dXJlLWJ5dGVz',
		format: 'anthropic-claude-v1',
		index: 0,
	},
];

test('stream: reasoning_details deltas as received, then usage with its details', async () => {
	upstream().setHandler(streamHandler([fixture('openrouter-anthropic-reasoning-details-signature.sse')]));
	const response = await post({stream: true, stream_options: {include_usage: true}});
	expect(response.status).toBe(200);
	const list = events(await response.text());
	const details = list.flatMap(event => event.choices?.[0]?.delta?.reasoning_details ?? []);
	// The pieces as the upstream sent them: a client merges them the way it would merge OpenRouter's own.
	expect(details).toEqual([
		{type: 'reasoning.text', text: 'The user wants the time in Tokyo; ', format: 'anthropic-claude-v1', index: 0},
		{type: 'reasoning.text', text: 'I will call get_time.', format: 'anthropic-claude-v1', index: 0},
		{type: 'reasoning.text', signature: toolTurnDetails[0]!.signature, format: 'anthropic-claude-v1', index: 0},
	]);
	const usage = list.find(event => event !== '[DONE]' && event.usage)?.usage;
	expect(usage).toMatchObject({
		prompt_tokens: 512,
		completion_tokens: 71,
		total_tokens: 583,
		prompt_tokens_details: {cached_tokens: 448},
		completion_tokens_details: {reasoning_tokens: 24},
		cost: 0.002601,
	});
	expect(list.at(-1)).toBe('[DONE]');
});

test('stream: sources as url_citation annotations, before the finish', async () => {
	upstream().setHandler(streamHandler([fixture('openrouter-online-url-citation.sse')]));
	const list = events(await (await post({stream: true})).text()).filter(event => event !== '[DONE]');
	const at = list.findIndex(event => event.choices[0]?.delta?.annotations);
	expect(at).toBeGreaterThan(-1);
	expect(at).toBeLessThan(list.findIndex(event => event.choices[0]?.finish_reason));
	expect(list[at].choices[0].delta.annotations).toEqual([
		{
			type: 'url_citation',
			url_citation: {
				url: 'https://blog.rust-lang.org/2025/09/18/Rust-1.90.0/',
				title: 'Announcing Rust 1.90.0 | Rust Blog',
			},
		},
		{type: 'url_citation', url_citation: {url: 'https://github.com/rust-lang/rust/releases/tag/1.90.0'}},
	]);
});

test('JSON: the message carries reasoning_details whole and annotations; usage its details', async () => {
	upstream().setHandler(streamHandler([fixture('openrouter-anthropic-reasoning-details-signature.sse')]));
	const completion = await (await post({stream: false})).json();
	const {message} = completion.choices[0];
	expect(message.reasoning_details).toEqual(toolTurnDetails);
	expect(message.tool_calls[0].function).toEqual({name: 'get_time', arguments: '{"zone": "Asia/Tokyo"}'});
	expect(completion.usage).toMatchObject({prompt_tokens_details: {cached_tokens: 448}, cost: 0.002601});

	upstream().setHandler(
		streamHandler([fixture('openai-search-preview-url-citation.json')], {contentType: 'application/json'}),
	);
	const cited = await (await post({stream: false})).json();
	expect(cited.choices[0].message.annotations).toEqual([
		{
			type: 'url_citation',
			url_citation: {url: 'https://www.carris.pt/en/tram-28?utm_source=openai', title: 'Tram 28 - Carris'},
		},
		{
			type: 'url_citation',
			url_citation: {
				url: 'https://www.visitlisboa.com/en/p/tram-28?utm_source=openai',
				title: 'Tram 28 | Visit Lisboa',
			},
		},
	]);
});

test('reasoning_details a client sends back reach the upstream (OpenRouter’s rule: always)', async () => {
	upstream().setHandler(streamHandler([fixture('openrouter-online-url-citation.sse')]));
	upstream().requests.length = 0;
	const history = [
		{role: 'user', content: 'time in Tokyo?'},
		{
			role: 'assistant',
			content: null,
			reasoning_details: toolTurnDetails,
			tool_calls: [{id: 't1', type: 'function', function: {name: 'get_time', arguments: '{}'}}],
		},
		{role: 'tool', tool_call_id: 't1', content: '09:12'},
	];
	expect((await post({stream: true, messages: history})).status).toBe(200);
	expect(upstream().requests[0]!.json.messages[1].reasoning_details).toEqual(toolTurnDetails);
});
