/** How long a model list fetched from the upstream is served before it is fetched again: 5 minutes. */
export const defaultModelsTtl = 5 * 60 * 1000;

/**
One value fetched at most once per `ttl` milliseconds, however many callers ask: callers during a fetch share it; a
failed fetch, or a value `keep` refuses, is not kept (the next caller tries again). For `GET /models`: the upstream
sees one request per TTL.
*/
export class CachedValue<T> {
	readonly #fetch: () => Promise<T>;
	readonly #ttl: number;
	readonly #keep: (value: T) => boolean;
	#value: {value: T; until: number} | undefined;
	#inFlight: Promise<T> | undefined;

	constructor(fetch: () => Promise<T>, ttl: number, keep: (value: T) => boolean = () => true) {
		this.#fetch = fetch;
		this.#ttl = ttl;
		this.#keep = keep;
	}

	async get(): Promise<T> {
		if (this.#value && Date.now() < this.#value.until) return this.#value.value;
		this.#inFlight ??= this.#fetch().then(
			value => {
				if (this.#keep(value)) this.#value = {value, until: Date.now() + this.#ttl};
				this.#inFlight = undefined;
				return value;
			},
			(error: unknown) => {
				this.#inFlight = undefined;
				throw error;
			},
		);
		return this.#inFlight;
	}
}
