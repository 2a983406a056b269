import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {type ChatResult, type Chunk, collect as collectResult, OpenaiTemplate} from '../../src/index.js';
import {chunk, collect, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

// `{type: 'sources', sources: [{url, title?}]}`: yielded once, before `finish`, from `url_citation` annotations
// (OpenAI search models, OpenRouter `:online`) and from Perplexity's top-level `citations` / `search_results`;
// `ChatResult.sources` holds them.

const server = useServer();
const messages = [{role: 'user', content: 'x'}] as const;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

async function run(body: Buffer | string, stream: boolean): Promise<{chunks: Chunk[]; result: ChatResult}> {
	server().setHandler(
		stream
			? streamHandler([body])
			: (_request, response) => {
					response.writeHead(200, {'content-type': 'application/json'});
					response.end(body);
				},
	);
	const options = {stream, baseUrl: server().url, retry: 0};
	const {chunks, error} = await collect(OpenaiTemplate.createAsyncGenerator('m', messages, options));
	expect(error).toBeUndefined();
	const result = await collectResult(OpenaiTemplate.createAsyncGenerator('m', messages, options));
	return {chunks, result};
}

function sourcesOf(chunks: Chunk[]) {
	const found = chunks.filter(item => typeof item === 'object' && item.type === 'sources');
	expect(found).toHaveLength(1);
	const kinds = chunks.map(item => (typeof item === 'string' ? 'text' : item.type));
	if (kinds.includes('finish')) expect(kinds.indexOf('sources')).toBeLessThan(kinds.indexOf('finish'));
	return (found[0] as {sources: unknown}).sources;
}

test('OpenAI search-preview JSON answer: url_citation annotations become sources', async () => {
	const {chunks, result} = await run(fixture('openai-search-preview-url-citation.json'), false);
	const sources = [
		{url: 'https://www.carris.pt/en/tram-28?utm_source=openai', title: 'Tram 28 - Carris'},
		{url: 'https://www.visitlisboa.com/en/p/tram-28?utm_source=openai', title: 'Tram 28 | Visit Lisboa'},
	];
	expect(sourcesOf(chunks)).toEqual(sources);
	expect(result.sources).toEqual(sources);
	expect(result.text).toContain("Lisbon's tram 28");
});

test('OpenRouter :online stream: delta annotations, an empty title left out', async () => {
	const {chunks, result} = await run(fixture('openrouter-online-url-citation.sse'), true);
	const sources = [
		{url: 'https://blog.rust-lang.org/2025/09/18/Rust-1.90.0/', title: 'Announcing Rust 1.90.0 | Rust Blog'},
		{url: 'https://github.com/rust-lang/rust/releases/tag/1.90.0'},
	];
	expect(sourcesOf(chunks)).toEqual(sources);
	expect(result.sources).toEqual(sources);
});

test('Perplexity stream: citations repeated on every chunk come once, titled from search_results', async () => {
	const {chunks, result} = await run(fixture('perplexity-sonar-citations-search-results.sse'), true);
	const sources = [
		{url: 'https://en.wikipedia.org/wiki/Mount_Everest', title: 'Mount Everest - Wikipedia'},
		{
			url: 'https://www.britannica.com/place/Mount-Everest',
			title: 'Mount Everest | Height, Location, Map, Facts, Climbers, & Deaths | Britannica',
		},
	];
	expect(sourcesOf(chunks)).toEqual(sources);
	expect(result.sources).toEqual(sources);
	expect(result.text).toBe('Mount Everest is 8,849 m tall [1][2].');
});

test('Perplexity JSON answer: citations and search_results', async () => {
	const {chunks, result} = await run(fixture('perplexity-sonar-pro-cost-object.json'), false);
	const sources = [
		{url: 'https://www.nasa.gov/moon/', title: 'Moon - NASA Science'},
		{url: 'https://en.wikipedia.org/wiki/Moon', title: 'Moon - Wikipedia'},
	];
	expect(sourcesOf(chunks)).toEqual(sources);
	expect(result.sources).toEqual(sources);
});

test('citations that only come after the finish reason are still yielded once; none at all, no chunk', async () => {
	const late = sse([
		chunk({content: 'a'}, {}, 'stop'),
		{id: 'x', object: 'chat.completion.chunk', model: 'm', choices: [], citations: ['https://example.com/a']},
	]);
	const {chunks, result} = await run(late, true);
	expect(chunks.filter(item => typeof item === 'object' && item.type === 'sources')).toEqual([
		{type: 'sources', sources: [{url: 'https://example.com/a'}]},
	]);
	expect(result.sources).toEqual([{url: 'https://example.com/a'}]);

	const plain = await run(sse([chunk({content: 'a'}, {}, 'stop')]), true);
	expect(plain.chunks.some(item => typeof item === 'object' && item.type === 'sources')).toBe(false);
	expect(plain.result.sources).toEqual([]);
	server().setHandler(
		jsonHandler(200, {model: 'm', choices: [{message: {content: 'b', annotations: []}, finish_reason: 'stop'}]}),
	);
	expect(
		(await collectResult(OpenaiTemplate.createAsyncGenerator('m', messages, {stream: false, baseUrl: server().url})))
			.sources,
	).toEqual([]);
});
