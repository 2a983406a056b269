// Type tests of the public API's precision, checked by `npm run typecheck` (tsconfig.test.json): each
// `@ts-expect-error` line must be an error, everything else must compile under `strict`. Nothing here runs.
import {
	AzureOpenAI,
	CablyAI,
	getModelInfo,
	OpenaiTemplate,
	isProviderError,
	MissingAuthError,
	ProviderError,
	RateLimitError,
	RetryNoProviderError,
	TimeoutError,
	type ChatResult,
	type Chunk,
	type CreateOptions,
	type FinishReasonValue,
	type ModelInfo,
	type ProviderErrorName,
	type ReasoningEffort,
} from '../../src/index.js';

declare const result: ChatResult;
declare const caught: unknown;
declare const chunk: Chunk;

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
	return undefined;
}

export function knownValuesAndOthers(): void {
	// Finish reasons: the documented ones, and any other string a server sends.
	const known: FinishReasonValue[] = ['stop', 'length', 'tool_calls', 'content_filter'];
	const other: FinishReasonValue = 'eos';
	const reason: string | undefined = result.finishReason;
	if (typeof chunk === 'object' && chunk.type === 'finish') {
		const value: string = chunk.reason;
		void value;
	}

	// @ts-expect-error a finish reason is a string
	const notAString: FinishReasonValue = 1;

	// reasoningEffort: the documented ones, and others (a newer model's level).
	const efforts: ReasoningEffort[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];
	const options: CreateOptions = {
		reasoningEffort: 'none',
		responseFormat: {type: 'json_object'},
		stop: ['\n'] as const,
	};
	CablyAI.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {
		reasoningEffort: 'low',
		responseFormat: {type: 'json_schema', json_schema: {name: 'answer', schema: {type: 'object'}, strict: true}},
	});
	// @ts-expect-error reasoningEffort is a string
	CablyAI.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {reasoningEffort: 2});
	// Response formats: the documented shapes, and a server's own.
	const ownFormat: CreateOptions['responseFormat'] = {type: 'regex', regex: '[a-z]+'};
	// @ts-expect-error a response format is an object
	const notAnObject: CreateOptions['responseFormat'] = 'json';
	void [known, other, reason, notAString, efforts, options, ownFormat, notAnObject];
}

export function literalNames(): void {
	assertType<Equal<RateLimitError['name'], 'RateLimitError'>>();
	assertType<Equal<TimeoutError['name'], 'TimeoutError'>>();
	assertType<Equal<RetryNoProviderError['name'], 'RetryNoProviderError'>>();
	const name: 'MissingAuthError' = new MissingAuthError('x').name;
	// @ts-expect-error each class has its own name
	const wrong: 'TimeoutError' = new RateLimitError('x').name;
	// The base's name is one of the library's, or a subclass's of your own.
	const known: ProviderErrorName = 'NetworkError';
	const base: string = new ProviderError('x').name;
	class QuotaError extends ProviderError {
		override readonly name = 'QuotaError';
	}

	// @ts-expect-error names are read-only
	new RateLimitError('x').name = 'Other';
	void [name, wrong, known, base, QuotaError];
}

export function guard(): void {
	// @ts-expect-error `unknown` has no `status`
	void caught.status;
	if (isProviderError(caught)) {
		assertType<Equal<typeof caught, ProviderError>>();
		const status: number | undefined = caught.status;
		const provider: string | undefined = caught.provider;
		const requestId: string | undefined = caught.requestId;
		const fields: Array<string | undefined> = [caught.code, caught.type];
		if (caught instanceof RateLimitError) {
			const wait: number | undefined = caught.retryAfter;
			void wait;
		}

		void [status, provider, requestId, fields];
	}

	// Retry and fallback chunks carry the library's errors; RetryNoProviderError maps names to them.
	if (typeof chunk === 'object' && (chunk.type === 'retry' || chunk.type === 'fallback')) {
		const status: number | undefined = chunk.error.status;
		void status;
	}

	const all = new RetryNoProviderError('none', {A: new TimeoutError('slow')});
	assertType<Equal<typeof all.errors, Record<string, ProviderError>>>();
}

export async function capabilityFlagsAndModelInfo(): Promise<void> {
	// Flags are typed statics: a subclass overrides them with values of the same kinds.
	class Service extends OpenaiTemplate {
		static override modelList = 'key' as const;
		static override refusedParameters = ['logit_bias'];
		static override reasoningRequest = {reasoning_format: 'parsed'};
		static override apiKeyHeader = 'api-key';
	}

	// (TypeScript reports a wrong static on the class line.)
	// @ts-expect-error modelList is 'open', 'key' or 'none'
	class WrongList extends OpenaiTemplate {
		static override modelList = 'maybe' as const;
	}

	// @ts-expect-error streamUsage is a boolean
	class WrongUsage extends OpenaiTemplate {
		static override streamUsage = 'yes';
	}

	const infos: ModelInfo[] = await getModelInfo(Service, {apiKey: 'k'});
	const first = infos[0];
	if (first) {
		const context: number | undefined = first.contextLength;
		const raw: Record<string, unknown> = first.raw;
		void [context, raw];
	}

	// forResource keeps the preset's type: its statics and methods.
	const Azure: typeof AzureOpenAI = AzureOpenAI.forResource('my-resource');
	void [Azure.apiKeyHeader, WrongList, WrongUsage];
}
