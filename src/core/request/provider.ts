import type {ProviderConfig} from '../../types/provider.js';
import {fail} from '../../utils/fail.js';
import {trimTrailingSlashes} from '../../utils/url.js';
import {checkUrl} from './validate-input.js';

/** The name chunks, errors and key maps use: the provider's `label`, else its class name (which minifiers may rename). */
export function providerName(provider: ProviderConfig): string {
	return provider.label || provider.name;
}

/** What `apiKey` may be where several providers share one call: one key for all, a record by name, a `Map` by class. */
export type ApiKeys =
	| string
	| Readonly<Record<string, string>>
	| ReadonlyMap<ProviderConfig, string>
	| null
	| undefined;

/**
The key for one provider: the one key, its `Map` entry, or its record entry by name (`label`, then class name: a
minifier may rename the class, a label stays). `null`/`undefined` as given; no entry, `undefined`.
*/
export function keyFor(apiKey: ApiKeys, provider: ProviderConfig): string | null | undefined {
	if (apiKey === null || apiKey === undefined || typeof apiKey === 'string') return apiKey;
	if (apiKey instanceof Map) return apiKey.get(provider);
	const record = apiKey as Readonly<Record<string, string>>;
	const name = [providerName(provider), provider.name].find(name => Object.hasOwn(record, name));
	return name === undefined ? undefined : record[name];
}

function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return '';
	}
}

/**
The site the `provider` chunk names: the origin of the caller's `baseUrl` / `apiEndpoint` when given (the server that
was actually asked; credentials are not part of an origin), else the provider's `url`, else the origin of its
`apiBase`; `''` when there is none.
*/
export function providerUrl(provider: ProviderConfig, asked?: string | null): string {
	if (asked) return originOf(asked);
	return provider.url || originOf(provider.apiBase);
}

/** The provider's API base (or the caller's override) without trailing slashes. */
export function baseUrlOf(provider: ProviderConfig, baseUrl: string | null | undefined): string {
	const base = baseUrl ?? provider.apiBase;
	const name = providerName(provider);
	if (!base) fail(`${name} has no \`apiBase\`: pass \`baseUrl\``, {option: 'baseUrl'});
	if (baseUrl == null) checkUrl(base, `${name}.apiBase`);
	return trimTrailingSlashes(base);
}
