import type {Messages} from '../types/message.js';
import type {CreateOptions, GetModelsOptions} from '../types/options.js';
import {fail} from '../utils/fail.js';
import {headerEntries} from './header-entries.js';

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

// URL.canParse is missing in older Safari.
function parseUrl(value: string): URL | undefined {
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

/** An absolute URL without credentials; the message never repeats the URL, which may hold a key. */
export function checkUrl(name: string, value: unknown): void {
	if (value == null) return;
	const url = typeof value === 'string' ? parseUrl(value) : undefined;
	if (!url) fail(`\`${name}\` must be an absolute URL`);
	// Node rejects them with a message that repeats the URL; Bun and Deno send them as Basic auth.
	if (url.username || url.password) fail(`\`${name}\` must not contain credentials (user:password@)`);
}

// JSON has no Infinity or NaN: such a value would be sent as null.
function checkNumber(name: string, value: unknown, min?: number, integer?: boolean): void {
	if (value == null) return;
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		value < (min ?? value) ||
		(integer && !Number.isInteger(value))
	) {
		fail(
			`\`${name}\` must be ${integer ? 'an integer' : 'a number'}${min === undefined ? '' : ` ≥ ${min}`}, got ${String(value)}`,
		);
	}
}

function checkTimeout(name: string, value: unknown): void {
	if (value == null || value === false) return;
	if (typeof value !== 'number' || !(value > 0) || value > 2_147_483_647)
		fail(`\`${name}\` must be a number of milliseconds between 1 and 2147483647, or false`);
}

// The type each retry option must have; ky would only find out inside the request, where it looks like a network failure.
const retryTypes = {
	methods: 'array',
	statusCodes: 'array',
	afterStatusCodes: 'array',
	maxRetryAfter: 'number',
	backoffLimit: 'number',
	delay: 'function',
	shouldRetry: 'function',
	retryOnTimeout: 'boolean',
	onlyRefused: 'boolean',
};

function checkRetry(retry: unknown): void {
	if (retry == null || typeof retry === 'number') {
		checkNumber('retry', retry, 0, true);
		return;
	}

	if (typeof retry !== 'object' || Array.isArray(retry)) fail('`retry` must be a count or ky retry options');
	const options = retry as Record<string, unknown>;
	checkNumber('retry.limit', options.limit, 0, true);
	for (const [name, type] of Object.entries(retryTypes)) {
		const value = options[name];
		if (value != null && (type === 'array' ? !Array.isArray(value) : typeof value !== type))
			fail(`\`retry.${name}\` must be ${type === 'array' ? 'an' : 'a'} ${type}`);
	}
}

function checkCommon(options: GetModelsOptions | CreateOptions): void {
	if (options.apiKey != null && typeof options.apiKey !== 'string') fail('`apiKey` must be a string');
	// Said before fetch would reject the header with the key in its message.
	if (typeof options.apiKey === 'string' && /[^\u0020-\u007E]/.test(options.apiKey))
		fail('`apiKey` contains a line break, control or non-ASCII character (check how it was pasted or loaded)');
	if (options.fetch != null && typeof options.fetch !== 'function') fail('`fetch` must be a function');
	if (options.signal != null && (typeof options.signal !== 'object' || typeof options.signal.aborted !== 'boolean'))
		fail('`signal` must be an AbortSignal');
	if (options.headers != null && typeof options.headers !== 'object')
		fail('`headers` must be an object of header names to values');
	headerEntries(options.headers);
	checkUrl('baseUrl', options.baseUrl);
	checkTimeout('timeout', options.timeout);
	checkRetry(options.retry);
}

/** Checks what the caller passed, before any request, with messages that say what is wrong. */
export function validateChatInput(
	model: unknown,
	messages: unknown,
	options: unknown,
): asserts options is CreateOptions {
	if (typeof model !== 'string') fail(`\`model\` must be a string, got ${typeof model}`);
	if (!Array.isArray(messages))
		fail(
			`\`messages\` must be an array of {role, content} objects, got ${messages === null ? 'null' : typeof messages}`,
		);
	if (messages.length === 0) fail('`messages` is empty: send at least one message');
	for (const [index, message] of (messages as Messages).entries()) {
		if (typeof message !== 'object' || message === null) fail(`messages[${index}] must be an object`);
		if (!roles.has(message.role))
			fail(`messages[${index}].role must be one of ${[...roles].join(', ')}, got ${JSON.stringify(message.role)}`);
		const {content} = message;
		if (content !== null && content !== undefined && typeof content !== 'string' && !Array.isArray(content)) {
			fail(`messages[${index}].content must be a string, an array of parts or null`);
		}
	}

	if (typeof options !== 'object' || options === null) fail('`options` must be an object');
	const settings = options as CreateOptions;
	checkCommon(settings);
	checkNumber('temperature', settings.temperature, 0);
	checkNumber('topP', settings.topP, 0);
	checkNumber('maxTokens', settings.maxTokens, 1, true);
	checkNumber('seed', settings.seed, undefined, true);
	checkTimeout('idleTimeout', settings.idleTimeout);
	checkTimeout('deadline', settings.deadline);
	checkUrl('apiEndpoint', settings.apiEndpoint);
	if (settings.extraBody != null && (typeof settings.extraBody !== 'object' || Array.isArray(settings.extraBody)))
		fail('`extraBody` must be an object');
	for (const name of ['media', 'tools'] as const) {
		if (settings[name] != null && !Array.isArray(settings[name])) fail(`\`${name}\` must be an array`);
	}
}

export function validateGetModelsOptions(options: unknown): asserts options is GetModelsOptions {
	if (typeof options !== 'object' || options === null) fail('`options` must be an object');
	checkCommon(options);
}

/** The key as it will be sent: fetch trims header values, so the key is trimmed here and redacted as sent. */
export function apiKeyOf(options: GetModelsOptions | CreateOptions): string | undefined {
	return options.apiKey?.trim() || undefined;
}
