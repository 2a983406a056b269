import type {ProviderConfig} from '../types/provider.js';
import {fail} from '../utils/fail.js';
import {trimTrailingSlashes} from '../utils/url.js';
import {providerName} from './provider-identity.js';
import {checkUrl} from './validate-input.js';

/** The provider's API base (or the caller's override) without trailing slashes. */
export function baseUrlOf(provider: ProviderConfig, baseUrl: string | null | undefined): string {
	const base = baseUrl ?? provider.apiBase;
	const name = providerName(provider);
	if (!base) fail(`${name} has no \`apiBase\`: pass \`baseUrl\``);
	if (baseUrl == null) checkUrl(base, `${name}.apiBase`);
	return trimTrailingSlashes(base);
}
