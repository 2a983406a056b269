import {OpenaiTemplate} from '../openai-template.js';

/**
Hugging Face Inference Providers router. From https://huggingface.co/docs/inference-providers/index: base
URL; a fine-grained token with the "Make calls to Inference Providers" permission; a model id may end in
`:provider`, `:fastest` or `:cheapest` to pick who serves it. Unconfirmed: whether `/models` needs the token.
*/
export class HuggingFace extends OpenaiTemplate {
	static override label = 'HuggingFace';
	static override url = 'https://huggingface.co/docs/inference-providers';
	static override loginUrl = 'https://huggingface.co/settings/tokens';
	static override apiBase = 'https://router.huggingface.co/v1';
	static override needsAuth = true;
	static override defaultModel = 'openai/gpt-oss-120b';
	static override modelAliases = {'gpt-oss-120b': 'openai/gpt-oss-120b', 'gpt-oss-20b': 'openai/gpt-oss-20b'};
}
