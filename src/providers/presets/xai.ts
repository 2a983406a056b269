import {OpenaiTemplate} from '../openai-template.js';

/**
xAI (Grok). From https://docs.x.ai/docs/guides/reasoning and https://docs.x.ai/docs/api-reference: base URL;
`stream_options.include_usage` works; reasoning models (grok-3-mini) return `reasoning_content`. Unconfirmed: CORS.
*/
export class XAI extends OpenaiTemplate {
	static override label = 'XAI';
	static override url = 'https://x.ai/api';
	static override loginUrl = 'https://console.x.ai';
	static override apiBase = 'https://api.x.ai/v1';
	static override needsAuth = true;
	static override defaultModel = 'grok-3-mini';
	static override modelAliases = {grok: 'grok-4', 'grok-mini': 'grok-3-mini'};
	static override reasoningField = 'reasoning_content';
	static override modelList = 'key' as const;
}
