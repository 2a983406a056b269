import type {ReasoningDetail} from '../../types/chunk.js';

/**
Adds one delta's `reasoning_details` entries to those of the answer so far, so that each entry goes back whole:
a stream sends one entry in pieces (OpenRouter: the text in several deltas, the signature in a later one), all with
the entry's `index` and `type`. The first entry of a delta that continues the last one (same `index` and `type`) is
joined to it: its text, summary or data added, its other fields filled in. Entries of one delta, and of a JSON
answer, are kept as they came.
*/
export function mergeReasoningDetails(list: ReasoningDetail[], entries: readonly ReasoningDetail[]): void {
	let last = list.at(-1);
	for (const entry of entries) {
		if (last && entry.index !== undefined && last.index === entry.index && last.type === entry.type) {
			for (const key in entry) {
				const had = last[key];
				const value = entry[key];
				last[key] =
					typeof had === 'string' && typeof value === 'string' && /^(text|summary|data)$/.test(key)
						? had + value
						: (had ?? value);
			}
		} else {
			list.push({...entry});
		}

		last = undefined;
	}
}
