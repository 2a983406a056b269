import type {Usage} from '../types/chunk.js';
import {isRecord, type UnknownRecord} from '../utils/is-record.js';

// `Number.isFinite` is false for anything but a finite number (it does not convert).
function count(value: unknown): number {
	return Number.isFinite(value) ? (value as number) : 0;
}

/** The usage object of a chunk: `usage`, or Groq's `x_groq.usage`; `undefined` when the chunk has none. */
export function findUsage(chunk: UnknownRecord): UnknownRecord | undefined {
	if (isRecord(chunk.usage)) return chunk.usage;
	const groq = chunk.x_groq;
	return isRecord(groq) && isRecord(groq.usage) ? groq.usage : undefined;
}

/** OpenAI usage to the library's `Usage`; `total_tokens` is passed through as sent. */
export function mapUsage(usage: UnknownRecord): Usage {
	const promptTokens = count(usage.prompt_tokens);
	const completionTokens = count(usage.completion_tokens);
	const total = usage.total_tokens;
	return {
		type: 'usage',
		promptTokens,
		completionTokens,
		totalTokens: typeof total === 'number' ? total : promptTokens + completionTokens,
	};
}
