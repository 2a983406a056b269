import {OpenaiTemplate} from '../openai-template.js';

/**
Google Gemini through its OpenAI-compatible endpoint. From https://ai.google.dev/gemini-api/docs/openai:
base URL, `reasoning_effort`, thoughts only with `extra_body.google.thinking_config.include_thoughts` (sent as the body
field `extra_body`, as the page's curl examples do), tool calls carrying `extra_content.google.thought_signature` that
must come back with the call (kept: unknown per-call fields go back as received). Streamed tool calls may lack `index`
(openai/openai-python#2806; the assembler copes). Unconfirmed: which field carries thoughts back (not set: `<think>`-
style tags and the usual fields are read), whether `/models` answers pages (CORS) and `stream_options`.
*/
export class Gemini extends OpenaiTemplate {
	static override label = 'Gemini';
	static override url = 'https://ai.google.dev';
	static override loginUrl = 'https://aistudio.google.com/apikey';
	static override apiBase = 'https://generativelanguage.googleapis.com/v1beta/openai';
	static override needsAuth = true;
	static override defaultModel = 'gemini-2.5-flash';
	static override modelAliases = {
		flash: 'gemini-2.5-flash',
		pro: 'gemini-2.5-pro',
		'flash-lite': 'gemini-2.5-flash-lite',
	};
	static override reasoningRequest = {extra_body: {google: {thinking_config: {include_thoughts: true}}}};
	static override modelList = 'key' as const;
}
