import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/** OpenAI. Base URL and default model from https://platform.openai.com/docs/api-reference/chat */
export class OpenAI extends OpenaiTemplate {
	static override label = 'OpenAI';
	static override url = 'https://platform.openai.com';
	static override loginUrl = 'https://platform.openai.com/api-keys';
	static override apiBase = 'https://api.openai.com/v1';
	static override needsAuth = true;
	// OpenAI neither returns nor takes reasoning text in chat completions: nothing of another provider's goes there.
	static override sendReasoningBack: ReasoningRule = 'never';
	static override defaultModel = 'gpt-4o-mini';
}
