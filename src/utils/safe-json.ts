/**
`JSON.stringify` for values parsed from a server, which may nest deeper than the call stack allows: a depth
that would raise `RangeError` becomes a placeholder, so describing bad data never fails itself.
*/
export function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return '[nested too deeply to print]';
	}
}

/** `JSON.parse`, or `undefined` for text that is not JSON (no JSON text parses to `undefined`). */
export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
