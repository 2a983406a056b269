/**
The static shape of a provider class (`OpenaiTemplate` and its subclasses), as the core reads it; each field is
documented on `OpenaiTemplate`.
*/
export interface ProviderConfig {
	/** The class name (minifiers may rename it: set `label`). */
	readonly name: string;
	/** The provider's name in chunks, errors and key maps; the class name when unset. */
	label?: string | undefined;
	url: string;
	loginUrl?: string;
	apiBase: string;
	working: boolean;
	needsAuth: boolean;
	supportsStream: boolean;
	supportsSystemMessage: boolean;
	supportsMessageHistory: boolean;
	defaultModel: string;
	models: string[];
	modelAliases: Record<string, string>;
	imageModels: string[];
	headers: Record<string, string>;
	corsHint?: string;
	// Capability flags: optional here, so a config written before them still type-checks (defaults on OpenaiTemplate).
	browserCors?: boolean;
	apiKeyHeader?: string;
	streamUsage?: boolean;
	refusedParameters?: readonly string[];
	reasoningRequest?: Record<string, unknown> | undefined;
	reasoningField?: string | undefined;
	modelList?: 'open' | 'key' | 'none';
}
