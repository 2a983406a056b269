import {createChat} from '../core/create-chat.js';
import {fetchModels} from '../core/request/models.js';
import type {InferOutput, SchemaLike} from '../structured/standard-schema.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions, GetModelsOptions} from '../types/options.js';
import type {ReasoningRule} from '../types/provider.js';

/**
Any OpenAI-compatible chat API, after g4f's `OpenaiTemplate`. A provider is a subclass that sets static
fields (`apiBase`, flags, headers, models); the methods read them from `this`, the class they are called on.
*/
export class OpenaiTemplate {
	/** The class name (minifiers may rename a subclass: set `label`). */
	// Spelled out so a minified build still names the base class in errors; subclasses set `label`.
	static get name(): string {
		return 'OpenaiTemplate';
	}

	/**
	The provider's name in `provider` chunks, errors, `RetryNoProviderError.errors` and fallback key maps; the class
	name when unset. Set it: minifiers rename classes in production builds, but never change a string.
	*/
	static label?: string;
	/**
	The service's home page: `ProviderInfo.url`, and where a `MissingAuthError` sends users when `loginUrl` is unset.
	@default ''
	*/
	static url = '';
	/**
	Where to get an API key, named in the `MissingAuthError` raised when `needsAuth` is set and no key was given.
	@default undefined (`url` is named instead)
	*/
	static loginUrl?: string;
	/**
	The API base URL (`{apiBase}/chat/completions`, `{apiBase}/models`, `{apiBase}/images/generations`); the
	`baseUrl` option overrides it. Without either, a request throws a `TypeError`.
	@default ''
	*/
	static apiBase = '';
	/**
	Whether the service works, as in g4f (which refuses a provider marked `working = False`): when `false`, a request
	fails at once with a `ProviderError`, nothing is sent, and a fallback moves on to the next provider.
	@default true
	*/
	static working = true;
	/**
	Whether an API key is required: without `apiKey`, `createAsyncGenerator` throws `MissingAuthError` before sending.
	@default false
	*/
	static needsAuth = false;
	/**
	Whether the API can stream: when `false`, `stream: true` is ignored and the whole answer is requested at once.
	@default true
	*/
	static supportsStream = true;
	/**
	Informational, as in g4f (whether system messages are understood): the library sends messages as given.
	@default true
	*/
	static supportsSystemMessage = true;
	/**
	Informational, as in g4f (whether earlier turns are understood): the library sends messages as given.
	@default true
	*/
	static supportsMessageHistory = true;
	/**
	The model used when `model` is `''`. With neither, `ModelNotSupportedError` is thrown before sending.
	@default ''
	*/
	static defaultModel = '';
	/**
	The models offered, when known: a model not in the list (after aliases) is refused with `ModelNotSupportedError`
	before sending, unless `checkModel: false`. Empty: a list `getModels()` fetched is used instead, if any.
	@default []
	*/
	static models: string[] = [];
	/**
	Short names mapped to the model ids sent (`{'gpt-4o': 'openai/gpt-4o'}`), applied before the model is checked.
	@default {}
	*/
	static modelAliases: Record<string, string> = {};
	/**
	Models that generate images: a request for one posts `{model, prompt}` to `{apiBase}/images/generations` and
	yields an `ImageResponse`. Always accepted by the model check.
	@default []
	*/
	static imageModels: string[] = [];
	/**
	Extra request headers, sent from Deno, Bun and Node; never from browsers (CORS preflights). The `headers` option
	is merged over them.
	@default {}
	*/
	static headers: Record<string, string> = {};
	/** In browsers, added to a NetworkError raised before any response: how to let pages reach this server (CORS). */
	static corsHint?: string;
	/**
	Whether pages may call the API directly (it answers CORS preflights). Where `false`, set `corsHint` to say what
	to do instead (a server route, e.g. `cablyai/server`): a browser's failed request carries it. Informational
	otherwise (the README's provider matrix): a `baseUrl` pointing at your own proxy may well work.
	@default true
	*/
	static browserCors = true;
	/**
	The header that carries `apiKey`: `authorization` sends `Authorization: Bearer {key}`; any other name (Azure's
	`api-key`) sends the key as is under that name.
	@default 'authorization'
	*/
	static apiKeyHeader = 'authorization';
	/**
	Whether a stream asks for its usage with `stream_options: {include_usage: true}`; `false` for services that
	refuse the field (some Azure deployments answer 400).
	@default true
	*/
	static streamUsage = true;
	/**
	Body fields (wire names: `frequency_penalty`, `parallel_tool_calls`) the service refuses with a 400. They are left
	out of the request, whether set as options or in `extraBody`, and named in the `provider` chunk's `omitted`:
	a fallback list can share options across services, so refusing them up front would stop it.
	@default []
	*/
	static refusedParameters: readonly string[] = [];
	/**
	Body fields merged into the request (before `extraBody`) when `reasoningEffort` is set, for services that return
	reasoning text only when asked another way (Gemini's `extra_body.google.thinking_config.include_thoughts`,
	Novita's `separate_reasoning`, NVIDIA's `chat_template_kwargs`).
	@default undefined
	*/
	static reasoningRequest?: Record<string, unknown>;
	/**
	The delta (or message) field that carries reasoning text back (`reasoning_content`, `reasoning`): read first;
	`reasoning_content`, `reasoning`, `reasoning_details` and `<think>` tags are understood without it.
	@default undefined
	*/
	static reasoningField?: string;
	/**
	Whether a request streams when `stream` is not set, as in g4f (whose `OpenaiTemplate` streams unless told
	otherwise; its `CablyAI` does not).
	@default true
	*/
	static defaultStream = true;
	/**
	Which earlier assistant messages carry their reasoning keys (`reasoning_content`, `reasoning`,
	`reasoning_details`) back to the service: `'always'` (OpenRouter); `'tool-calls'`, only the messages with
	`tool_calls`, where thinking models that call tools need them (DeepSeek, Kimi, Qwen and the servers that host them);
	`'never'`, for services that refuse the keys (Groq answers 400 "property 'reasoning' is unsupported"). Left out of
	the request only: the messages stay as they are, so a history can go to another provider with another rule.
	@default 'tool-calls'
	*/
	static sendReasoningBack: ReasoningRule = 'tool-calls';
	/**
	What `GET {apiBase}/models` needs: `'open'` (sent with the key when one is given), `'key'` (without `apiKey`,
	`getModels` throws `MissingAuthError` before sending) or `'none'` (the service has no list: `getModels` throws a
	`ProviderError` before sending; pass a model id).
	@default 'open'
	*/
	static modelList: 'open' | 'key' | 'none' = 'open';
	/**
	Whether the API takes `response_format: {type: 'json_schema'}` (structured outputs). When `false`,
	`responseFormat: {schema}` is sent as JSON mode, `{type: 'json_object'}`, with the schema in a first system message
	(not in `ChatResult.message`), and the answer is parsed and validated the same.
	@default true
	*/
	static supportsJsonSchema = true;

	/**
	Streams (unless `stream: false`, or the provider's `defaultStream` is false) the answer to `messages`,
	and returns it put together (`ChatResult`, as `collect()` resolves to). Nothing is sent until the first `next()`.
	Errors come from `next()`: wrong arguments as a `TypeError`, an abort as the signal's reason, the rest as a
	`ProviderError`. With `responseFormat: {schema}`, the result's `object` is typed from the schema.

	@param model - A model id or alias; `''` for `defaultModel`.
	*/
	static createAsyncGenerator<Schema extends SchemaLike = never>(
		model: string,
		messages: Messages,
		options?: CreateOptions<Schema>,
	): AsyncGenerator<Chunk, ChatResult<InferOutput<Schema>>, undefined> {
		return createChat(this, model, messages, options) as AsyncGenerator<
			Chunk,
			ChatResult<InferOutput<Schema>>,
			undefined
		>;
	}

	/**
	The provider's model ids (`GET {base}/models`, read from `{data}`, `{models}` or a bare array, of strings or `{id}`
	objects); remembered per base URL to check models before sending.
	*/
	static async getModels(options?: GetModelsOptions): Promise<string[]> {
		return fetchModels(this, options);
	}
}
