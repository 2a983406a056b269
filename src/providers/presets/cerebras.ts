import type {ReasoningRule} from '../../types/provider.js';
import {OpenaiTemplate} from '../openai-template.js';

/**
Cerebras. From https://inference-docs.cerebras.ai/resources/openai and
https://inference-docs.cerebras.ai/capabilities/reasoning: base URL; `frequency_penalty`, `presence_penalty`,
`logit_bias` and `parallel_tool_calls` answered with a 400; reasoning text via `reasoning_format: 'parsed'`, returned in
`reasoning`. Unconfirmed: CORS, the key page's path.
*/
export class Cerebras extends OpenaiTemplate {
	static override label = 'Cerebras';
	static override url = 'https://cloud.cerebras.ai';
	static override loginUrl = 'https://cloud.cerebras.ai/platform';
	static override apiBase = 'https://api.cerebras.ai/v1';
	static override needsAuth = true;
	// Cerebras refuses `reasoning` on input messages (musistudio/llms strips it before sending).
	static override sendReasoningBack: ReasoningRule = 'never';
	static override defaultModel = 'llama-3.3-70b';
	static override modelAliases = {'llama-3.1-8b': 'llama3.1-8b'};
	static override refusedParameters = ['frequency_penalty', 'presence_penalty', 'logit_bias', 'parallel_tool_calls'];
	static override reasoningRequest = {reasoning_format: 'parsed'};
	static override reasoningField = 'reasoning';
	static override modelList = 'key' as const;
}
