import type {Retry} from '../types/chunk.js';
import type {RetryPolicy} from '../types/options.js';
import type {Secrets} from '../utils/redact.js';

/**
What reading a response needs, from the first body byte to the last chunk: the provider's name (in messages and
chunks), its site (`ProviderInfo.url`), the secrets no message may show, and the limits of body reads.
*/
export interface ReadContext {
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
	/** The `logprobs` option: only then are a choice's log probabilities yielded. */
	logprobs?: boolean;
	/** `toolCallDeltas`: yield each tool-call piece as it streams. */
	toolCallDeltas?: boolean | undefined;
	/** The prompt named in `ImageResponse` chunks of images in a chat answer: the last user message's text. */
	prompt?: string | undefined;
}

/**
One request, planned (`prepareRequest`), sent (`sendRequest`) and read: what the reads need, plus how it goes out.
*/
export interface RequestContext extends ReadContext {
	method: 'get' | 'post';
	headers: Record<string, string>;
	/** The JSON body, already serialised (see `toJsonBody`). */
	body?: string;
	timeout: number | false;
	retry?: number | RetryPolicy | null | undefined;
	fetch?: typeof fetch | undefined;
	/** Called before each retry's wait, with the library's error for the failure being retried. */
	onRetry?: ((retry: Retry) => void) | undefined;
	/** The provider's `corsHint`, added to a browser's NetworkError. */
	corsHint?: string | undefined;
	/** Whether the request carries an API key: a 401 or 403 is then an AuthenticationError, not a MissingAuthError. */
	keySent?: boolean;
}

/**
What a response may make the library hold in memory. A hostile or broken server (a gzip bomb, an endless event, tool-call
arguments that never stop growing) gets a `ResponseError` that names the limit instead of taking all memory.
Real answers stay far below them: a model's longest output is well under a megabyte, images a few each.
*/

/** One server-sent event (its `data`), in characters. */
export const maxEventLength = 64 * 1024 * 1024;

/** A body read whole (a JSON completion, image results, a model list), in bytes after decompression. */
export const maxBodyLength = 64 * 1024 * 1024;

/**
What one answer may grow to, in characters: text, reasoning, refusal and tool-call arguments together (the
`maxAnswerLength` option). The generator keeps them all for the `ChatResult` it returns.
*/
export const defaultMaxAnswerLength = 16 * 1024 * 1024;

/**
Internal, not part of the API: an option key (a registered symbol, so cablyai/server, built apart, names the same one)
that makes the generator keep nothing for its return value, which is then `undefined`. The server handler passes
a stream through with it: its heap per stream stays flat however long the answer, and only tool-call arguments,
which are still assembled, count against `maxAnswerLength`.
*/
export const keepNothing: unique symbol = Symbol.for('cablyai.internal.keepNothing');

/** A body read only to describe it in an error (an unsupported content type): the rest is not read. */
export const maxDescribedLength = 64 * 1024;
