export {OpenaiTemplate} from './providers/openai-template.js';
export {CablyAI} from './providers/cablyai.js';
export {
	ProviderError,
	MissingAuthError,
	ModelNotSupportedError,
	PaymentRequiredError,
	RateLimitError,
	ResponseStatusError,
	ResponseError,
	NetworkError,
	TimeoutError,
	RetryNoProviderError,
} from './errors/provider-error.js';
export type {
	Chunk,
	Reasoning,
	ToolCall,
	ToolCalls,
	Usage,
	FinishReason,
	ProviderInfo,
	ImageResponse,
	Refusal,
} from './types/chunk.js';
export type {Message, Messages, Role, ContentPart, TextPart, ImagePart} from './types/message.js';
export type {CreateOptions, GetModelsOptions, MediaInput, MediaData, FunctionTool, ToolChoice} from './types/options.js';
export type {ProviderConfig} from './types/provider.js';
