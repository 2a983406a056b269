// The cablyai client, on its own so that bench/profile.js loads nothing else.
// BENCH_CABLYAI_ALT=path/to/dist/index.js adds "cablyai (alt)" from another build, to measure a patch side by side.
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {CablyAI} from '../dist/index.js';

export const model = 'bench-model';
export const messages = [{role: 'user', content: 'Hello'}];

/** Streams one completion as users call it: the CablyAI provider (its headers included) pointed at the bench server. */
function clientFor(provider) {
	return async function cablyai(baseURL, bench, onText) {
		let count = 0;
		for await (const chunk of provider.createAsyncGenerator(model, messages, {
			apiKey: 'bench',
			stream: true,
			baseUrl: baseURL,
			extraBody: {bench},
			retry: 0,
		})) {
			if (typeof chunk === 'string') {
				count++;
				onText?.(chunk);
			}
		}

		return count;
	};
}

export const cablyai = clientFor(CablyAI);
const alt = process.env.BENCH_CABLYAI_ALT;
export const cablyaiAlt = alt ? clientFor((await import(pathToFileURL(resolve(alt)).href)).CablyAI) : undefined;
