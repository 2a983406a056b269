import {roles as messageRoles} from '../internal.js';
import {invalidValue} from './errors.js';
import {isObject} from './is-object.js';

/**
How deep a request body may nest. Chat requests need a handful of levels (a JSON schema in `tools` or
`response_format` a few dozen); the library and the upstream walk bodies recursively, where 200,000 levels would
overflow the stack.
*/
export const maxDepth = 64;

/**
Refuses a body nested deeper than `maxDepth`, or holding a number JSON cannot carry on (`1e999` parses as `Infinity`,
which the upstream request could not encode), naming the top-level field; walked with a list, not recursion.
*/
export function checkDepth(body: Record<string, unknown>): void {
	for (const [field, value] of Object.entries(body)) {
		const pending: Array<[unknown, number]> = [[value, 1]];
		while (pending.length > 0) {
			const [item, depth] = pending.pop() as [unknown, number];
			if (typeof item === 'number' && !Number.isFinite(item))
				throw invalidValue(field, `\`${field}\` holds a number out of range (${item})`);
			if (typeof item !== 'object' || item === null) continue;
			if (depth > maxDepth) throw invalidValue(field, `\`${field}\` is nested more than ${maxDepth} levels deep`);
			for (const child of Object.values(item)) pending.push([child, depth + 1]);
		}
	}
}

/** The roles the library takes, as a set: every message of every request is looked up. */
const roles: ReadonlySet<string> = new Set(messageRoles);
const optionalStrings = ['name', 'tool_call_id', 'refusal'] as const;

/**
Checks each message's shape as far as the library reads it (role, content and its parts, tool calls), so that a
malformed one is the client's 400 naming the field, never a `TypeError` in the handler.
*/
export function checkMessages(messages: readonly unknown[]): void {
	for (const [index, message] of messages.entries()) {
		const at = `messages[${index}]`;
		if (!isObject(message)) throw invalidValue('messages', `\`${at}\` must be an object`);
		if (typeof message.role !== 'string' || !roles.has(message.role))
			throw invalidValue('messages', `\`${at}.role\` must be one of ${[...roles].join(', ')}`);
		const {content} = message;
		if (Array.isArray(content)) {
			for (const [partIndex, part] of content.entries()) {
				if (!isObject(part) || typeof part.type !== 'string')
					throw invalidValue('messages', `\`${at}.content[${partIndex}]\` must be an object with a string \`type\``);
			}
		} else if (content != null && typeof content !== 'string') {
			throw invalidValue('messages', `\`${at}.content\` must be a string, an array of parts or null`);
		}

		for (const key of optionalStrings) {
			if (message[key] != null && typeof message[key] !== 'string')
				throw invalidValue('messages', `\`${at}.${key}\` must be a string`);
		}

		const {tool_calls: toolCalls} = message;
		if (toolCalls != null) {
			if (!Array.isArray(toolCalls) || !toolCalls.every(isObject))
				throw invalidValue('messages', `\`${at}.tool_calls\` must be an array of objects`);
		}
	}
}
