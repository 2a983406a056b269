import {OpenaiTemplate} from '../openai-template.js';

/**
NVIDIA NIM (build.nvidia.com). From https://docs.api.nvidia.com/nim/reference/llm-apis: base URL; no CORS for
pages; thinking switched on through `chat_template_kwargs` (the key is per model: `thinking` for DeepSeek V3.1,
`enable_thinking` for Qwen3; unconfirmed for others), answered in `reasoning_content`. g4f sets `add_user = False` here:
cablyai never adds messages, so nothing to switch off. Unconfirmed: the key page's path.
*/
export class Nvidia extends OpenaiTemplate {
	static override label = 'Nvidia';
	static override url = 'https://build.nvidia.com';
	static override loginUrl = 'https://build.nvidia.com/settings/api-keys';
	static override apiBase = 'https://integrate.api.nvidia.com/v1';
	static override needsAuth = true;
	static override defaultModel = 'meta/llama-3.3-70b-instruct';
	static override modelAliases = {
		'llama-3.3-70b': 'meta/llama-3.3-70b-instruct',
		'deepseek-v3.1': 'deepseek-ai/deepseek-v3.1',
	};
	static override reasoningRequest = {chat_template_kwargs: {thinking: true}};
	static override reasoningField = 'reasoning_content';
	static override browserCors = false;
	static override corsHint =
		"NVIDIA's API does not answer pages (no CORS): call it from a server, e.g. a route made with cablyai/server's createHandler";
}
