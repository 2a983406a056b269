import {IterListProvider, type ProviderClass} from '../index.js';

/** What a handler serves: one provider class, or a fallback (`IterListProvider` / `RotatedProvider`) instance. */
export type ServedProvider = ProviderClass | IterListProvider;

/** A provider's name in key maps, errors and chunks: its `label` when it has one (it survives minifiers), else its class name. */
export function providerName(provider: ProviderClass): string {
	const {label} = provider as {label?: unknown};
	return typeof label === 'string' && label !== '' ? label : provider.name;
}

/** The provider classes behind what is served, in order. */
export function providersOf(provider: ServedProvider): readonly ProviderClass[] {
	if (provider instanceof IterListProvider) return provider.providers;
	if (typeof provider === 'function' && typeof provider.createAsyncGenerator === 'function') return [provider];
	throw new TypeError(
		'cablyai/server: `provider` must be a provider class (e.g. CablyAI) or an IterListProvider / RotatedProvider',
	);
}

/** The model id a provider sends for `model`: its default for an empty name, then its aliases. */
export function resolvedModel(provider: ProviderClass, model: string): string {
	const name = model || provider.defaultModel;
	return provider.modelAliases[name] !== undefined && Object.hasOwn(provider.modelAliases, name)
		? provider.modelAliases[name]
		: name;
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
	return providers.every(provider => allowed.has(resolvedModel(provider, model)));
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
