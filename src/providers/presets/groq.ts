import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/** Groq. Base URL and default model from https://console.groq.com/docs/openai */
export class Groq extends OpenaiTemplate {
	static override label = 'Groq';
	static override url = 'https://console.groq.com/playground';
	static override loginUrl = 'https://console.groq.com/keys';
	static override apiBase = 'https://api.groq.com/openai/v1';
	static override needsAuth = true;
	// Groq answers 400 "'messages.1' : property 'reasoning' is unsupported" (janhq/jan#8136, karthink/gptel#774).
	static override sendReasoningBack: ReasoningRule = 'never';
	static override defaultModel = 'llama-3.3-70b-versatile';
	static override reasoningField = 'reasoning';
}
