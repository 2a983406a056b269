import {OpenaiTemplate} from '../openai-template.js';

/**
Scaleway Generative APIs. From https://www.scaleway.com/en/docs/generative-apis/: base URL and model ids; an
IAM secret key as the bearer token. Unconfirmed: CORS, reasoning field.
*/
export class Scaleway extends OpenaiTemplate {
	static override label = 'Scaleway';
	static override url = 'https://www.scaleway.com/en/generative-apis/';
	static override loginUrl = 'https://console.scaleway.com/iam/api-keys';
	static override apiBase = 'https://api.scaleway.ai/v1';
	static override needsAuth = true;
	static override defaultModel = 'llama-3.3-70b-instruct';
}
