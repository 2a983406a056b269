// getModelInfo(): what /models says beyond ids, from model lists shaped as each service documents them
// (test/fixtures/models/, sources in test/fixtures/README.md).
import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';
import {getModelInfo, Groq, OpenaiTemplate, OpenRouter} from '../../src/index.js';
import {jsonHandler, useServer} from '../helpers/fake-openai.js';

const list = (name: string) =>
	JSON.parse(readFileSync(new URL(`../fixtures/models/${name}`, import.meta.url), 'utf8')) as unknown;
const server = useServer();

async function infoFrom(name: string, provider: typeof OpenaiTemplate = OpenaiTemplate) {
	server().setHandler(jsonHandler(200, list(name)));
	const infos = await getModelInfo(provider, {baseUrl: server().url, apiKey: 'k'});
	// `raw` is the entry as sent, checked once here; the rest below compares without it.
	for (const info of infos) expect(info.raw.id).toBe(info.id);
	return infos.map(({raw: _raw, ...rest}) => rest);
}

test('OpenRouter: context_length, input and output modalities, pricing as sent', async () => {
	expect(await infoFrom('openrouter-models.json', OpenRouter)).toEqual([
		{
			id: 'google/gemini-2.5-flash-image',
			contextLength: 32_768,
			vision: true,
			imageOutput: true,
			pricing: {
				prompt: '0.0000003',
				completion: '0.0000025',
				request: '0',
				image: '0.001238',
				web_search: '0',
				internal_reasoning: '0',
			},
		},
		{
			id: 'meta-llama/llama-3.3-70b-instruct',
			contextLength: 131_072,
			vision: false,
			imageOutput: false,
			pricing: {
				prompt: '0.00000013',
				completion: '0.00000039',
				request: '0',
				image: '0',
				web_search: '0',
				internal_reasoning: '0',
			},
		},
	]);
});

test("Groq's context_window, Mistral's max_context_length and capabilities.vision, Together's type and bare array", async () => {
	expect(await infoFrom('groq-models.json', Groq)).toEqual([
		{id: 'llama-3.3-70b-versatile', contextLength: 131_072},
		{id: 'meta-llama/llama-4-scout-17b-16e-instruct', contextLength: 131_072},
	]);
	expect(await infoFrom('mistral-models.json')).toEqual([
		{id: 'mistral-small-latest', contextLength: 131_072, vision: true},
	]);
	const together = await infoFrom('together-models.json');
	// FLUX's context_length of 0 says nothing: left out.
	expect(together[0]).toEqual({
		id: 'black-forest-labs/FLUX.1-schnell',
		imageOutput: true,
		pricing: {hourly: 0, input: 0, output: 0, base: 0, finetune: 0},
	});
	expect(together[1]).toMatchObject({id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', contextLength: 131_072});
	expect(together[1]).not.toHaveProperty('imageOutput');
});

test('bare string ids become {id, raw: {id}}; the ids are remembered for the model check like getModels()', async () => {
	class Listed extends OpenaiTemplate {
		static override label = 'Listed';
	}

	server().setHandler(jsonHandler(200, {data: ['a', {id: 'b'}, {name: 'no id'}, '']}));
	expect(await getModelInfo(Listed, {baseUrl: server().url})).toEqual([
		{id: 'a', raw: {id: 'a'}},
		{id: 'b', raw: {id: 'b'}},
	]);
	const refused = Listed.createAsyncGenerator('c', [{role: 'user', content: 'x'}], {baseUrl: server().url});
	await expect(refused.next()).rejects.toThrow(/model "c" is not supported/);
});

test('an answer that is no model list is a ResponseError naming it', async () => {
	server().setHandler(jsonHandler(200, {object: 'error'}));
	await expect(getModelInfo(OpenaiTemplate, {baseUrl: server().url})).rejects.toThrow(/not a JSON list of models/);
});
