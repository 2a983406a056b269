import {OpenaiTemplate} from '../openai-template.js';

/**
Novita AI. From https://novita.ai/docs/guides/llm-api: base URL (`/v3/openai`, not `/v1`); reasoning text kept
apart with `separate_reasoning: true`, returned in `reasoning_content`. Unconfirmed: CORS, the key page's path.
*/
export class Novita extends OpenaiTemplate {
	static override label = 'Novita';
	static override url = 'https://novita.ai';
	static override loginUrl = 'https://novita.ai/settings/key-management';
	static override apiBase = 'https://api.novita.ai/v3/openai';
	static override needsAuth = true;
	static override defaultModel = 'meta-llama/llama-3.3-70b-instruct';
	static override reasoningRequest = {separate_reasoning: true};
	static override reasoningField = 'reasoning_content';
}
