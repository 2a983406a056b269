import {failure} from '../../errors/failure.js';
import {MissingAuthError, ModelNotSupportedError, ProviderError, TimeoutError} from '../../errors/provider-error.js';
import type {GetModelsOptions} from '../../types/options.js';
import type {ProviderConfig} from '../../types/provider.js';
import {isRecord, type UnknownRecord} from '../../utils/is-record.js';
import {tryParseJson} from '../../utils/safe-json.js';
import {endpointUrl} from '../../utils/url.js';
import type {RequestContext} from '../context.js';
import {BodyReader, readBodyText} from '../read/body-reader.js';
import {sendRequest} from '../send/send-request.js';
import {withDeadline} from '../send/send-with-retry-chunks.js';
import {prepareRequest} from './prepare-request.js';
import {baseUrlOf, providerName} from './provider.js';
import {apiKeyOf, validateGetModelsOptions} from './validate-input.js';

// Model lists fetched by getModels(), per provider class and base URL.
const fetchedModels = new WeakMap<ProviderConfig, Map<string, string[]>>();

/** The entries of a `/models` answer: `{data: […]}`, `{models: […]}` or a bare array. */
export function modelEntries(body: unknown): unknown[] | undefined {
	const list = Array.isArray(body) ? body : isRecord(body) ? (body.data ?? body.models) : undefined;
	return Array.isArray(list) ? list : undefined;
}

function modelIds(body: unknown): string[] | undefined {
	const list = modelEntries(body);
	if (!list) return undefined;
	return list.flatMap(entry => {
		const id: unknown = isRecord(entry) ? entry.id : entry;
		return typeof id === 'string' && id ? [id] : [];
	});
}

/** `GET {base}/models`: accepts `{data: […]}`, `{models: […]}` or a bare array of strings or `{id}` objects. */
export async function fetchModels(provider: ProviderConfig, options: GetModelsOptions = {}): Promise<string[]> {
	const {base, json, send, status} = await fetchModelList(provider, options);
	const ids = modelIds(json);
	if (!ids) throw failure(send, 'the model list is not a JSON list of models', {status});
	rememberModels(provider, base, ids);
	return ids;
}

/** Keeps a fetched list to check models against before sending to the same base URL. */
function rememberModels(provider: ProviderConfig, base: string, ids: string[]): void {
	const byBase = fetchedModels.get(provider) ?? new Map<string, string[]>();
	fetchedModels.set(provider, byBase);
	byBase.set(base, ids);
}

/** The provider's `modelList` flag, before anything is sent: no list at all, or one that needs a key. */
export function checkModelListAccess(provider: ProviderConfig, options: GetModelsOptions): void {
	const name = providerName(provider);
	if (provider.modelList === 'none') {
		throw new ProviderError(
			`${name}: the service has no model list (\`/models\`); pass a model id${provider.defaultModel ? ` (default: ${provider.defaultModel})` : ''}`,
			{provider: name},
		);
	}

	if (provider.modelList === 'key' && !apiKeyOf(options)) {
		const where = provider.loginUrl || provider.url;
		throw new MissingAuthError(
			`${name}: the model list needs an API key (\`apiKey\`)${where ? `; get one at ${where}` : ''}`,
			{provider: name},
		);
	}
}

/** The parsed `/models` answer, for `fetchModels` and the opt-in `getModelInfo`. */
export async function fetchModelList(
	provider: ProviderConfig,
	options: GetModelsOptions,
): Promise<{base: string; json: unknown; send: RequestContext; status: number}> {
	validateGetModelsOptions(options);
	checkModelListAccess(provider, options);
	const base = baseUrlOf(provider, options.baseUrl);
	const signal = options.signal ?? undefined;
	const timeout = options.timeout ?? 60_000;
	const url = endpointUrl(base, '/models');
	const send = prepareRequest({
		provider,
		options,
		method: 'get',
		url,
		stream: false,
		signal,
		timeout,
		idleTimeout: timeout,
	});
	const response = await sendRequest(url, send);
	// The body gets `timeout` again, as a whole: a list trickling a byte at a time would otherwise never end.
	const deadline = withDeadline(signal, timeout, () =>
		failure(send, `the model list did not arrive within ${String(timeout)} ms (timeout)`, {}, TimeoutError),
	);
	let text = '';
	try {
		if (response.body) {
			const reader = new BodyReader(response.body, {...send, signal: deadline.signal});
			text = await readBodyText(reader, send.provider, 'the model list');
		}
	} finally {
		deadline.dispose();
	}

	return {base, json: tryParseJson(text), send, status: response.status};
}

/** The model id a name stands for: empty → `defaultModel`, aliases → real ids; not checked against any list. */
export function modelIdOf(provider: ProviderConfig, model: string): string {
	const name = model || provider.defaultModel;
	return (Object.hasOwn(provider.modelAliases, name) && provider.modelAliases[name]) || name;
}

/**
The model id to send: empty → `defaultModel`, aliases → real ids, then checked against the provider's list
when one is known (static `models`, or a list getModels() fetched for this base URL) unless `checkModel` is false.
*/
export function resolveModel(provider: ProviderConfig, model: string, base: string, checkModel = true): string {
	const name = providerName(provider);
	const resolved = modelIdOf(provider, model);
	if (!resolved)
		throw new ModelNotSupportedError(`${name}: no model given and the provider has no default model`, {provider: name});
	const known = provider.models.length > 0 ? provider.models : fetchedModels.get(provider)?.get(base);
	if (checkModel && known && !known.includes(resolved) && !provider.imageModels.includes(resolved)) {
		throw new ModelNotSupportedError(
			`${name}: model "${resolved}" is not supported (known models: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}; \`checkModel: false\` sends it anyway)`,
			{provider: name},
		);
	}

	return resolved;
}

/** One entry of a provider's `/models` answer, with what it says beyond the id where the service sends it. */
export interface ModelInfo {
	/** The model id, as requests name it. */
	id: string;
	/** Tokens of context: `context_length` (OpenRouter, Together), `context_window` (Groq), `max_context_length` (Mistral), `max_model_len` (vLLM). */
	contextLength?: number;
	/** Takes images in: `architecture.input_modalities` has `image` (OpenRouter), or `capabilities.vision` (Mistral). */
	vision?: boolean;
	/** Answers with images: `architecture.output_modalities` has `image` (OpenRouter), or `type: 'image'` (Together). */
	imageOutput?: boolean;
	/** The service's `pricing` object as sent: units differ (OpenRouter: USD per token, as strings; Together: USD per million). */
	pricing?: UnknownRecord;
	/** The entry as sent (`{id}` for a bare string). */
	raw: UnknownRecord;
}

const contextFields = ['context_length', 'context_window', 'max_context_length', 'max_model_len'] as const;

function contextLengthOf(entry: UnknownRecord): number | undefined {
	const top = isRecord(entry.top_provider) ? entry.top_provider : {};
	for (const value of [...contextFields.map(field => entry[field]), top.context_length])
		if (typeof value === 'number' && value > 0) return value;
	return undefined;
}

function modalityIn(entry: UnknownRecord, key: 'input_modalities' | 'output_modalities'): boolean | undefined {
	const list = isRecord(entry.architecture) ? entry.architecture[key] : undefined;
	return Array.isArray(list) ? list.includes('image') : undefined;
}

function infoOf(entry: unknown): ModelInfo[] {
	const raw: UnknownRecord = isRecord(entry) ? entry : {id: entry};
	if (typeof raw.id !== 'string' || raw.id === '') return [];
	const info: ModelInfo = {id: raw.id, raw};
	const contextLength = contextLengthOf(raw);
	if (contextLength !== undefined) info.contextLength = contextLength;
	const capabilities = isRecord(raw.capabilities) ? raw.capabilities : {};
	const vision = modalityIn(raw, 'input_modalities') ?? capabilities.vision;
	if (typeof vision === 'boolean') info.vision = vision;
	const imageOutput = modalityIn(raw, 'output_modalities') ?? (raw.type === 'image' || undefined);
	if (imageOutput !== undefined) info.imageOutput = imageOutput;
	if (isRecord(raw.pricing)) info.pricing = raw.pricing;
	return [info];
}

/**
The provider's models with what `/models` says about each beyond its id (context length, image input and output,
pricing), for a model picker; like `getModels()`, the ids are then remembered to check models before sending.
A function, not a static method, so a page that never calls it does not carry it.
*/
export async function getModelInfo(provider: ProviderConfig, options: GetModelsOptions = {}): Promise<ModelInfo[]> {
	const {base, json, send, status} = await fetchModelList(provider, options);
	const entries = modelEntries(json);
	if (!entries) throw failure(send, 'the model list is not a JSON list of models', {status});
	const infos = entries.flatMap(infoOf);
	rememberModels(
		provider,
		base,
		infos.map(info => info.id),
	);
	return infos;
}
