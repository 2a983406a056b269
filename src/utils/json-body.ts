function reasonOf(error: unknown): string {
	if (error instanceof RangeError) return 'it is nested too deeply';
	const message = error instanceof Error ? error.message : String(error);
	if (/bigint/i.test(message)) return 'it holds a BigInt';
	if (/circular/i.test(message)) return 'it holds a circular reference';
	const end = message.indexOf('\n');
	return end === -1 ? message : message.slice(0, end);
}

/**
The request body as JSON text, or a `TypeError` before anything is sent. Left to ky, a BigInt or a circular value
would fail inside the request and come out as a network failure (and a fallback would try every provider), and
`Infinity` or `NaN` would silently be sent as `null`.
*/
export function toJsonBody(value: unknown): string {
	let nonFinite: string | undefined;
	let text: string;
	try {
		text = JSON.stringify(value, (key, item: unknown) => {
			if (typeof item === 'number' && !Number.isFinite(item)) nonFinite ??= `${String(item)} at "${key}"`;
			return item;
		});
	} catch (error) {
		throw new TypeError(`cablyai: the request body cannot be sent as JSON: ${reasonOf(error)} (check \`messages\`, \`extraBody\` and the other options)`, {cause: error});
	}

	if (nonFinite) throw new TypeError(`cablyai: the request body holds ${nonFinite}, which JSON cannot carry (it would be sent as null)`);
	return text;
}
