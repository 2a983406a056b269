import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/** OpenRouter. Base URL and default model from https://openrouter.ai/docs/quickstart */
export class OpenRouter extends OpenaiTemplate {
	static override label = 'OpenRouter';
	static override url = 'https://openrouter.ai';
	static override loginUrl = 'https://openrouter.ai/settings/keys';
	static override apiBase = 'https://openrouter.ai/api/v1';
	static override needsAuth = true;
	static override defaultModel = 'openai/gpt-4o-mini';
	static override reasoningField = 'reasoning';
	// Gemini and Anthropic models need their `reasoning_details` back, unchanged (openrouter.ai/docs, "preserving
	// reasoning blocks"); OpenRouter accepts them on every assistant message.
	static override sendReasoningBack: ReasoningRule = 'always';
}
