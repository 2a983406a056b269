import {isRecord} from '../utils/is-record.js';
import {redact} from '../utils/redact.js';

export interface ErrorBodyDetails {
	message?: string;
	code?: string;
	type?: string;
}

const maxSnippet = 300;

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (typeof value === 'number') return String(value);
	return undefined;
}

function shorten(text: string, secret?: string): string {
	// Redacted before it is cut, so a key straddling the cut leaves nothing behind.
	const oneLine = redact(text, secret).replace(/\s+/g, ' ').trim();
	return oneLine.length > maxSnippet ? `${oneLine.slice(0, maxSnippet)}…` : oneLine;
}

/** Names an HTML page instead of dumping it: "Cloudflare error page: 502 Bad gateway". */
function describeHtml(html: string, secret?: string): string {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
	const kind = /cloudflare|cf-ray|cf-error/i.test(html) ? 'Cloudflare error page' : 'HTML page';
	return title ? `${kind}: ${shorten(title, secret)}` : kind;
}

export function looksLikeHtml(text: string): boolean {
	return /^\s*<(?:!doctype html|html|head|body)[\s>]/i.test(text);
}

/**
Reads what a server said in an error body, in the shapes real servers use:
`{error: {message, code, type}}`, `{error: "…"}`, `{message}`, `{detail}` (FastAPI), plain text, HTML.
*/
export function describeErrorBody(body: unknown, secret?: string): ErrorBodyDetails {
	if (typeof body === 'string') {
		if (!body.trim()) return {};
		if (looksLikeHtml(body)) return {message: describeHtml(body, secret)};
		try {
			return describeErrorBody(JSON.parse(body), secret);
		} catch {
			return {message: shorten(body, secret)};
		}
	}

	if (!isRecord(body)) return {};
	const {error} = body;
	if (isRecord(error)) {
		const nested = asText(error.message) ?? asText(error.msg) ?? asText(error.detail);
		const metadata = isRecord(error.metadata) ? asText(error.metadata.raw) : undefined;
		return {
			message: nested && metadata && !nested.includes(metadata) ? `${nested} (${shorten(metadata, secret)})` : nested && shorten(nested, secret),
			code: asText(error.code),
			type: asText(error.type) ?? asText(error.status),
		};
	}

	const detail = Array.isArray(body.detail) ? JSON.stringify(body.detail) : body.detail;
	const message = asText(error) ?? asText(body.message) ?? asText(detail);
	return {message: message && shorten(message, secret), code: asText(body.code), type: asText(body.type)};
}
