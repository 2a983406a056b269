import {isRecord} from '../utils/is-record.js';
import {looksLikeHtml} from '../utils/looks-like-html.js';
import {redact, removeSecrets, type Secrets} from '../utils/redact.js';
import {safeStringify, tryParseJson} from '../utils/safe-json.js';
import {shorten} from '../utils/shorten.js';

interface ErrorBodyDetails {
	message?: string;
	code?: string;
	type?: string;
	/** The request field at fault (`error.param`). */
	param?: string;
}

const maxSnippet = 300;
/**
Patterns run on server text only within this prefix, and none of them can backtrack over more than a bounded
window: an error page of any size (`'<title'` repeated over megabytes, say) is described in linear time.
*/
const maxScan = 64 * 1024;

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (typeof value === 'number') return String(value);
	// NestJS's validation pipe (class-validator) sends its messages as a list.
	if (Array.isArray(value) && value.length > 0 && value.every(item => typeof item === 'string'))
		return value.join('; ').trim() || undefined;
	return undefined;
}

/** `code` and `type` are short identifiers; a server may send anything there, so they are cut too (and redacted). */
function asField(value: unknown, secret?: Secrets): string | undefined {
	const text = asText(value);
	return text === undefined ? undefined : redact(removeSecrets(text, secret).slice(0, maxSnippet), secret);
}

function oneLine(text: string, secret?: Secrets): string {
	// Secrets go before it is cut, so a key straddling the cut leaves nothing behind; the rest once it is short.
	return redact(shorten(removeSecrets(text, secret).slice(0, maxScan).replace(/\s+/g, ' ').trim(), maxSnippet), secret);
}

/** Names an HTML page instead of dumping it: "Cloudflare error page: 502 Bad gateway". */
function describeHtml(html: string, secret?: Secrets): string {
	const head = html.slice(0, maxScan);
	// Bounded quantifiers: `<title[^>]*>` ran to the end of the text from every `<title`, quadratic in its length.
	const title = /<title[^<>]{0,200}>([^<]{0,1000})<\/title>/i.exec(head)?.[1]?.trim();
	const kind = /cloudflare|cf-ray|cf-error/i.test(head) ? 'Cloudflare error page' : 'HTML page';
	return title ? `${kind}: ${oneLine(title, secret)}` : kind;
}

/**
Reads what a server said in an error body, in the shapes real servers use:
`{error: {message, code, type}}`, `{error: "…"}`, `{message}`, `{detail}` (FastAPI), plain text, HTML.
*/
export function describeErrorBody(body: unknown, secret?: Secrets): ErrorBodyDetails {
	if (typeof body === 'string') {
		if (!body.trim()) return {};
		if (looksLikeHtml(body)) return {message: describeHtml(body, secret)};
		const parsed = tryParseJson(body);
		return parsed === undefined ? {message: oneLine(body, secret)} : describeErrorBody(parsed, secret);
	}

	if (!isRecord(body)) return {};
	const {error} = body;
	if (isRecord(error)) {
		const nested = asText(error.message) ?? asText(error.msg) ?? asText(error.detail);
		const metadata = isRecord(error.metadata) ? asText(error.metadata.raw) : undefined;
		return {
			message:
				nested && metadata && !nested.includes(metadata)
					? `${oneLine(nested, secret)} (${oneLine(metadata, secret)})`
					: nested && oneLine(nested, secret),
			code: asField(error.code, secret),
			type: asField(error.type, secret) ?? asField(error.status, secret),
			param: asField(error.param, secret),
		};
	}

	const detail = Array.isArray(body.detail) ? safeStringify(body.detail) : body.detail;
	// NestJS and Express bodies, `{statusCode, message, error: 'Bad Request'}`: `error` only names the status, so the
	// message says more.
	const message =
		typeof body.statusCode === 'number'
			? (asText(body.message) ?? asText(error))
			: (asText(error) ?? asText(body.message) ?? asText(detail));
	return {
		message: message && oneLine(message, secret),
		code: asField(body.code, secret),
		type: asField(body.type, secret),
		param: asField(body.param, secret),
	};
}
