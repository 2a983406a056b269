/** True in a page or a web worker, where only CORS-safe headers may be sent. Deno and Bun have no `document`. */
export function isBrowser(): boolean {
	return (
		typeof document !== 'undefined' ||
		typeof (globalThis as {WorkerGlobalScope?: unknown}).WorkerGlobalScope !== 'undefined'
	);
}
