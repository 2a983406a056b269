export {OpenaiTemplate} from './providers/openai-template.js';
export {CablyAI} from './providers/cablyai.js';
export {OpenAI} from './providers/presets/openai.js';
export {OpenRouter} from './providers/presets/openrouter.js';
export {Groq} from './providers/presets/groq.js';
export {DeepInfra} from './providers/presets/deepinfra.js';
export {Together} from './providers/presets/together.js';
export {DeepSeek} from './providers/presets/deepseek.js';
export {Mistral} from './providers/presets/mistral.js';
export {Ollama} from './providers/presets/ollama.js';
export {LMStudio} from './providers/presets/lmstudio.js';
export {Gemini} from './providers/presets/gemini.js';
export {XAI} from './providers/presets/xai.js';
export {Cerebras} from './providers/presets/cerebras.js';
export {Fireworks} from './providers/presets/fireworks.js';
export {Perplexity} from './providers/presets/perplexity.js';
export {HuggingFace} from './providers/presets/huggingface.js';
export {Nvidia} from './providers/presets/nvidia.js';
export {AzureOpenAI} from './providers/presets/azure-openai.js';
export {Pollinations} from './providers/presets/pollinations.js';
export {LlamaCpp} from './providers/presets/llamacpp.js';
export {VLLM} from './providers/presets/vllm.js';
export {SambaNova} from './providers/presets/sambanova.js';
export {Nebius} from './providers/presets/nebius.js';
export {Novita} from './providers/presets/novita.js';
export {Scaleway} from './providers/presets/scaleway.js';
export {collect, type CollectOptions} from './core/chat-result.js';
export {parsePartialJson, type PartialJsonParser} from './structured/parse-partial-json.js';
export {StructuredOutputError} from './structured/structured-output-error.js';
export type {PartialObjects, StructuredResponseFormat} from './structured/response-format.js';
export type {
	InferInput,
	InferOutput,
	JsonSchema,
	SchemaLike,
	StandardJSONSchemaV1,
	StandardSchemaIssue,
	StandardSchemaV1,
} from './structured/standard-schema.js';
export {getModelInfo, type ModelInfo} from './core/request/models.js';
export {
	runTools,
	type ChatProvider,
	type RunToolsOptions,
	type RunToolsOwnOptions,
	type RunToolsResult,
} from './tools/run-tools.js';
export type {Tool, Tools, ToolContext} from './tools/tool-definitions.js';
export {
	IterListProvider,
	RotatedProvider,
	type FallbackOptions,
	type FallbackCreateOptions,
	type ProviderClass,
} from './providers/fallback.js';
export {
	isProviderError,
	type ProviderErrorName,
	type ProviderErrorOptions,
	ProviderError,
	MissingAuthError,
	AuthenticationError,
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
	FinishReasonValue,
	ProviderInfo,
	Retry,
	Fallback,
	ImageResponse,
	Refusal,
	PartialObject,
	Logprobs,
	TokenLogprob,
	ReasoningField,
	ReasoningDetail,
	ToolCallDelta,
	Source,
	Sources,
	ToolResult,
	Step,
	RunToolsChunk,
} from './types/chunk.js';
export type {
	Message,
	Messages,
	Role,
	Content,
	ContentPart,
	TextPart,
	ImagePart,
	SystemMessage,
	DeveloperMessage,
	UserMessage,
	AssistantMessage,
	ToolMessage,
} from './types/message.js';
export type {ChatResult, ResultMessage} from './types/chat-result.js';
export type {
	CreateOptions,
	GetModelsOptions,
	RetryPolicy,
	MediaInput,
	MediaData,
	FunctionTool,
	ToolChoice,
	ReasoningEffort,
	ResponseFormat,
} from './types/options.js';
export type {ProviderConfig, ReasoningRule} from './types/provider.js';
