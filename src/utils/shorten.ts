/** Server text quoted in a message: at most `max` characters, `…` saying that some were cut. */
export function shorten(text: string, max = 120): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
