import {OpenaiTemplate} from '../openai-template.js';

/**
Pollinations. From https://enter.pollinations.ai/api/docs (unconfirmed: read from the issue, not the page): base
URL; a keyless tier; publishable keys meant for pages. Unconfirmed: default model, `/models`, reasoning field.
*/
export class Pollinations extends OpenaiTemplate {
	static override label = 'Pollinations';
	static override url = 'https://pollinations.ai';
	static override loginUrl = 'https://enter.pollinations.ai';
	static override apiBase = 'https://gen.pollinations.ai/v1';
	static override needsAuth = false;
	static override defaultModel = 'openai';
}
