import {buildChatBody} from '../core/request/body.js';
import {modelIdOf} from '../core/request/models.js';
import {omitRefused} from '../core/request/body.js';
import {keyFor, providerName, providerUrl} from '../core/request/provider.js';
import {ProviderError, RetryNoProviderError} from '../errors/provider-error.js';
import type {InferOutput, SchemaLike} from '../structured/standard-schema.js';
import type {ChatResult} from '../types/chat-result.js';
import type {Chunk, ProviderInfo} from '../types/chunk.js';
import type {Messages} from '../types/message.js';
import type {CreateOptions} from '../types/options.js';
import type {OpenaiTemplate} from './openai-template.js';
import {fail} from '../utils/fail.js';

/** A provider: `OpenaiTemplate` or a subclass of it (the class itself, not an instance). */
export type ProviderClass = typeof OpenaiTemplate;

/** Options of `IterListProvider` and `RotatedProvider`. */
export interface FallbackOptions {
	/**
	Try providers in a random order: `IterListProvider` shuffles on every call, `RotatedProvider` once, when built.
	@default false
	*/
	shuffle?: boolean;
}

/**
Like `CreateOptions`, but `apiKey` may give each provider its own key: one string for all, a record by provider name
(`label`, then class name), or a `Map` keyed by provider class (needs no names at all); a provider without a key
gets none. `retry` defaults to `0`.
*/
export type FallbackCreateOptions<Schema extends SchemaLike = SchemaLike> = Omit<CreateOptions<Schema>, 'apiKey'> & {
	apiKey?: string | Readonly<Record<string, string>> | ReadonlyMap<ProviderClass, string> | null;
};

function shuffled<T>(items: readonly T[]): T[] {
	const copy = [...items];
	for (let index = copy.length - 1; index > 0; index--) {
		const other = Math.floor(Math.random() * (index + 1));
		[copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
	}

	return copy;
}

/**
Tries providers in order, after g4f's `IterListProvider`: a provider that fails before its first content chunk
is left for the next; once content has been yielded, its error is raised as is. An abort stops everything.
*/
export class IterListProvider {
	/** The providers, in the order given (a copy of the array passed). */
	readonly providers: readonly ProviderClass[];
	/** Whether the order is shuffled (`FallbackOptions.shuffle`). */
	readonly shuffle: boolean;
	/** The provider that answered, or the one being tried or tried last; `undefined` before the first call. */
	lastProvider: ProviderClass | undefined;

	/** @throws {TypeError} When `providers` is not a non-empty array. */
	constructor(providers: readonly ProviderClass[], {shuffle = false}: FallbackOptions = {}) {
		if (!Array.isArray(providers) || providers.length === 0) fail('a fallback needs a non-empty array of providers');
		this.providers = [...providers];
		this.shuffle = shuffle;
	}

	/**
	Each attempt yields a `ProviderInfo` first; a provider that fails before any content is left with a `Fallback`
	chunk for the next. Returns the answer put together (`ChatResult`) once a provider has answered; throws
	`RetryNoProviderError` when none did. Errors other than a `ProviderError`, and aborts, are thrown at once.
	*/
	async *createAsyncGenerator<Schema extends SchemaLike = never>(
		model: string,
		messages: Messages,
		options: FallbackCreateOptions<Schema> = {},
	): AsyncGenerator<Chunk, ChatResult<InferOutput<Schema>>, undefined> {
		const errors: Record<string, ProviderError> = {};
		for (const provider of this.attemptOrder()) {
			this.lastProvider = provider;
			const name = providerName(provider);
			// One announcement per attempt, with the model asked for (aliases resolved); the response's own is not repeated.
			const announced: ProviderInfo = {
				type: 'provider',
				name,
				model: modelIdOf(provider, model),
				url: providerUrl(provider, options.apiEndpoint ?? options.baseUrl),
			};
			// The attempt's own provider chunk is not passed on: what it leaves out of the body is named here instead.
			const omitted = omitRefused(buildChatBody('', [], false, options, provider), provider.refusedParameters);
			if (omitted.length > 0) announced.omitted = omitted;
			yield announced;
			// Moving on to the next provider is the retry, unless the caller asked for retries.
			const attempt = provider.createAsyncGenerator(model, messages, {
				...options,
				apiKey: keyFor(options.apiKey, provider),
				retry: options.retry ?? 0,
			});
			let started = false;
			try {
				for (let step = await attempt.next(); ; step = await attempt.next()) {
					if (step.done) return {...(step.value as ChatResult<InferOutput<Schema>>), provider: announced};
					const chunk = step.value;
					if (typeof chunk === 'string' || (chunk.type !== 'provider' && chunk.type !== 'retry')) started = true;
					if (typeof chunk === 'object' && chunk.type === 'provider') continue;
					yield chunk;
				}
			} catch (error) {
				// Caller mistakes and aborts would fail the same way everywhere: no point trying the next provider.
				if (started || options.signal?.aborted || !(error instanceof ProviderError)) throw error;
				errors[name] = error;
				yield {type: 'fallback', from: name, error};
			} finally {
				await attempt.return(undefined as never);
			}
		}

		const causes = Object.entries(errors)
			// The library's messages start with the provider's name already: named once.
			.map(([name, error]) => (error.message.startsWith(`${name}: `) ? error.message : `${name}: ${error.message}`))
			.join('; ');
		throw new RetryNoProviderError(`No provider answered: ${causes}`, errors);
	}

	/** The providers to try for one call. */
	protected attemptOrder(): readonly ProviderClass[] {
		return this.shuffle ? shuffled(this.providers) : this.providers;
	}
}

/**
Like `IterListProvider`, but each call starts one provider further along (g4f's `RotatedProvider`), so the load
spreads over the providers; a failing one is still left for the next.
*/
export class RotatedProvider extends IterListProvider {
	#start = 0;
	readonly #ring: readonly ProviderClass[];

	/**
	With `shuffle`, the ring's order is drawn once, here.
	@throws {TypeError} When `providers` is not a non-empty array.
	*/
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
