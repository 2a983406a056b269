import {OpenaiTemplate} from '../openai-template.js';

/**
Perplexity (Sonar). From https://docs.perplexity.ai/api-reference/chat-completions-post: base URL without
`/v1`; no `/models`; answers carry top-level `citations` / `search_results` (turned into `sources` by the chat-depth
work, not yet); tools are not supported (left out, named in the `provider` chunk); reasoning models think in `<think>`
tags. Unconfirmed: CORS.
*/
export class Perplexity extends OpenaiTemplate {
	static override label = 'Perplexity';
	static override url = 'https://www.perplexity.ai';
	static override loginUrl = 'https://www.perplexity.ai/settings/api';
	static override apiBase = 'https://api.perplexity.ai';
	static override needsAuth = true;
	static override defaultModel = 'sonar';
	static override refusedParameters = ['tools', 'tool_choice', 'parallel_tool_calls'];
	static override modelList = 'none' as const;
}
