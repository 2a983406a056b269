/** An HTML page (a proxy's or Cloudflare's) where data was expected: named in messages, never dumped. */
export function looksLikeHtml(text: string): boolean {
	return /^<(?:!doctype html|html|head|body)[\s>]/i.test(text.trimStart().slice(0, 16));
}
