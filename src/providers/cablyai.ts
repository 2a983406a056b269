import {OpenaiTemplate} from './openai-template.js';

/** CablyAI (https://cablyai.com), an OpenAI-compatible gateway; the port of g4f's `needs_auth.CablyAI`. */
export class CablyAI extends OpenaiTemplate {
	static override label = 'CablyAI';
	static override url = 'https://cablyai.com/chat';
	static override loginUrl = 'https://cablyai.com';
	static override apiBase = 'https://cablyai.com/v1';
	static override needsAuth = true;
	// The seed's `stream=False`: CablyAI answers in one piece unless `stream: true` is passed.
	static override defaultStream = false;
	// `working`, `supportsStream`, `supportsSystemMessage` and `supportsMessageHistory` keep their default, true.
	static override defaultModel = 'gpt-4o-mini';
	// The browser-like headers of the g4f original (Accept, Authorization and Content-Type are set per request).
	static override headers = {
		'Accept-Language': 'en-US,en;q=0.9',
		Origin: 'https://cablyai.com',
		Referer: 'https://cablyai.com/chat',
		'User-Agent':
			'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
	};
}
