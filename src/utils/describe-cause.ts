/** "fetch failed (ECONNREFUSED)": a runtime error's message with the code or message of its own cause. */
export function describeCause(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const inner = error.cause as {code?: unknown; message?: unknown} | undefined;
	const detail =
		inner &&
		(typeof inner.code === 'string' ? inner.code : typeof inner.message === 'string' ? inner.message : undefined);
	return detail ? `${error.message} (${detail})` : error.message;
}
