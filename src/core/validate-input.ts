import type {Messages} from '../types/message.js';
import type {CreateOptions, GetModelsOptions} from '../types/options.js';
import type {ProviderConfig} from '../types/provider.js';
import {providerName} from './provider-identity.js';

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

// URL.canParse is missing in older Safari.
function isAbsoluteUrl(value: string): boolean {
	try {
		return Boolean(new URL(value));
	} catch {
		return false;
	}
}

function fail(message: string): never {
	throw new TypeError(`cablyai: ${message}`);
}

function checkNumber(name: string, value: unknown, {min = Number.NEGATIVE_INFINITY, integer = false} = {}): void {
	if (value == null) return;
	if (typeof value !== 'number' || Number.isNaN(value) || value < min || (integer && !Number.isInteger(value))) {
		fail(`\`${name}\` must be ${integer ? 'an integer' : 'a number'}${min > Number.NEGATIVE_INFINITY ? ` ≥ ${min}` : ''}, got ${String(value)}`);
	}
}

function checkTimeout(name: string, value: unknown): void {
	if (value == null || value === false) return;
	if (typeof value !== 'number' || !(value > 0) || value > 2_147_483_647) fail(`\`${name}\` must be a number of milliseconds between 1 and 2147483647, or false`);
}

function checkCommon(options: GetModelsOptions | CreateOptions): void {
	if (options.apiKey != null && typeof options.apiKey !== 'string') fail('`apiKey` must be a string');
	// Said before fetch would reject the header with the key in its message.
	if (typeof options.apiKey === 'string' && /[^\u0020-\u007E]/.test(options.apiKey)) fail('`apiKey` contains a line break, control or non-ASCII character (check how it was pasted or loaded)');
	if (options.fetch != null && typeof options.fetch !== 'function') fail('`fetch` must be a function');
	if (options.signal != null && (typeof options.signal !== 'object' || typeof options.signal.aborted !== 'boolean')) fail('`signal` must be an AbortSignal');
	if (options.headers != null && typeof options.headers !== 'object') fail('`headers` must be an object of header names to values');
	if (options.baseUrl != null && (typeof options.baseUrl !== 'string' || !isAbsoluteUrl(options.baseUrl))) fail('`baseUrl` must be an absolute URL');
	checkTimeout('timeout', options.timeout);
	const {retry} = options;
	if (typeof retry === 'number') checkNumber('retry', retry, {min: 0, integer: true});
	else if (retry != null && typeof retry !== 'object') fail('`retry` must be a count or ky retry options');
}

/** Checks what the caller passed, before any request, with messages that say what is wrong. */
export function validateChatInput(model: unknown, messages: unknown, options: unknown): asserts options is CreateOptions {
	if (typeof model !== 'string') fail(`\`model\` must be a string, got ${typeof model}`);
	if (!Array.isArray(messages)) fail(`\`messages\` must be an array of {role, content} objects, got ${messages === null ? 'null' : typeof messages}`);
	if (messages.length === 0) fail('`messages` is empty: send at least one message');
	for (const [index, message] of (messages as Messages).entries()) {
		if (typeof message !== 'object' || message === null) fail(`messages[${index}] must be an object`);
		if (!roles.has(message.role)) fail(`messages[${index}].role must be one of ${[...roles].join(', ')}, got ${JSON.stringify(message.role)}`);
		const {content} = message;
		if (content !== null && content !== undefined && typeof content !== 'string' && !Array.isArray(content)) {
			fail(`messages[${index}].content must be a string, an array of parts or null`);
		}
	}

	if (typeof options !== 'object' || options === null) fail('`options` must be an object');
	const settings = options as CreateOptions;
	checkCommon(settings);
	checkNumber('temperature', settings.temperature, {min: 0});
	checkNumber('topP', settings.topP, {min: 0});
	checkNumber('maxTokens', settings.maxTokens, {min: 1, integer: true});
	checkNumber('seed', settings.seed, {integer: true});
	checkTimeout('idleTimeout', settings.idleTimeout);
	if (settings.apiEndpoint != null && (typeof settings.apiEndpoint !== 'string' || !isAbsoluteUrl(settings.apiEndpoint))) fail('`apiEndpoint` must be an absolute URL');
	if (settings.extraBody != null && (typeof settings.extraBody !== 'object' || Array.isArray(settings.extraBody))) fail('`extraBody` must be an object');
	if (settings.media != null && !Array.isArray(settings.media)) fail('`media` must be an array');
	if (settings.tools != null && !Array.isArray(settings.tools)) fail('`tools` must be an array');
}

export function validateGetModelsOptions(options: unknown): asserts options is GetModelsOptions {
	if (typeof options !== 'object' || options === null) fail('`options` must be an object');
	checkCommon(options);
}

/** The provider's API base (or the caller's override) without trailing slashes. */
export function baseUrlOf(provider: ProviderConfig, baseUrl: string | null | undefined): string {
	const base = baseUrl ?? provider.apiBase;
	if (!base) fail(`${providerName(provider)} has no \`apiBase\`: pass \`baseUrl\``);
	return base.replace(/\/+$/, '');
}
