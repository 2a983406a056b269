import {MissingAuthError, ProviderError} from '../errors/provider-error.js';
import type {GetModelsOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {providerName} from './provider-identity.js';
import {apiKeyOf} from './validate-input.js';

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
