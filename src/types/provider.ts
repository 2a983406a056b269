import type {OpenaiTemplate} from '../providers/openai-template.js';

/** The statics every provider class has: `OpenaiTemplate` sets each one's default. */
type RequiredStatics =
	| 'name'
	| 'url'
	| 'apiBase'
	| 'working'
	| 'needsAuth'
	| 'supportsStream'
	| 'supportsSystemMessage'
	| 'supportsMessageHistory'
	| 'defaultModel'
	| 'models'
	| 'modelAliases'
	| 'imageModels'
	| 'headers';

/**
The statics a config may leave out: unset on `OpenaiTemplate` (`label`, `loginUrl`, `corsHint`, the reasoning fields),
or capability flags added later, optional so that a config written before them still type-checks.
*/
type OptionalStatics =
	| 'label'
	| 'loginUrl'
	| 'corsHint'
	| 'browserCors'
	| 'apiKeyHeader'
	| 'streamUsage'
	| 'refusedParameters'
	| 'reasoningRequest'
	| 'reasoningField'
	| 'modelList'
	| 'supportsJsonSchema'
	| 'defaultStream'
	| 'sendReasoningBack';

/**
The static shape of a provider class (`OpenaiTemplate` and its subclasses), as the core reads it: derived from
`OpenaiTemplate`'s statics, where each field is documented.
*/
export type ProviderConfig = Pick<typeof OpenaiTemplate, RequiredStatics> &
	Partial<Pick<typeof OpenaiTemplate, OptionalStatics>>;

/** When reasoning goes back to the provider on earlier assistant messages (`OpenaiTemplate.sendReasoningBack`). */
export type ReasoningRule = 'always' | 'tool-calls' | 'never';
