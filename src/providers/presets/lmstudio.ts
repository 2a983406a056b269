import {OpenaiTemplate} from '../openai-template.js';

/** LMStudio. Base URL and default model from https://lmstudio.ai/docs/api/openai-api (local, no key; the model is whichever you loaded: pass its id or pick one from getModels()) */
export class LMStudio extends OpenaiTemplate {
	static override label = 'LMStudio';
	static override url = 'https://lmstudio.ai';
	static override apiBase = 'http://localhost:1234/v1';
	static override needsAuth = false;
	static override defaultModel = '';
	static override corsHint =
		'In LM Studio, turn on "Enable CORS" in the local server\'s settings (Developer tab), or start it with `lms server start --cors`';
}
