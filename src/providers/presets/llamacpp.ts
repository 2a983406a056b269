import {OpenaiTemplate} from '../openai-template.js';

/**
llama.cpp's `llama-server`. From https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md: base
URL (default port 8080); the key is optional (`--api-key`); the server answers with the model it loaded, whatever
`model` says (so any id works: `default` is sent; after `getModels()`, whose list is then checked, pass an id it
listed); reasoning in `reasoning_content` with `--reasoning-format`.
*/
export class LlamaCpp extends OpenaiTemplate {
	static override label = 'LlamaCpp';
	static override url = 'https://github.com/ggml-org/llama.cpp';
	static override apiBase = 'http://127.0.0.1:8080/v1';
	static override needsAuth = false;
	static override defaultModel = 'default';
	static override reasoningField = 'reasoning_content';
}
