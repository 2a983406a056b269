import {failure} from '../../errors/failure.js';
import {ModelNotSupportedError, TimeoutError} from '../../errors/provider-error.js';
import type {GetModelsOptions} from '../../types/options.js';
import type {ProviderConfig} from '../../types/provider.js';
import {isRecord} from '../../utils/is-record.js';
import {endpointUrl} from '../../utils/url.js';
import {BodyReader} from '../read/body-reader.js';
import {withDeadline} from '../send/deadline.js';
import {readBodyText} from '../read/body-reader.js';
import {providerName} from './provider.js';
import type {RequestContext} from '../context.js';
import {sendRequest} from '../send/send-request.js';
import {checkModelListAccess} from './provider.js';
import {validateGetModelsOptions} from './validate-input.js';
import {prepareRequest} from './prepare-request.js';
import {baseUrlOf} from './provider.js';
import {tryParseJson} from '../../utils/safe-json.js';

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
export function rememberModels(provider: ProviderConfig, base: string, ids: string[]): void {
	const byBase = fetchedModels.get(provider) ?? new Map<string, string[]>();
	fetchedModels.set(provider, byBase);
	byBase.set(base, ids);
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
