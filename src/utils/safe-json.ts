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
