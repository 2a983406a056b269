import {createChat} from '../core/create-chat.js';
import {fetchModels} from '../core/models.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions, GetModelsOptions} from '../types/options.js';

/**
Any OpenAI-compatible chat API, after g4f's `OpenaiTemplate`. A provider is a subclass that sets static
fields (`apiBase`, flags, headers, models); the methods read them from `this`, the class they are called on.
*/
export class OpenaiTemplate {
	// Spelled out so a minified build still names the base class in errors; subclasses set `label`.
	static get name(): string {
		return 'OpenaiTemplate';
	}

	/**
	The provider's name in `provider` chunks, errors, `RetryNoProviderError.errors` and fallback key maps; the class
	name when unset. Set it: minifiers rename classes in production builds, but never change a string.
	*/
	static label?: string;
	static url = '';
	static loginUrl: string | undefined = undefined;
	static apiBase = '';
	/** `false`: requests fail at once with a `ProviderError`, and a fallback skips the provider (as g4f refuses one). */
	static working = true;
	static needsAuth = false;
	static supportsStream = true;
	/**
	Informational, as in g4f, where these flags describe a service (in its provider lists) and nothing reads them to
	change the messages: the messages are sent as given.
	*/
	static supportsSystemMessage = true;
	/** Informational, like `supportsSystemMessage`. */
	static supportsMessageHistory = true;
	static defaultModel = '';
	static models: string[] = [];
	static modelAliases: Record<string, string> = {};
	static imageModels: string[] = [];
	/** Sent from Deno, Bun and Node; never from browsers (CORS). */
	static headers: Record<string, string> = {};
	/** In browsers, added to a NetworkError raised before any response: how to let pages reach this server (CORS). */
	static corsHint: string | undefined = undefined;

	/**
	Streams (with `stream: true`; the default `false` yields the whole answer at once) the answer to `messages`,
	and returns it put together (`ChatResult`, as `collect()` resolves to).
	*/
	static createAsyncGenerator(model: string, messages: Messages, options?: CreateOptions): AsyncGenerator<Chunk, ChatResult, undefined> {
		return createChat(this, model, messages, options);
	}

	/** The provider's model ids (`GET {base}/models`); remembered per base URL to check models before sending. */
	static async getModels(options?: GetModelsOptions): Promise<string[]> {
		return fetchModels(this, options);
	}
}
