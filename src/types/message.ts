import type {ToolCall} from './chunk.js';

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

/** Message content: a string, or parts (a readonly array is accepted). */
export type Content = string | readonly ContentPart[];

/** Instructions for the model. */
export interface SystemMessage {
	role: 'system';
	content: Content;
	name?: string;
}

/** Instructions for the model (OpenAI's newer name for `system`; other servers may not know it). */
export interface DeveloperMessage {
	role: 'developer';
	content: Content;
	name?: string;
}

/** What the user said: text, or text and images. */
export interface UserMessage {
	role: 'user';
	content: Content;
	name?: string;
}

/**
An earlier answer of the model. Its `tool_calls` are sent back as they came (`ChatResult.message` is ready to
append); `content` may be `null` when the answer was only tool calls.
*/
export interface AssistantMessage {
	role: 'assistant';
	content?: Content | null;
	tool_calls?: readonly ToolCall[];
	name?: string;
	refusal?: string | null;
}

/** The result of running a tool the model called: `tool_call_id` is that call's `id`. */
export interface ToolMessage {
	role: 'tool';
	tool_call_id: string;
	content: Content;
}

/** One message of the conversation, discriminated by `role`. Unknown keys are a type error: use `extraBody` for extras. */
export type Message = SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage;

/** The roles a message may have. */
export type Role = Message['role'];

/** The conversation sent to the model; readonly arrays and `as const` literals are accepted. */
export type Messages = readonly Message[];
