import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/** Mistral. Base URL and default model from https://docs.mistral.ai/api/ */
export class Mistral extends OpenaiTemplate {
	static override label = 'Mistral';
	static override url = 'https://chat.mistral.ai';
	static override loginUrl = 'https://console.mistral.ai/api-keys';
	static override apiBase = 'https://api.mistral.ai/v1';
	static override needsAuth = true;
	// Mistral's API refuses message fields it does not know (422 "Extra inputs are not permitted").
	static override sendReasoningBack: ReasoningRule = 'never';
	static override defaultModel = 'mistral-small-latest';
}
