import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/** DeepSeek. Base URL and default model from https://api-docs.deepseek.com/ */
export class DeepSeek extends OpenaiTemplate {
	static override label = 'DeepSeek';
	static override url = 'https://chat.deepseek.com';
	static override loginUrl = 'https://platform.deepseek.com/api_keys';
	static override apiBase = 'https://api.deepseek.com';
	static override needsAuth = true;
	static override defaultModel = 'deepseek-chat';
	static override reasoningField = 'reasoning_content';
	// JSON Output is `{type: 'json_object'}` only (https://api-docs.deepseek.com/guides/json_mode).
	static override supportsJsonSchema = false;
	// Thinking mode: a tool-call turn without its `reasoning_content` is a 400 ("must be passed back to the API"),
	// and deepseek-reasoner refused it on plain turns (api-docs.deepseek.com/guides/thinking_mode).
	static override sendReasoningBack: ReasoningRule = 'tool-calls';
}
