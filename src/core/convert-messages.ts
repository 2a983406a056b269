import type {ContentPart, Message, Messages} from '../types/message.js';
import type {MediaData, MediaInput} from '../types/options.js';
import {toImageUrl} from '../utils/media.js';

/**
Adds images as `image_url` parts of the last user message. Returns new arrays and objects:
the caller's messages are never changed.
*/
export async function addMediaToMessages(messages: Messages, media: readonly MediaInput[]): Promise<Messages> {
	if (media.length === 0) return messages;
	const images: ContentPart[] = await Promise.all(
		media.map(async item => ({
			type: 'image_url',
			image_url: {url: await toImageUrl(Array.isArray(item) ? item[0] : (item as MediaData))},
		})),
	);
	const copy = [...messages];
	let index = copy.findLastIndex(message => message.role === 'user');
	// No user message yet: the images become one.
	let last: Message = {role: 'user', content: []};
	if (index === -1) index = copy.push(last) - 1;
	else last = copy[index] as Message;
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
		.flatMap(part => (part.type === 'text' && typeof part.text === 'string' && part.text ? [part.text] : []))
		.join('\n');
}
