import type {Secrets} from '../utils/redact.js';

/**
What every step of one request needs, from sending to the last read: the provider's name (in messages and chunks),
its site (`ProviderInfo.url`), the secrets no message may show, and the limits of body reads.
*/
export interface RequestContext {
	provider: string;
	url: string;
	/** The API key as sent, secret header values, query values of the URL. */
	secret: Secrets;
	signal?: AbortSignal | undefined;
	/** Milliseconds of silence allowed while a body read is pending; `false` disables. */
	idleTimeout: number | false;
	/** Body fields left out because the provider refuses them, named in the `provider` chunk. */
	omitted?: readonly string[];
	/** The provider's `reasoningField`: the field read first for reasoning text. */
	reasoningField?: string | undefined;
}
