/** A JSON object as parsed from a request body. */
export type Json = Record<string, unknown>;

/** Whether `value` is a JSON object: not `null`, not an array. */
export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
