/** `error`, its `cause`, that one's `cause`…: the objects down the chain, each once (a chain may loop). */
export function causeChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	for (let current = error; typeof current === 'object' && current !== null && !chain.includes(current as never); ) {
		chain.push(current as Record<string, unknown>);
		current = (current as {cause?: unknown}).cause;
	}

	return chain;
}
