import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/**
Azure OpenAI through its v1 API. From https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
(base URL `https://{resource}.openai.azure.com/openai/v1`, no `api-version` needed) and
https://learn.microsoft.com/azure/ai-foundry/openai/reference (the `api-key` header). The base URL names your resource:
`AzureOpenAI.forResource('my-resource')`, a subclass of your own with `apiBase`, or the `baseUrl` option; without one a
request throws a `TypeError`. `model` is your deployment's name. Some deployments refuse `stream_options` with a 400
(langgenius/dify-plugin-sdks#50): `class MyAzure extends AzureOpenAI { static override streamUsage = false }`.
The legacy path (`/openai/deployments/{name}/chat/completions?api-version=…`) is the `apiEndpoint` option's.
Unconfirmed: CORS for pages.
*/
export class AzureOpenAI extends OpenaiTemplate {
	static override label = 'AzureOpenAI';
	static override url = 'https://azure.microsoft.com/products/ai-services/openai-service';
	static override loginUrl = 'https://portal.azure.com';
	static override needsAuth = true;
	// Azure OpenAI, as OpenAI: no reasoning text in chat-completion messages.
	static override sendReasoningBack: ReasoningRule = 'never';
	static override apiKeyHeader = 'api-key';
	static override modelList = 'key' as const;
	/** The base URL with the resource left open, for the README's provider matrix. */
	static readonly apiBasePattern = 'https://{resource}.openai.azure.com/openai/v1';

	/** A subclass (same label) whose `apiBase` is the v1 API of the Azure resource named `resource`. */
	static forResource(resource: string): typeof AzureOpenAI {
		// The name goes into a host name: anything but letters, digits and hyphens would change which host that is.
		if (!/^[a-z\d](?:[a-z\d-]*[a-z\d])?$/i.test(resource))
			throw new TypeError(`AzureOpenAI.forResource: "${resource}" is not an Azure resource name`);
		return class extends this {
			static override apiBase = `https://${resource}.openai.azure.com/openai/v1`;
		};
	}
}
