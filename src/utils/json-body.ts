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
		// "Do not know how to serialize a BigInt", "Converting circular structure to JSON", "Maximum call stack size exceeded".
		throw new TypeError(
			`cablyai: the request body cannot be sent as JSON (${String((error as Error).message).split('\n', 1)[0]})`,
			{cause: error},
		);
	}

	if (nonFinite) throw new TypeError(`cablyai: the request body holds ${nonFinite}, which JSON cannot carry`);
	return text;
}
