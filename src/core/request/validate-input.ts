import type {CreateOptions, GetModelsOptions} from '../../types/options.js';
import {fail} from '../../utils/fail.js';
import {bodyOptions} from './body.js';

/** The roles a chat message may have: the `Role`s, and legacy `function`, which services still take. */
export const roles: readonly string[] = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

/** The one shape of an argument error: "`name` must be <expected>[, got <got>]". */
function must(name: string, expected: string, got?: string): never {
	fail(`\`${name}\` must be ${expected}${got === undefined ? '' : `, got ${got}`}`, {option: name});
}

/** A check of one option, run only when the option is set (not `null`/`undefined`). */
type Rule = (value: unknown, name: string) => void;

/** A value of `type` (`array`: an array; `object`: a non-array object). */
const is =
	(type: string): Rule =>
	(value, name) => {
		if (type === 'array' ? !Array.isArray(value) : typeof value !== type || Array.isArray(value))
			must(name, `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
	};

// JSON has no Infinity or NaN: such a value would be sent as null.
const number =
	(min?: number, integer?: boolean): Rule =>
	(value, name) => {
		// `Number.isFinite` and `Number.isInteger` are false for anything but a number: no conversion.
		if (!(integer ? Number.isInteger(value) : Number.isFinite(value)) || (value as number) < (min ?? (value as number)))
			must(name, `${integer ? 'an integer' : 'a number'}${min === undefined ? '' : ` ≥ ${min}`}`, String(value));
	};

const milliseconds: Rule = (value, name) => {
	if (value !== false && (typeof value !== 'number' || !(value > 0) || value > 2_147_483_647))
		must(name, 'a number of milliseconds between 1 and 2147483647, or false');
};

/** An absolute URL without credentials; the message never repeats the URL, which may hold a key. */
export const checkUrl: Rule = (value, name) => {
	let url: URL | undefined;
	try {
		// URL.canParse is missing in older Safari.
		if (typeof value === 'string') url = new URL(value);
	} catch {}
	if (!url) must(name, 'an absolute URL');
	// Node rejects them with a message that repeats the URL; Bun and Deno send them as Basic auth.
	if (url.username || url.password) fail(`\`${name}\` must not contain credentials (user:password@)`, {option: name});
};

/** The `headers` option: a record (where `null`/`undefined` removes a header), a `Headers`, or `[name, value]` pairs. */
export type HeadersOption = HeadersInit | Record<string, string | null | undefined>;

type HeaderEntry = [name: string, value: string | null | undefined];

/** The `headers` option as `[name, value]` pairs, whatever `HeadersInit` form it came in (checked by `checkHeaders`). */
export function headerEntries(headers: HeadersOption | null | undefined): HeaderEntry[] {
	if (headers == null) return [];
	if (Array.isArray(headers)) return headers as HeaderEntry[];
	if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
		// By shape, not `instanceof`: a `Headers` from another realm or fetch implementation has no own enumerable entries.
		const entries: HeaderEntry[] = [];
		(headers as Headers).forEach((value, name) => {
			entries.push([name, value]);
		});
		return entries;
	}

	return Object.entries(headers);
}

// RFC 9110 token characters: anything else (a space, a colon, CR or LF) is no header name.
const headerName = /^[!#$%&'*+.^_`|~\w-]+$/;
// What fetch accepts in a value: tab, visible ASCII, Latin-1; never CR, LF or NUL (header injection).
const headerValue = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;

/**
The caller's headers, checked once, before any request: an invalid name or value is a `TypeError` here (fetch would
reject it inside the request, where it looks like a network failure). Messages name the header, never its value,
which may be a key.
*/
const checkHeaders: Rule = (value, option) => {
	if (typeof value !== 'object') must(option, 'an object of header names to values');
	for (const entry of headerEntries(value as HeadersOption)) {
		if (!Array.isArray(entry) || entry.length !== 2) fail('`headers` pairs must be [name, value]', {option});
		const [name, text] = entry;
		if (typeof name !== 'string' || !headerName.test(name))
			fail(`\`headers\`: ${JSON.stringify(String(name).slice(0, 40))} is not a valid header name`, {option});
		if (text != null && (typeof text !== 'string' || !headerValue.test(text)))
			fail(
				`\`headers\`: the value of ${name} must be a string without line breaks, control or non-Latin-1 characters`,
				{
					option,
				},
			);
	}
};

// The type each retry option must have; ky would only find out inside the request, where it looks like a network failure.
const retryRules: Record<string, Rule> = {
	limit: number(0, true),
	methods: is('array'),
	statusCodes: is('array'),
	afterStatusCodes: is('array'),
	maxRetryAfter: is('number'),
	backoffLimit: is('number'),
	delay: is('function'),
	shouldRetry: is('function'),
	retryOnTimeout: is('boolean'),
	onlyRefused: is('boolean'),
};

/** Runs each rule on its option when that option is set; `prefix` names nested options (`retry.`). */
function check(rules: Record<string, Rule>, options: object, prefix = ''): void {
	// `for…in` over the constant tables: no array of pairs built per request.
	for (const name in rules) {
		const value = (options as Record<string, unknown>)[name];
		if (value != null) (rules[name] as Rule)(value, prefix + name);
	}
}

// Options of both a chat and a model-list request, in the order they are checked.
const commonRules: Record<string, Rule> = {
	apiKey(value, name) {
		is('string')(value, name);
		// Said before fetch would reject the header with the key in its message.
		if (/[^\u0020-\u007E]/.test(value as string))
			fail('`apiKey` contains a line break, control or non-ASCII character (check how it was pasted or loaded)', {
				option: 'apiKey',
			});
	},
	fetch: is('function'),
	signal(value, name) {
		if (typeof value !== 'object' || typeof (value as AbortSignal).aborted !== 'boolean') must(name, 'an AbortSignal');
	},
	headers: checkHeaders,
	baseUrl: checkUrl,
	timeout: milliseconds,
	retry(value, name) {
		if (typeof value === 'number') return number(0, true)(value, name);
		if (typeof value !== 'object' || Array.isArray(value)) must(name, 'a count or ky retry options');
		check(retryRules, value as object, 'retry.');
	},
	secrets(value, name) {
		if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) must(name, 'an array of strings');
	},
};

const chatRules: Record<string, Rule> = {
	...commonRules,
	temperature: number(0),
	topP: number(0),
	maxTokens: number(1, true),
	seed: number(undefined, true),
	idleTimeout: milliseconds,
	deadline: milliseconds,
	apiEndpoint: checkUrl,
	extraBody(value, name) {
		is('object')(value, name);
		// The chunks are one answer's: several choices would mix (see `choices-n.test.ts`).
		const {n} = value as {n?: unknown};
		if (typeof n === 'number' && n > 1) fail('`n` > 1 is not supported: send one request per answer', {option: name});
	},
	media: is('array'),
	tools: is('array'),
	topLogprobs: number(0, true),
	partialObjects: is('function'),
	maxAnswerLength(value, name) {
		number(1, true)(value, name);
		// V8's longest string: past it the answer could not be put together (a RangeError, not the limit's error).
		if ((value as number) > 536_870_888) must(name, 'at most 536870888', String(value));
	},
};

// Chat options without a check of their own.
const uncheckedChatOptions = ['stream', 'prompt', 'checkModel', 'toolCallDeltas', 'logprobs'] satisfies Array<
	keyof CreateOptions
>;

/**
An unknown key is a mistake JavaScript does not catch (`baseURL` would send the key to the preset's own host): a
TypeError, with the option it was meant to be when it differs only in case or underscores.
*/
function checkKnown(options: object, known: ReadonlySet<string>): void {
	for (const [key, value] of Object.entries(options)) {
		if (value === undefined || known.has(key)) continue;
		const loose = key.replaceAll('_', '').toLowerCase();
		const meant = [...known].find(name => name.toLowerCase() === loose);
		fail(`\`${key}\` is not an option${meant ? `: use \`${meant}\`` : '; send body fields in `extraBody`'}`, {
			option: key,
		});
	}
}

// Every chat option, made once: the check runs on every request.
const knownChatOptions: ReadonlySet<string> = new Set([
	...Object.keys(chatRules),
	...bodyOptions,
	...uncheckedChatOptions,
]);

function checkOptions(options: unknown, rules: Record<string, Rule>): void {
	if (typeof options !== 'object' || options === null) must('options', 'an object');
	check(rules, options);
}

/** Checks what the caller passed, before any request, with messages that say what is wrong. */
export function validateChatInput(
	model: unknown,
	messages: unknown,
	options: unknown,
): asserts options is CreateOptions {
	if (typeof model !== 'string') must('model', 'a string', typeof model);
	if (!Array.isArray(messages))
		must('messages', 'an array of {role, content} objects', messages === null ? 'null' : typeof messages);
	if (messages.length === 0) fail('`messages` is empty: send at least one message', {option: 'messages'});
	for (const [index, message] of messages.entries()) {
		const at = `messages[${index}]`;
		if (typeof message !== 'object' || message === null) fail(`${at} must be an object`, {option: 'messages'});
		if (!roles.includes(message.role))
			fail(`${at}.role must be one of ${roles.join(', ')}, got ${JSON.stringify(message.role)}`, {option: 'messages'});
		const {content} = message;
		if (content != null && typeof content !== 'string' && !Array.isArray(content))
			fail(`${at}.content must be a string, an array of parts or null`, {option: 'messages'});
	}

	checkOptions(options, chatRules);
	checkKnown(options as object, knownChatOptions);
}

export function validateGetModelsOptions(options: unknown): asserts options is GetModelsOptions {
	checkOptions(options, commonRules);
}

/** The key as it will be sent: fetch trims header values, so the key is trimmed here and redacted as sent. */
export function apiKeyOf(options: GetModelsOptions | CreateOptions): string | undefined {
	return options.apiKey?.trim() || undefined;
}
