export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface TextPart {
	type: 'text';
	text: string;
}

export interface ImagePart {
	type: 'image_url';
	image_url: {url: string; detail?: 'auto' | 'low' | 'high'};
}

/** Content parts: text, images, or any other part type the API understands (passed through). */
export type ContentPart = TextPart | ImagePart | {type: string; [key: string]: unknown};

export interface Message {
	role: Role;
	content: string | ContentPart[] | null;
	name?: string;
	tool_call_id?: string;
	tool_calls?: unknown[];
	[key: string]: unknown;
}

export type Messages = Message[];
