/**
What a response may make the library hold in memory. A hostile or broken server (a gzip bomb, an endless event, tool-call
arguments that never stop growing) gets a `ResponseError` that names the limit instead of taking all memory.
Real answers stay far below them: a model's longest output is well under a megabyte, images a few each.
*/

/** One server-sent event (its `data`), in characters. */
export const maxEventLength = 64 * 1024 * 1024;

/** A body read whole (a JSON completion, image results, a model list), in bytes after decompression. */
export const maxBodyLength = 64 * 1024 * 1024;

/** The arguments of all tool calls of one answer, assembled across events, in characters. */
export const maxToolArgumentsLength = 16 * 1024 * 1024;

/** A body read only to describe it in an error (an unsupported content type): the rest is not read. */
export const maxDescribedLength = 64 * 1024;
