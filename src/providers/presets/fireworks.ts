import {OpenaiTemplate} from '../openai-template.js';

/**
Fireworks AI. From https://docs.fireworks.ai/tools-sdks/openai-compatibility: base URL; model ids are
`accounts/fireworks/models/…` (the aliases give the short names). Unconfirmed: the reasoning field, CORS, the key page's
path.
*/
export class Fireworks extends OpenaiTemplate {
	static override label = 'Fireworks';
	static override url = 'https://fireworks.ai';
	static override loginUrl = 'https://fireworks.ai/account/api-keys';
	static override apiBase = 'https://api.fireworks.ai/inference/v1';
	static override needsAuth = true;
	static override defaultModel = 'accounts/fireworks/models/llama-v3p3-70b-instruct';
	static override modelAliases = {
		'llama-3.3-70b': 'accounts/fireworks/models/llama-v3p3-70b-instruct',
		'deepseek-r1': 'accounts/fireworks/models/deepseek-r1',
		'qwen3-235b-a22b': 'accounts/fireworks/models/qwen3-235b-a22b',
	};
	static override modelList = 'key' as const;
}
