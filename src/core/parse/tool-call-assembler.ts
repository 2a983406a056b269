import type {ToolCall, ToolCallDelta} from '../../types/chunk.js';
import {isRecord, type UnknownRecord} from '../../utils/is-record.js';

interface PartialCall {
	index: number;
	id: string;
	name: string;
	arguments: string;
	extra: UnknownRecord | undefined;
}

const knownKeys = new Set(['index', 'id', 'type', 'function']);

function nonEmptyString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
Assembles tool calls from stream deltas as real servers send them: by `index` (which may start at 1, and calls
may interleave), or without `index` (each new `id` starts a call, fragments without one continue the last),
with the name arriving late, and with `id: ""`/`name: ""` repeated after the real values.
*/
export class ToolCallAssembler {
	#calls: PartialCall[] = [];
	#byIndex = new Map<number, PartialCall>();
	#argumentsLength = 0;

	get size(): number {
		return this.#calls.length;
	}

	/** Characters of arguments held so far, all calls together (the caller bounds it). */
	get argumentsLength(): number {
		return this.#argumentsLength;
	}

	/** Adds a fragment; returns it as a `ToolCallDelta` (what it brought), or `undefined` when it is not an object. */
	add(delta: unknown): ToolCallDelta | undefined {
		if (!isRecord(delta)) return undefined;
		const id = nonEmptyString(delta.id);
		const call = this.#callFor(typeof delta.index === 'number' ? delta.index : undefined, id);
		call.id ||= id ?? '';
		const piece: ToolCallDelta = {type: 'tool_call_delta', index: call.index, arguments: ''};
		if (id) piece.id = id;
		const fn = delta.function;
		if (isRecord(fn)) {
			const name = nonEmptyString(fn.name);
			call.name ||= name ?? '';
			if (name) piece.name = name;
			const args = fn.arguments;
			// Some servers send arguments already parsed.
			const text = typeof args === 'string' ? args : isRecord(args) ? JSON.stringify(args) : '';
			call.arguments += text;
			this.#argumentsLength += text.length;
			piece.arguments = text;
		}

		for (const key in delta) {
			if (knownKeys.has(key) || delta[key] == null) continue;
			call.extra ??= {};
			call.extra[key] ??= delta[key];
		}

		return piece;
	}

	/** The calls in index order, ready to send back. */
	take(): ToolCall[] {
		return this.#calls
			.map((call, position) => ({call, position}))
			.sort((a, b) => a.call.index - b.call.index || a.position - b.position)
			.map(({call}, position) => ({
				...call.extra,
				id: call.id || `call_${position}`,
				type: 'function' as const,
				function: {name: call.name, arguments: call.arguments},
			}));
	}

	#callFor(index: number | undefined, id: string | undefined): PartialCall {
		const last = this.#calls.at(-1);
		if (index === undefined) {
			if (last && (id === undefined || !last.id || last.id === id)) return last;
			return this.#start(last ? last.index + 1 : 0);
		}

		const existing = this.#byIndex.get(index);
		// A different non-empty id at a used index is a new call (some servers reuse index 0).
		if (existing && !(id && existing.id && existing.id !== id)) return existing;
		return this.#start(index);
	}

	#start(index: number): PartialCall {
		const call: PartialCall = {index, id: '', name: '', arguments: '', extra: undefined};
		this.#calls.push(call);
		this.#byIndex.set(index, call);
		return call;
	}
}
