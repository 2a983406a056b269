/** A caller's argument error: a `TypeError` whose `option` (when set) names the option at fault, as data. */
export type ArgumentError = TypeError & {option?: string};

/**
A caller's mistake, said before any request: a `TypeError` naming the library. `option` names the option at fault
(`temperature`, `messages`, `retry.limit`), so a reader (the server's 400 or 500) never parses it out of the message.
*/
export function fail(message: string, {option}: {option?: string} = {}): never {
	const error: ArgumentError = new TypeError(`cablyai: ${message}`);
	if (option !== undefined) error.option = option;
	throw error;
}
