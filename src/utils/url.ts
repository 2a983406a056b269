/** `text` without trailing slashes; a loop, since `/\/+$/` backtracks quadratically over a long run of slashes. */
export function trimTrailingSlashes(text: string): string {
	let end = text.length;
	while (end > 0 && text[end - 1] === '/') end--;
	return text.slice(0, end);
}

/**
An endpoint under a base URL, the path before the base's query: `https://x.openai.azure.com/openai/v1?api-version=v`
and `/chat/completions` give `…/openai/v1/chat/completions?api-version=v` (Azure OpenAI needs the query kept).
A fragment is dropped: it is never sent.
*/
export function endpointUrl(base: string, path: string): string {
	const [, head = '', search = ''] = /^([^?#]*)(\?[^#]*)?/.exec(base) ?? [];
	return `${trimTrailingSlashes(head)}${path}${search}`;
}
