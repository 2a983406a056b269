import {createChat} from '../core/create-chat.js';
import {fetchModels} from '../core/models.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions, GetModelsOptions} from '../types/options.js';

/**
Any OpenAI-compatible chat API, after g4f's `OpenaiTemplate`. A provider is a subclass that sets static
fields (`apiBase`, flags, headers, models); the methods read them from `this`, the class they are called on.
*/
export class OpenaiTemplate {
	// Spelled out so minifiers that rename classes keep provider names (errors and fallback maps use them).
	static get name(): string {
		return 'OpenaiTemplate';
	}

	static url = '';
	static loginUrl: string | undefined = undefined;
	static apiBase = '';
	static working = true;
	static needsAuth = false;
	static supportsStream = true;
	static supportsSystemMessage = true;
	static supportsMessageHistory = true;
	static defaultModel = '';
	static models: string[] = [];
	static modelAliases: Record<string, string> = {};
	static imageModels: string[] = [];
	/** Sent from Deno, Bun and Node; never from browsers (CORS). */
	static headers: Record<string, string> = {};
	/** In browsers, added to a NetworkError raised before any response: how to let pages reach this server (CORS). */
	static corsHint: string | undefined = undefined;

	/** Streams (or, with `stream: false`, yields at once) the answer to `messages`. */
	static createAsyncGenerator(model: string, messages: Messages, options?: CreateOptions): AsyncGenerator<Chunk, void, undefined> {
		return createChat(this, model, messages, options);
	}

	/** The provider's model ids (`GET {base}/models`); remembered per base URL to check models before sending. */
	static async getModels(options?: GetModelsOptions): Promise<string[]> {
		return fetchModels(this, options);
	}
}
