import type {MediaData} from '../types/options.js';

// Magic numbers of the image formats vision APIs accept, for bytes that come without a type.
const signatures: Array<[string, number[]]> = [
	['image/png', [0x89, 0x50, 0x4e, 0x47]],
	['image/jpeg', [0xff, 0xd8, 0xff]],
	['image/gif', [0x47, 0x49, 0x46, 0x38]],
	['image/webp', [0x52, 0x49, 0x46, 0x46]],
];

function sniffImageType(bytes: Uint8Array): string {
	for (const [type, magic] of signatures) {
		if (magic.every((byte, index) => bytes[index] === byte)) return type;
	}

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
		throw new TypeError('media: a string must be a data: or http(s):// URL');
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
		throw new TypeError('media: each item must be a URL string, Blob, ArrayBuffer or Uint8Array');
	}

	return `data:${type ?? sniffImageType(bytes)};base64,${toBase64(bytes)}`;
}
