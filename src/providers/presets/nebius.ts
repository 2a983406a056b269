import {OpenaiTemplate} from '../openai-template.js';

/**
Nebius AI Studio. From https://docs.nebius.com/studio/inference/api: base URL; keys are meant for servers only
(no CORS for pages). Unconfirmed: the base URL after the service's renaming to Token Factory, the key page's path.
*/
export class Nebius extends OpenaiTemplate {
	static override label = 'Nebius';
	static override url = 'https://studio.nebius.com';
	static override loginUrl = 'https://studio.nebius.com/settings/api-keys';
	static override apiBase = 'https://api.studio.nebius.com/v1';
	static override needsAuth = true;
	static override defaultModel = 'meta-llama/Llama-3.3-70B-Instruct';
	static override browserCors = false;
	static override corsHint =
		"Nebius keys are for servers: call it from a server, e.g. a route made with cablyai/server's createHandler";
}
