import type {MediaData} from '../types/options.js';
import {fail} from './fail.js';

// Magic numbers (as Latin-1 text) of the image formats vision APIs accept, for bytes that come without a type.
const signatures: Record<string, string> = {
	'\x89PNG': 'image/png',
	'\xFF\xD8\xFF': 'image/jpeg',
	GIF8: 'image/gif',
	RIFF: 'image/webp',
};

function sniffImageType(bytes: Uint8Array): string {
	const head = String.fromCharCode(...bytes.subarray(0, 4));
	for (const [magic, type] of Object.entries(signatures)) if (head.startsWith(magic)) return type;
	return 'application/octet-stream';
}

function toBase64(bytes: Uint8Array): string {
	const native = (bytes as {toBase64?: () => string}).toBase64;
	if (native) return native.call(bytes);
	let binary = '';
	// Chunked: String.fromCharCode has an argument limit.
	for (let index = 0; index < bytes.length; index += 0x80_00) {
		binary += String.fromCharCode(...bytes.subarray(index, index + 0x80_00));
	}

	return btoa(binary);
}

/** An image as a URL the API accepts: data and http(s) URLs as given, bytes as a base64 data URL. */
export async function toImageUrl(data: MediaData): Promise<string> {
	if (typeof data === 'string') {
		if (/^(?:data:|https?:\/\/)/i.test(data)) return data;
		fail('a `media` string must be a data: or http(s):// URL', {option: 'media'});
	}

	let bytes: Uint8Array;
	let type: string | undefined;
	if (typeof Blob !== 'undefined' && data instanceof Blob) {
		bytes = new Uint8Array(await data.arrayBuffer());
		type = data.type || undefined;
	} else if (data instanceof ArrayBuffer) {
		bytes = new Uint8Array(data);
	} else if (data instanceof Uint8Array) {
		bytes = data;
	} else {
		fail('each `media` item must be a URL string, Blob, ArrayBuffer or Uint8Array', {option: 'media'});
	}

	return `data:${type ?? sniffImageType(bytes)};base64,${toBase64(bytes)}`;
}
