import {causeChain} from './cause-chain.js';

const mask = '[redacted]';

/**
What must never show in an error: the API key, secret header values, query values of the request URL. A function
gives them when an error needs them: a request that succeeds never collects them.
*/
export type Secrets = string | readonly string[] | (() => readonly string[]) | undefined;

/**
A URL query value (`?name=value`, `&name=value`), wherever a runtime or server puts the request URL (Deno's and
Bun's connection errors do): keys are sometimes passed as query parameters. Linear: a start is `?` or `&`, the
name is bounded and cannot contain another start, and nothing follows the value to backtrack for.
*/
const queryValue = /([?&][^\s?&#=]{1,128}=)[^\s&#"'<>()]+/g;

/**
Shorter values are placeholders (Ollama's `'ollama'`, `'none'`, `'x'`), not keys: searched for, they would cut up
every message that holds the word ("try pulling it first ([redacted] pull llama3)"). Keys are far longer.
*/
export const minSecretLength = 8;

/**
What is searched for, per list of secrets: worked out once for each list, not on every call. The lists are made once
and passed again and again: the core's per request (a memoised function gives the same array), the handler's per
handler.
*/
const searched = new WeakMap<readonly string[], readonly string[]>();

function list(secrets: Secrets): readonly string[] {
	const given = typeof secrets === 'function' ? secrets() : secrets;
	if (given == null) return [];
	if (typeof given === 'string') return given.length >= minSecretLength ? [given] : [];
	let values = searched.get(given);
	if (values === undefined) {
		// Longest first: "Bearer sk-…" goes before "sk-…", leaving one mask rather than "Bearer [redacted]"'s remains.
		values = given.filter(value => value.length >= minSecretLength).sort((a, b) => b.length - a.length);
		searched.set(given, values);
	}

	return values;
}

/**
Removes every occurrence of each secret from `text` (plain substring search: fast on any length). Use it on long
server data before cutting a snippet from it, so a key straddling the cut leaves nothing behind.
*/
export function removeSecrets(text: string, secrets: Secrets): string {
	let result = text;
	for (const secret of list(secrets)) {
		if (result.includes(secret)) result = result.split(secret).join(mask);
	}

	return result;
}

/**
Removes every secret and every URL query value from `text`, so server echoes and runtime messages never leak them.
Meant for messages (short): the query pattern is only applied where it is cheap, never to megabytes of data.
*/
export function redact(text: string, secrets: Secrets): string {
	const result = removeSecrets(text, secrets);
	return result.includes('=') ? result.replace(queryValue, `$1${mask}`) : result;
}

/**
Removes secrets from the string properties (message, stack, and fields such as undici's parser `data`, which holds
raw response bytes) of `error` and its `cause` chain, in place. Kept as `cause`, the runtime's error is printed
by `console.error` and loggers with all its own properties.
*/
export function redactErrorChain(error: unknown, secrets: Secrets): void {
	for (const record of causeChain(error)) {
		for (const name of Object.getOwnPropertyNames(record)) {
			const value = record[name];
			if (typeof value !== 'string') continue;
			const clean = redact(value, secrets);
			if (clean !== value) {
				try {
					record[name] = clean;
				} catch {}
			}
		}
	}
}
