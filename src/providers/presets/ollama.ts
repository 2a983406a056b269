import {OpenaiTemplate} from '../openai-template.js';

/** Ollama. Base URL and default model from https://github.com/ollama/ollama/blob/main/docs/openai.md (local, no key) */
export class Ollama extends OpenaiTemplate {
	static override label = 'Ollama';
	static override url = 'https://ollama.com';
	static override apiBase = 'http://localhost:11434/v1';
	static override needsAuth = false;
	static override defaultModel = 'llama3.2';
	static override corsHint =
		"Ollama answers pages only from the origins in OLLAMA_ORIGINS: restart `ollama serve` with OLLAMA_ORIGINS set to this page's origin";
}
