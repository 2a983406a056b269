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
