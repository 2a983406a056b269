// The handler's scrubber: every secret it knows leaves the text, whole, however often it is called.
import {expect, test} from 'vitest';
import {createScrubber, urlSecrets} from '../../src/server/secrets.js';

test('a secret that contains another is masked whole, first call and later ones alike, in any list order', () => {
	const key = 'sk-live-0123456789';
	const header = `Bearer ${key}`;
	const text = `refused ${header}; key ${key}`;
	for (const scrub of [createScrubber([key, header]), createScrubber([header, key])]) {
		for (let call = 0; call < 3; call++) expect(scrub(text)).toBe('refused [redacted]; key [redacted]');
	}
});

test('credentials in upstream URLs are masked raw and decoded; placeholders and non-strings are not searched for', () => {
	const scrub = createScrubber([
		...urlSecrets('https://user:pa%24%24word-1@api.test/v1?key=k3y%2Fvalue-1&x=1'),
		'ollama',
		undefined,
		null,
	]);
	expect(scrub('pa%24%24word-1 pa$$word-1 k3y/value-1 k3y%2Fvalue-1 ollama')).toBe(
		'[redacted] [redacted] [redacted] [redacted] ollama',
	);
});
