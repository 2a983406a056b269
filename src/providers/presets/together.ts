import {OpenaiTemplate} from '../openai-template.js';

/** Together. Base URL and default model from https://docs.together.ai/docs/openai-api-compatibility */
export class Together extends OpenaiTemplate {
	static override label = 'Together';
	static override url = 'https://www.together.ai';
	static override loginUrl = 'https://api.together.xyz/settings/api-keys';
	static override apiBase = 'https://api.together.xyz/v1';
	static override needsAuth = true;
	static override defaultModel = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';
}
