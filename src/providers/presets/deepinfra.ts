import {OpenaiTemplate} from '../openai-template.js';

/** DeepInfra. Base URL and default model from https://deepinfra.com/docs/advanced/openai_api */
export class DeepInfra extends OpenaiTemplate {
	static override label = 'DeepInfra';
	static override url = 'https://deepinfra.com';
	static override loginUrl = 'https://deepinfra.com/dash/api_keys';
	static override apiBase = 'https://api.deepinfra.com/v1/openai';
	static override needsAuth = true;
	static override defaultModel = 'meta-llama/Meta-Llama-3.1-8B-Instruct';
}
