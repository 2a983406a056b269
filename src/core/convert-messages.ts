import type {ContentPart, Message, Messages} from '../types/message.js';
import type {MediaInput} from '../types/options.js';
import {toImageUrl} from '../utils/media.js';

/**
Adds images as `image_url` parts of the last user message. Returns new arrays and objects:
the caller's messages are never changed.
*/
export async function addMediaToMessages(messages: Messages, media: readonly MediaInput[]): Promise<Messages> {
	if (media.length === 0) return messages;
	const urls = await Promise.all(media.map(async item => toImageUrl(Array.isArray(item) ? item[0] : item as Exclude<MediaInput, readonly unknown[]>)));
	const images: ContentPart[] = urls.map(url => ({type: 'image_url', image_url: {url}}));
	let index = messages.findLastIndex(message => message.role === 'user');
	const copy = [...messages];
	if (index === -1) {
		copy.push({role: 'user', content: []});
		index = copy.length - 1;
	}

	const last = copy[index]!;
	const {content} = last;
	const parts: ContentPart[] = typeof content === 'string' ? [{type: 'text', text: content}] : [...(content ?? [])];
	copy[index] = {...last, content: [...parts, ...images]} satisfies Message;
	return copy;
}

/** The text of the last user message (the default image-generation prompt). */
export function lastUserText(messages: Messages): string {
	const message = messages.findLast(item => item.role === 'user');
	const content = message?.content;
	if (typeof content === 'string') return content;
	return (content ?? [])
		.map(part => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
		.filter(Boolean)
		.join('\n');
}
