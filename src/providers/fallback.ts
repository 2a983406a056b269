import {ProviderError, RetryNoProviderError} from '../errors/provider-error.js';
import type {Chunk} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {OpenaiTemplate} from './openai-template.js';

export type ProviderClass = typeof OpenaiTemplate;

export interface FallbackOptions {
	/** Try providers in a random order (IterListProvider: per call; RotatedProvider: once). Default false. */
	shuffle?: boolean;
}

/** Like `CreateOptions`, but `apiKey` may map provider names to their own keys. */
export type FallbackCreateOptions = Omit<CreateOptions, 'apiKey'> & {apiKey?: string | Record<string, string> | null};

function shuffled<T>(items: readonly T[]): T[] {
	const copy = [...items];
	for (let index = copy.length - 1; index > 0; index--) {
		const other = Math.floor(Math.random() * (index + 1));
		[copy[index], copy[other]] = [copy[other]!, copy[index]!];
	}

	return copy;
}

/**
Tries providers in order, after g4f's `IterListProvider`: a provider that fails before its first content chunk
is left for the next; once content has been yielded, its error is raised as is. An abort stops everything.
*/
export class IterListProvider {
	readonly providers: readonly ProviderClass[];
	readonly shuffle: boolean;
	/** The provider that answered (or was tried last). */
	lastProvider: ProviderClass | undefined;

	constructor(providers: readonly ProviderClass[], {shuffle = false}: FallbackOptions = {}) {
		if (!Array.isArray(providers) || providers.length === 0) throw new TypeError('cablyai: a fallback needs a non-empty array of providers');
		this.providers = [...providers];
		this.shuffle = shuffle;
	}

	async * createAsyncGenerator(model: string, messages: Messages, options: FallbackCreateOptions = {}): AsyncGenerator<Chunk, void, undefined> {
		const errors: Record<string, Error> = {};
		for (const provider of this.attemptOrder()) {
			this.lastProvider = provider;
			const {apiKey} = options;
			const key = apiKey === null || apiKey === undefined || typeof apiKey === 'string' ? apiKey : apiKey[provider.name];
			let started = false;
			try {
				const announced = model || provider.defaultModel;
				yield {type: 'provider', name: provider.name, model: announced, url: provider.url};
				for await (const chunk of provider.createAsyncGenerator(model, messages, {...options, apiKey: key})) {
					if (typeof chunk === 'string' || chunk.type !== 'provider') started = true;
					// The response naming the model already announced adds nothing; another model (an alias resolved) is news.
					else if (chunk.model === announced) continue;
					yield chunk;
				}

				return;
			} catch (error) {
				// Caller mistakes and aborts would fail the same way everywhere: no point trying the next provider.
				if (started || options.signal?.aborted || !(error instanceof ProviderError)) throw error;
				errors[provider.name] = error;
			}
		}

		const causes = Object.entries(errors).map(([name, error]) => `${name}: ${error.message}`).join('; ');
		throw new RetryNoProviderError(`No provider answered: ${causes}`, errors);
	}

	/** The providers to try for one call. */
	protected attemptOrder(): readonly ProviderClass[] {
		return this.shuffle ? shuffled(this.providers) : this.providers;
	}
}

/** Like IterListProvider, but each call starts one provider further along (g4f's `RotatedProvider`). */
export class RotatedProvider extends IterListProvider {
	#start = 0;
	readonly #ring: readonly ProviderClass[];

	constructor(providers: readonly ProviderClass[], options: FallbackOptions = {}) {
		super(providers, options);
		this.#ring = options.shuffle ? shuffled(this.providers) : this.providers;
	}

	protected override attemptOrder(): readonly ProviderClass[] {
		const start = this.#start;
		this.#start = (start + 1) % this.#ring.length;
		return [...this.#ring.slice(start), ...this.#ring.slice(0, start)];
	}
}
