// What a provider's `modelList` flag and its `/models` answer decide, seen from the public entry: the errors thrown
// before anything is sent (class, message, `provider`), the fields getModelInfo keeps or leaves out for each shape a
// service sends, and the model check that later requests run against the list fetched.
import {expect, test} from 'vitest';
import {
	getModelInfo,
	MissingAuthError,
	ModelNotSupportedError,
	OpenaiTemplate,
	ProviderError,
	ResponseError,
} from '../../src/index.js';
import {chunk, collect, jsonHandler, sse, streamHandler, useServer} from '../helpers/fake-openai.js';

const server = useServer();
const messages = [{role: 'user' as const, content: 'hi'}];

async function rejection(promise: Promise<unknown>): Promise<any> {
	return promise.then(
		() => expect.unreachable('resolved'),
		(error: unknown) => error,
	);
}

test("modelList 'none': a ProviderError naming the provider, with the default model when there is one", async () => {
	class NoList extends OpenaiTemplate {
		static override label = 'NoList';
		static override modelList = 'none' as const;
	}
	class NoListDefault extends NoList {
		static override label = 'NoListDefault';
		static override defaultModel = 'def-1';
	}

	server().requests.length = 0;
	const bare = await rejection(NoList.getModels({baseUrl: server().url}));
	expect(bare).toBeInstanceOf(ProviderError);
	expect(bare.message).toBe('NoList: the service has no model list (`/models`); pass a model id');
	expect(bare.provider).toBe('NoList');
	const withDefault = await rejection(getModelInfo(NoListDefault, {baseUrl: server().url}));
	expect(withDefault.message).toBe(
		'NoListDefault: the service has no model list (`/models`); pass a model id (default: def-1)',
	);
	expect(withDefault.provider).toBe('NoListDefault');
	expect(server().requests).toHaveLength(0);
});

test("modelList 'key' without a key: a MissingAuthError pointing at loginUrl, else url, else nowhere", async () => {
	class Keyed extends OpenaiTemplate {
		static override label = 'Keyed';
		static override modelList = 'key' as const;
	}
	class KeyedUrl extends Keyed {
		static override label = 'KeyedUrl';
		static override url = 'https://keyed.example';
	}
	class KeyedLogin extends KeyedUrl {
		static override label = 'KeyedLogin';
		static override loginUrl = 'https://keyed.example/keys';
	}

	server().requests.length = 0;
	const cases: Array<[typeof OpenaiTemplate, string]> = [
		[Keyed, 'Keyed: the model list needs an API key (`apiKey`)'],
		[KeyedUrl, 'KeyedUrl: the model list needs an API key (`apiKey`); get one at https://keyed.example'],
		[KeyedLogin, 'KeyedLogin: the model list needs an API key (`apiKey`); get one at https://keyed.example/keys'],
	];
	for (const [provider, message] of cases) {
		// A key of spaces is no key: it would be sent empty.
		const error = await rejection(provider.getModels({baseUrl: server().url, apiKey: '   '}));
		expect(error).toBeInstanceOf(MissingAuthError);
		expect(error.message).toBe(message);
		expect(error.provider).toBe(provider.label);
	}

	expect(server().requests).toHaveLength(0);
	server().setHandler(jsonHandler(200, {data: [{id: 'a'}]}));
	expect(await KeyedLogin.getModels({baseUrl: server().url, apiKey: 'sk-list-key-1'})).toEqual(['a']);
	expect(server().requests[0]!.headers.authorization).toBe('Bearer sk-list-key-1');
});

test('getModelInfo leaves out what an entry does not say: no key set to undefined', async () => {
	server().setHandler(
		jsonHandler(200, {
			data: [
				{id: 'plain'},
				// Strings and other shapes are not what the fields document: left out, not passed on.
				{id: 'odd', context_length: '8192', capabilities: {vision: 'yes'}, pricing: 'free', type: 'chat'},
				{id: 'fallthrough', context_length: '8192', max_model_len: 4096},
				{id: 'top', top_provider: {context_length: 2048}, architecture: {input_modalities: ['text']}},
			],
		}),
	);
	const infos = await getModelInfo(OpenaiTemplate, {baseUrl: server().url});
	expect(infos.map(info => Object.keys(info).sort())).toEqual([
		['id', 'raw'],
		['id', 'raw'],
		['contextLength', 'id', 'raw'],
		['contextLength', 'id', 'raw', 'vision'],
	]);
	expect(infos[2]!.contextLength).toBe(4096);
	expect(infos[3]).toMatchObject({contextLength: 2048, vision: false});
});

test('getModelInfo: a body that is no list is a ResponseError with the status, nothing remembered', async () => {
	server().setHandler(jsonHandler(200, {object: 'list'}));
	const error = await rejection(getModelInfo(OpenaiTemplate, {baseUrl: server().url}));
	expect(error).toBeInstanceOf(ResponseError);
	expect(error.status).toBe(200);
	expect(error.message).toBe('OpenaiTemplate: the model list is not a JSON list of models');
});

test('the ids getModelInfo fetched check later models: listed ones go out, others are refused naming the list', async () => {
	class Listed extends OpenaiTemplate {
		static override label = 'InfoListed';
	}

	server().setHandler(jsonHandler(200, {data: [{id: 'm-one', context_length: 10}, 'm-two']}));
	await getModelInfo(Listed, {baseUrl: server().url});
	const error = (await collect(Listed.createAsyncGenerator('m-three', messages, {baseUrl: server().url}))).error;
	expect(error).toBeInstanceOf(ModelNotSupportedError);
	expect(error.message).toBe(
		'InfoListed: model "m-three" is not supported (known models: m-one, m-two; `checkModel: false` sends it anyway)',
	);
	expect(error.provider).toBe('InfoListed');
	server().setHandler(streamHandler([sse([chunk({content: 'ok'}, {}, 'stop')])]));
	const {error: none} = await collect(Listed.createAsyncGenerator('m-two', messages, {baseUrl: server().url}));
	expect(none).toBeUndefined();
	expect(server().requests.at(-1)!.json.model).toBe('m-two');
});

test('a long known list is cut at ten in the message', async () => {
	class Many extends OpenaiTemplate {
		static override label = 'Many';
		static override models = Array.from({length: 11}, (_, index) => `m${index}`);
	}

	const {error} = await collect(Many.createAsyncGenerator('x', messages, {baseUrl: server().url}));
	expect(error.message).toBe(
		'Many: model "x" is not supported (known models: m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, …; `checkModel: false` sends it anyway)',
	);
});
