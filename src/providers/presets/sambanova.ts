import {OpenaiTemplate} from '../openai-template.js';

/**
SambaNova Cloud. From https://docs.sambanova.ai/cloud/docs/capabilities/openai-compatibility: base URL and
model ids. Unconfirmed: refused parameters, reasoning field, CORS.
*/
export class SambaNova extends OpenaiTemplate {
	static override label = 'SambaNova';
	static override url = 'https://cloud.sambanova.ai';
	static override loginUrl = 'https://cloud.sambanova.ai/apis';
	static override apiBase = 'https://api.sambanova.ai/v1';
	static override needsAuth = true;
	static override defaultModel = 'Meta-Llama-3.3-70B-Instruct';
	static override modelAliases = {'llama-3.3-70b': 'Meta-Llama-3.3-70B-Instruct'};
}
