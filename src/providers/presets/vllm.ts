import {OpenaiTemplate} from '../openai-template.js';

/**
vLLM's OpenAI-compatible server. From https://docs.vllm.ai/en/latest/features/reasoning_outputs.html and
https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html: base URL (default port 8000); reasoning in
`reasoning` (older releases: `reasoning_content`, also read); the model is whichever you served (pass its id or pick one
from getModels()); `--allowed-origins` sets CORS.
*/
export class VLLM extends OpenaiTemplate {
	static override label = 'VLLM';
	static override url = 'https://docs.vllm.ai';
	static override apiBase = 'http://localhost:8000/v1';
	static override needsAuth = false;
	static override defaultModel = '';
	static override reasoningField = 'reasoning';
	static override corsHint =
		"Start vLLM with `--allowed-origins` naming this page's origin (e.g. `vllm serve <model> --allowed-origins '[\"https://example.com\"]'`)";
}
