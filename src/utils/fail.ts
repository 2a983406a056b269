/** A caller's mistake, said before any request: a `TypeError` naming the library. */
export function fail(message: string): never {
	throw new TypeError(`cablyai: ${message}`);
}
