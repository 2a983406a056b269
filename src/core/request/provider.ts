import type {ProviderConfig} from '../../types/provider.js';
import {fail} from '../../utils/fail.js';
import {trimTrailingSlashes} from '../../utils/url.js';
import {checkUrl, apiKeyOf} from './validate-input.js';
import {MissingAuthError, ProviderError} from '../../errors/provider-error.js';
import type {GetModelsOptions} from '../../types/options.js';

/** The name chunks, errors and key maps use: the provider's `label`, else its class name (which minifiers may rename). */
export function providerName(provider: ProviderConfig): string {
	return provider.label || provider.name;
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
