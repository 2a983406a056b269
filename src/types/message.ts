import type {ReasoningDetail, ToolCall} from './chunk.js';

/** Text in a message's parts. */
export interface TextPart {
	/** The kind of part: `'text'`. */
	type: 'text';
	/** The text. */
	text: string;
}

/** An image in a user message's parts, for vision models (`media` adds these for you). */
export interface ImagePart {
	/** The kind of part: `'image_url'`. */
	type: 'image_url';
	/** Where the image is, and how closely to look. */
	image_url: {
		/** An http(s) URL or a `data:` URL. */
		url: string;
		/**
		How closely the model looks at it (and how many tokens that costs).
		@default 'auto' (the API's default)
		*/
		detail?: 'auto' | 'low' | 'high';
	};
}

/** Content parts: text, images, or any other part type the API understands (passed through). */
export type ContentPart = TextPart | ImagePart | {type: string; [key: string]: unknown};

/** Message content: a string, or parts (a readonly array is accepted). */
export type Content = string | readonly ContentPart[];

/** Instructions for the model. */
export interface SystemMessage {
	/** Who speaks: `'system'`. */
	role: 'system';
	/** The message: a string, or parts. */
	content: Content;
	/** A name for the author, told apart from others of the same role where the API supports it. */
	name?: string;
}

/** Instructions for the model (OpenAI's newer name for `system`; other servers may not know it). */
export interface DeveloperMessage {
	/** Who speaks: `'developer'`. */
	role: 'developer';
	/** The message: a string, or parts. */
	content: Content;
	/** A name for the author, where the API supports it. */
	name?: string;
}

/** What the user said: text, or text and images. */
export interface UserMessage {
	/** Who speaks: `'user'`. */
	role: 'user';
	/** The message: a string, or parts. */
	content: Content;
	/** A name for the user, told apart from other users where the API supports it. */
	name?: string;
}

/**
An earlier answer of the model. Its `tool_calls` are sent back as they came (`ChatResult.message` is ready to
append); `content` may be `null` when the answer was only tool calls. Its reasoning keys are sent where the provider's
`sendReasoningBack` rule says, and left out of the request elsewhere (the message itself is never changed).
*/
export interface AssistantMessage {
	/** Who speaks: `'assistant'`. */
	role: 'assistant';
	/** The answer text; `null` or absent when the answer was only tool calls. */
	content?: Content | null;
	/** The calls the model made (`ChatResult.toolCalls`), unknown per-call fields included. */
	tool_calls?: readonly ToolCall[];
	/** A name for the assistant, where the API supports it. */
	name?: string;
	/** The refusal text of an earlier refused answer. */
	refusal?: string | null;
	/** Reasoning text as DeepSeek (and most servers) send it. */
	reasoning_content?: string | null;
	/** Reasoning text as OpenRouter, Groq and vLLM send it. */
	reasoning?: string | null;
	/** OpenRouter's reasoning entries, whole (signatures and encrypted entries included). */
	reasoning_details?: readonly ReasoningDetail[] | null;
}

/** The result of running a tool the model called: `tool_call_id` is that call's `id`. */
export interface ToolMessage {
	/** Who speaks: `'tool'`. */
	role: 'tool';
	/** The `id` of the `ToolCall` this answers. */
	tool_call_id: string;
	/** What the tool returned, as text (JSON text, say). */
	content: Content;
}

/** One message of the conversation, discriminated by `role`. Unknown keys are a type error: use `extraBody` for extras. */
export type Message = SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage;

/** The roles a message may have. */
export type Role = Message['role'];

/** The conversation sent to the model; readonly arrays and `as const` literals are accepted. */
export type Messages = readonly Message[];
