import type {ProviderConfig} from '../types/provider.js';

/** The name chunks, errors and key maps use: the provider's `label`, else its class name (which minifiers may rename). */
export function providerName(provider: ProviderConfig): string {
	return provider.label || provider.name;
}

/** The provider's `url`, else the origin of its `apiBase`; `''` when it has neither. */
export function providerUrl(provider: ProviderConfig): string {
	if (provider.url) return provider.url;
	try {
		return new URL(provider.apiBase).origin;
	} catch {
		return '';
	}
}
