import {type GetModelsOptions, IterListProvider, type ProviderClass} from '../index.js';
import {modelIdOf, providerName} from '../internal.js';
import {HttpError} from './errors.js';

/** What a handler serves: one provider class, or a fallback (`IterListProvider` / `RotatedProvider`) instance. */
export type ServedProvider = ProviderClass | IterListProvider;

// The core's own: a provider's name in key maps, errors and chunks (`label`, else the class name).
export {providerName};

/** The provider classes behind what is served, in order. */
export function providersOf(provider: ServedProvider): readonly ProviderClass[] {
	if (provider instanceof IterListProvider) return provider.providers;
	if (typeof provider === 'function' && typeof provider.createAsyncGenerator === 'function') return [provider];
	throw new TypeError(
		'cablyai/server: `provider` must be a provider class (e.g. CablyAI) or an IterListProvider / RotatedProvider',
	);
}

/**
Whether every provider that may answer sends an allowed model: the allowlist is about what the server's account
pays for, so it is checked after aliases and defaults, as each provider resolves them.
*/
export function isAllowedModel(
	model: string,
	providers: readonly ProviderClass[],
	allowed: ReadonlySet<string>,
): boolean {
	return providers.every(provider => allowed.has(modelIdOf(provider, model)));
}

export interface ModelEntry {
	id: string;
	object: 'model';
	created: number;
	owned_by: string;
}

/** `GET /models` entries, each id once, owned by the first provider that lists it. */
export function modelList(entries: ReadonlyArray<[id: string, owner: string]>): {object: 'list'; data: ModelEntry[]} {
	const seen = new Set<string>();
	const data: ModelEntry[] = [];
	for (const [id, owner] of entries) {
		if (seen.has(id)) continue;
		seen.add(id);
		data.push({id, object: 'model', created: 0, owned_by: owner});
	}

	return {object: 'list', data};
}

/** The model lists of what is served, as `[id, owner]` pairs; `complete` is false when a provider's list failed. */
export interface ModelEntries {
	entries: Array<[id: string, owner: string]>;
	complete: boolean;
}

/**
Each provider's models: its static list, else `fetchList(provider)`. A fallback lists what its working providers
offer; only when none answers is it an error (the first provider's). The library's argument errors here are the
server's configuration (no base URL, say), not the client's: a 500.
*/
export async function upstreamModels(
	providers: readonly ProviderClass[],
	fetchList: (provider: ProviderClass) => Promise<readonly string[]>,
): Promise<ModelEntries> {
	const lists = await Promise.allSettled(
		providers.map(async item => {
			const ids = item.models.length > 0 ? item.models : await fetchList(item);
			return ids.map((id): [string, string] => [id, providerName(item)]);
		}),
	);
	const failed = lists.find(list => list.status === 'rejected');
	if (failed && lists.every(list => list.status === 'rejected')) {
		if (failed.reason instanceof TypeError)
			throw new HttpError(500, 'The server cannot list its models (configuration)', {code: 'internal_error'});
		throw failed.reason;
	}

	return {entries: lists.flatMap(list => (list.status === 'fulfilled' ? list.value : [])), complete: !failed};
}

/**
A provider's model list, fetched without the core remembering it. `getModels()` records a fetched list per provider
class, and the chat then refuses models not in it: one client's `GET /models` would narrow what every client may use.
Called on an object that inherits from the class (same statics, same overrides), the list is recorded for that object
alone, which nothing else sees.
*/
export async function modelListOf(provider: ProviderClass, options: GetModelsOptions): Promise<string[]> {
	return provider.getModels.call(Object.create(provider) as ProviderClass, options);
}
