/**
The request body as JSON text, or a `TypeError` before anything is sent. Left to ky, a BigInt or a circular value
would fail inside the request and come out as a network failure (and a fallback would try every provider), and
`Infinity` or `NaN` would silently be sent as `null`.
*/
export function toJsonBody(value: unknown): string {
	let nonFinite: string | undefined;
	let text: string;
	try {
		// Without a replacer first (several times faster): a non-finite number comes out as `null`, so only a body with
		// a `null` in it is serialised again to find one.
		text = JSON.stringify(value);
		if (text?.includes('null'))
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
