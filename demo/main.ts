import * as cablyai from 'cablyai';
import {
	MissingAuthError,
	ModelNotSupportedError,
	OpenaiTemplate,
	PaymentRequiredError,
	ProviderError,
	RateLimitError,
	ResponseStatusError,
	TimeoutError,
	type ChatResult,
	type Chunk,
	type CreateOptions,
	type ImageResponse,
	type Message,
	type Sources,
	type ToolCall,
	type Usage,
} from 'cablyai';

type ProviderClass = typeof OpenaiTemplate;

/** The endpoint Vite serves beside this page (demo/server/demo-endpoint.ts). */
class LocalDemo extends OpenaiTemplate {
	static override label = 'LocalDemo';

	static override url = location.origin;
	static override apiBase = `${location.origin}/v1`;
	static override defaultModel = 'demo-echo';
	static override imageModels = ['demo-image'];
}

/** Any OpenAI-compatible base URL typed into the page. */
class Custom extends OpenaiTemplate {
	static override label = 'Custom';
}

/**
This page's own server holding the key: `npm run demo` with a provider key in the environment mounts
cablyai/server at /api/v1 (demo/server/server-key.ts), so no key is ever typed into the page.
*/
class ServerKey extends OpenaiTemplate {
	static override label = 'ServerKey';

	static override url = location.origin;
	static override apiBase = `${location.origin}/api/v1`;
}

/** A provider the page offers: its class, the name code calls it by, and the declaration code needs first (none for the package's own). */
interface ProviderChoice {
	provider: ProviderClass;
	codeName: string;
	declaration?: string;
}

const isProviderClass = (value: unknown): value is ProviderClass =>
	typeof value === 'function' && value.prototype instanceof OpenaiTemplate;
// Export names, unlike class names, survive a minified build.
const exported = Object.entries(cablyai).flatMap(([codeName, value]): ProviderChoice[] =>
	isProviderClass(value) ? [{provider: value, codeName}] : [],
);
const providers = new Map<string, ProviderChoice>([
	[
		'Local demo endpoint',
		{
			provider: LocalDemo,
			codeName: 'LocalDemo',
			declaration: `// The demo page's own endpoint (demo/server/demo-endpoint.ts in the cablyai repository).\nclass LocalDemo extends OpenaiTemplate {\n\tstatic apiBase = ${JSON.stringify(LocalDemo.apiBase)};\n\tstatic imageModels = ${JSON.stringify(LocalDemo.imageModels)};\n}`,
		},
	],
	...exported.map(choice => [choice.codeName, choice] as const),
	[
		'Custom base URL',
		{
			provider: Custom,
			codeName: 'Custom',
			declaration: '// Any OpenAI-compatible API, reached through `baseUrl`.\nclass Custom extends OpenaiTemplate {}',
		},
	],
]);

/** The element with this id, checked to be of the expected kind. */
function $<T extends HTMLElement>(id: string, kind: {new (): T; prototype: T}): T {
	const node = document.getElementById(id);
	if (!(node instanceof kind)) throw new Error(`#${id} is missing or not a ${kind.name}`);
	return node;
}

const settingsForm = $('settings', HTMLFormElement);
const providerSelect = $('provider', HTMLSelectElement);
const baseUrlField = $('base-url-field', HTMLDivElement);
const baseUrlInput = $('base-url', HTMLInputElement);
const keyInput = $('api-key', HTMLInputElement);
const modelInput = $('model', HTMLInputElement);
const modelList = $('models', HTMLDataListElement);
const systemInput = $('system', HTMLTextAreaElement);
const temperatureInput = $('temperature', HTMLInputElement);
const temperatureValue = $('temperature-value', HTMLOutputElement);
const streamInput = $('stream', HTMLInputElement);
const settingsStatus = $('settings-status', HTMLParagraphElement);
const conversation = $('conversation', HTMLDivElement);
const chatStatus = $('chat-status', HTMLParagraphElement);
const composer = $('composer', HTMLFormElement);
const promptInput = $('prompt', HTMLTextAreaElement);
const sendButton = $('send', HTMLButtonElement);
const stopButton = $('stop', HTMLButtonElement);
const chunkList = $('chunks', HTMLOListElement);
const chunkCount = $('chunk-count', HTMLSpanElement);
const codeBlock = $('code', HTMLElement);
const copyStatus = $('copy-status', HTMLSpanElement);

// ---------------------------------------------------------------- settings

interface Settings {
	choice: ProviderChoice;
	provider: ProviderClass;
	model: string;
	baseUrl: string | undefined;
	apiKey: string | undefined;
	system: string;
	temperature: number;
	stream: boolean;
}

for (const name of providers.keys()) providerSelect.add(new Option(name, name));

/** The custom entry, and presets whose base URL names the user's own resource (Azure: `apiBase` left empty). */
const needsBaseUrl = (provider: ProviderClass) => provider === Custom || provider.apiBase === '';

function selectedProvider(): ProviderChoice {
	return providers.get(providerSelect.value) ?? {provider: LocalDemo, codeName: 'LocalDemo'};
}

function readSettings(): Settings {
	const choice = selectedProvider();
	const provider = choice.provider;
	return {
		choice,
		provider,
		model: modelInput.value.trim(),
		baseUrl: needsBaseUrl(provider) ? baseUrlInput.value.trim() || undefined : undefined,
		apiKey: keyInput.value || undefined,
		system: systemInput.value.trim(),
		temperature: Number(temperatureInput.value),
		stream: streamInput.checked,
	};
}

/** What the page passes to `createAsyncGenerator` besides the Stop button's signal; the code panel shows the same. */
function requestOptions(settings: Settings): CreateOptions {
	return {
		apiKey: settings.apiKey,
		baseUrl: settings.baseUrl,
		stream: settings.stream,
		temperature: settings.temperature,
		// The inspector shows each piece of a tool call as it streams.
		toolCallDeltas: true,
		// Show a rate limit promptly instead of waiting out the server's Retry-After.
		retry: {limit: 1, maxRetryAfter: 1500},
	};
}

// The key lives only in this tab's session storage, one per provider, and goes only to that provider.
const keyName = () => `cablyai-demo-key:${providerSelect.value}:${readSettings().baseUrl ?? ''}`;

function onProviderChange(): void {
	const {provider} = selectedProvider();
	baseUrlField.hidden = !needsBaseUrl(provider);
	keyInput.value = sessionStorage.getItem(keyName()) ?? '';
	keyInput.placeholder = provider.needsAuth ? `needed: get one at ${provider.loginUrl ?? provider.url}` : 'not needed';
	modelInput.value = provider.defaultModel;
	modelList.replaceChildren();
	// A service that does not answer pages (its `browserCors` flag) says so before the first request fails.
	settingsStatus.textContent = provider.browserCors ? '' : (provider.corsHint ?? 'This service does not answer pages.');
	if (provider === LocalDemo || provider === ServerKey) void loadModels();
	updateCode();
}

async function loadModels(): Promise<void> {
	settingsStatus.textContent = 'Loading models…';
	const {provider, apiKey, baseUrl} = readSettings();
	try {
		const models = await provider.getModels({apiKey, baseUrl});
		modelList.replaceChildren(...models.map(id => new Option(id, id)));
		// A provider without a default model (the server-key one) needs a model named: offer the first.
		if (!modelInput.value && models[0]) {
			modelInput.value = models[0];
			updateCode();
		}

		settingsStatus.textContent = `${models.length} models: ${models.slice(0, 6).join(', ')}${models.length > 6 ? ', …' : ''}`;
	} catch (error) {
		settingsStatus.textContent = `Could not load models: ${describe(error)}`;
	}
}

// ---------------------------------------------------------------- conversation

const history: Message[] = [];

/** Tool calls of the last answer whose results the user has not sent yet, with the field holding each result. */
let pendingToolResults: {call: ToolCall; input: HTMLTextAreaElement; fieldset: HTMLFieldSetElement}[] = [];
let toolResultFields = 0;

/** The messages sent: the system prompt, then the conversation so far. */
function requestMessages(settings: Settings): Message[] {
	return [...(settings.system ? [{role: 'system' as const, content: settings.system}] : []), ...history];
}

function element<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	className?: string,
	text?: string,
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

/** Follows the conversation while the reader is at its end; leaves them be when they scrolled up to read. */
function followConversation(update: () => void): void {
	const root = document.documentElement;
	const atEnd = root.scrollHeight - root.scrollTop - root.clientHeight < 80;
	update();
	if (atEnd) root.scrollTop = root.scrollHeight;
}

function addUserMessage(text: string): void {
	const article = element('article', 'message user', text);
	article.setAttribute('aria-label', 'You');
	followConversation(() => conversation.append(article));
}

function addErrorMessage(text: string): void {
	const alert = element('div', 'message error', text);
	alert.setAttribute('role', 'alert');
	followConversation(() => conversation.append(alert));
}

function describe(error: unknown): string {
	if (error instanceof MissingAuthError) return `Missing or rejected API key. ${error.message}`;
	if (error instanceof ModelNotSupportedError) return `Model not available. ${error.message}`;
	if (error instanceof RateLimitError)
		return `Rate limited${error.retryAfter === undefined ? '' : `: try again in ${error.retryAfter} s`}. ${error.message}`;
	if (error instanceof PaymentRequiredError) return `Payment required. ${error.message}`;
	if (error instanceof ResponseStatusError) return `Server error (HTTP ${error.status}). ${error.message}`;
	if (error instanceof TimeoutError) return `Timed out. ${error.message}`;
	if (error instanceof TypeError) return `Invalid input: ${error.message}`;
	// NetworkError included: its message already says what to check (unreachable, CORS, the local server's setting).
	return error instanceof Error ? error.message : String(error);
}

/** The elements of one assistant answer. */
class AnswerView {
	readonly article = element('article', 'message assistant');
	readonly text = element('div', 'text');
	readonly meta = element('div', 'meta');
	#reasoning: HTMLParagraphElement | undefined;

	constructor() {
		this.article.setAttribute('aria-label', 'Assistant');
		this.article.append(this.text, this.meta);
		followConversation(() => conversation.append(this.article));
	}

	setText(text: string): void {
		followConversation(() => {
			this.text.textContent = text;
		});
	}

	addReasoning(text: string): void {
		if (!this.#reasoning) {
			const details = element('details');
			details.open = true;
			this.#reasoning = element('p');
			details.append(element('summary', undefined, 'Reasoning'), this.#reasoning);
			this.article.prepend(details);
		}

		this.#reasoning.textContent += text;
	}

	/** Adds a block before the figures line. */
	addBlock(block: HTMLElement): void {
		followConversation(() => this.article.insertBefore(block, this.meta));
	}

	/** True when nothing but the empty frame is shown. */
	isEmpty(): boolean {
		return this.article.childElementCount === 2 && !this.text.textContent;
	}
}

function toolCallBlock(call: ToolCall): HTMLElement {
	return element('pre', 'tool-call', `Tool call ${call.id}: ${call.function.name}(${call.function.arguments})`);
}

/** The pages an answer cites, as links. */
function sourcesBlock({sources}: Sources): HTMLElement {
	const list = element('ol', 'sources');
	for (const {url, title} of sources) {
		const link = element('a', undefined, title ?? url);
		link.href = url;
		link.rel = 'noopener noreferrer';
		link.target = '_blank';
		const item = element('li');
		item.append(link);
		list.append(item);
	}

	const block = element('details', 'sources');
	block.append(element('summary', undefined, `Sources (${sources.length})`), list);
	return block;
}

function imagesBlock(images: ImageResponse): HTMLElement {
	const figure = element('figure');
	for (const url of images.urls) {
		const image = element('img');
		image.src = url;
		image.alt = `Generated image: ${images.prompt}`;
		figure.append(image);
	}

	figure.append(element('figcaption', undefined, images.prompt));
	return figure;
}

/** A form under an answer that called tools: one result per call, sent back as `tool` messages. */
function toolResultsForm(calls: ToolCall[]): HTMLFormElement {
	const form = element('form', 'tool-results');
	form.setAttribute('aria-label', 'Tool results');
	const fieldset = element('fieldset');
	fieldset.append(element('legend', 'visually-hidden', 'Tool results'));
	for (const call of calls) {
		const input = element('textarea');
		input.id = `tool-result-${++toolResultFields}`;
		input.rows = 1;
		input.value = '{"ok": true}';
		const label = element('label', undefined, `Result of ${call.function.name} (${call.id})`);
		label.htmlFor = input.id;
		fieldset.append(label, input);
		pendingToolResults.push({call, input, fieldset});
	}

	fieldset.append(
		element('button', undefined, 'Send tool results'),
		element('p', 'note', 'A message you send instead carries these results too.'),
	);
	form.append(fieldset);
	form.addEventListener('submit', event => {
		event.preventDefault();
		if (!current) void send(undefined);
	});
	return form;
}

/** Pending tool results go into the history before anything else is sent, as the API expects. */
function flushToolResults(): void {
	for (const {call, input, fieldset} of pendingToolResults) {
		history.push({role: 'tool', tool_call_id: call.id, content: input.value});
		fieldset.disabled = true;
	}

	pendingToolResults = [];
}

// ---------------------------------------------------------------- one request

/** One request, from Send to its end. Times are `performance.now()` values. */
interface Run {
	view: AnswerView;
	controller: AbortController;
	sentAt: number;
	firstContentAt: number | undefined;
	answer: string;
	toolCalls: ToolCall[];
	facts: {provider?: string; finish?: string; usage?: string};
	completionTokens: number | undefined;
	/** What the generator returned, once the answer completed: its `message` goes into the history as is. */
	result?: ChatResult;
}

let current: Run | undefined;

function startRun(): Run {
	const run: Run = {
		view: new AnswerView(),
		controller: new AbortController(),
		sentAt: performance.now(),
		firstContentAt: undefined,
		answer: '',
		toolCalls: [],
		facts: {},
		completionTokens: undefined,
	};
	current = run;
	chunkList.replaceChildren();
	chunkCount.textContent = '';
	setBusy(true);
	chatStatus.textContent = 'Waiting for the answer…';
	return run;
}

/** Shows one chunk in the answer. The `never` check makes the compiler name any chunk kind this switch misses. */
function applyChunk(run: Run, chunk: Chunk): void {
	if (typeof chunk === 'string') {
		run.firstContentAt ??= performance.now();
		run.answer += chunk;
		run.view.setText(run.answer);
		return;
	}

	switch (chunk.type) {
		case 'reasoning': {
			run.firstContentAt ??= performance.now();
			run.view.addReasoning(chunk.text);
			break;
		}

		case 'tool_call_delta': {
			run.firstContentAt ??= performance.now();
			if (chunk.name) chatStatus.textContent = `Calling ${chunk.name}…`;
			break;
		}

		case 'sources': {
			run.view.addBlock(sourcesBlock(chunk));
			break;
		}

		case 'tool_calls': {
			run.firstContentAt ??= performance.now();
			run.toolCalls.push(...chunk.calls);
			for (const call of chunk.calls) run.view.addBlock(toolCallBlock(call));
			break;
		}

		case 'refusal': {
			run.firstContentAt ??= performance.now();
			run.view.addBlock(element('p', 'refusal', `Refused: ${chunk.text}`));
			break;
		}

		case 'images': {
			run.firstContentAt ??= performance.now();
			run.view.addBlock(imagesBlock(chunk));
			break;
		}

		case 'provider': {
			run.facts.provider = `${chunk.name} · ${chunk.model}`;
			break;
		}

		case 'finish': {
			run.facts.finish = `finish: ${chunk.reason}`;
			break;
		}

		case 'usage': {
			run.completionTokens = chunk.completionTokens;
			run.facts.usage = `${chunk.promptTokens} + ${chunk.completionTokens} = ${chunk.totalTokens} tokens`;
			break;
		}

		case 'retry': {
			run.view.addBlock(
				element(
					'p',
					'note',
					`Attempt ${chunk.attempt} failed (${shortError(chunk.error)}); retrying in ${duration(chunk.delay)}.`,
				),
			);
			chatStatus.textContent = `Retrying in ${duration(chunk.delay)}…`;
			break;
		}

		case 'fallback': {
			run.view.addBlock(
				element('p', 'note', `${chunk.from} failed (${shortError(chunk.error)}); trying the next provider.`),
			);
			break;
		}

		// The demo asks for no partial objects, and (`logprobs` option) no log probabilities.
		case 'partial_object':
		case 'logprobs': {
			break;
		}

		default: {
			assertNever(chunk);
		}
	}
}

/** "RateLimitError, HTTP 429": enough for a note; the inspector has the rest. */
function shortError(error: Error): string {
	return error instanceof ProviderError && error.status !== undefined
		? `${error.name}, HTTP ${error.status}`
		: error.name;
}

function assertNever(value: never): never {
	throw new Error(`Unhandled chunk: ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------- figures

function duration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
Time to first content, total time, and speed after the first content: tokens/s when the server reported usage,
otherwise characters/s, labelled so (text pieces are not tokens). Usage comes last, so until the end it is "so far".
*/
function figures(run: Run, endedAt: number, ended: boolean): string[] {
	const result: string[] = [];
	if (run.firstContentAt !== undefined) result.push(`first token ${duration(run.firstContentAt - run.sentAt)}`);
	result.push(`${ended ? 'total' : 'elapsed'} ${duration(endedAt - run.sentAt)}`);
	if (run.firstContentAt === undefined) return result;
	// An answer that arrived at once (no streaming) is measured over the whole request.
	const generating = endedAt - run.firstContentAt >= 100 ? endedAt - run.firstContentAt : endedAt - run.sentAt;
	const seconds = generating / 1000;
	if (seconds <= 0) return result;
	if (run.completionTokens !== undefined) result.push(`${(run.completionTokens / seconds).toFixed(1)} tokens/s`);
	else if (run.answer)
		result.push(`${Math.round(run.answer.length / seconds)} chars/s ${ended ? '(no token usage reported)' : 'so far'}`);
	return result;
}

/** The line under an answer; `outcome` ("stopped", "failed") once it ended early, `ended` once it ended at all. */
function showFigures(run: Run, {ended, outcome}: {ended: boolean; outcome?: string}): void {
	const {provider, finish, usage} = run.facts;
	run.view.meta.textContent = [provider, finish, usage, ...figures(run, performance.now(), ended), outcome]
		.filter(Boolean)
		.join(' · ');
}

// ---------------------------------------------------------------- chunk inspector

/** How the inspector names and shows a chunk. A new chunk kind is one more `case` here. */
function inspectChunk(chunk: Chunk): {kind: string; detail: string} {
	if (typeof chunk === 'string') return {kind: 'text', detail: JSON.stringify(chunk)};
	switch (chunk.type) {
		case 'reasoning':
			return {kind: chunk.type, detail: JSON.stringify(chunk.text)};
		case 'refusal':
			return {kind: chunk.type, detail: JSON.stringify(chunk.text)};
		case 'tool_calls':
			return {
				kind: chunk.type,
				detail: chunk.calls.map(call => `${call.id} ${call.function.name}(${call.function.arguments})`).join('\n'),
			};
		case 'usage':
			return {kind: chunk.type, detail: usageDetail(chunk)};
		case 'tool_call_delta':
			return {
				kind: chunk.type,
				detail: `#${chunk.index}${chunk.id ? ` ${chunk.id}` : ''}${chunk.name ? ` ${chunk.name}` : ''} · ${JSON.stringify(chunk.arguments)}`,
			};
		case 'sources':
			return {
				kind: chunk.type,
				detail: chunk.sources.map(({url, title}) => (title ? `${url} · ${title}` : url)).join('\n'),
			};
		case 'finish':
			return {kind: chunk.type, detail: chunk.reason};
		case 'provider':
			return {kind: chunk.type, detail: `${chunk.name} · ${chunk.model} · ${chunk.url}`};
		case 'images':
			return {
				kind: chunk.type,
				detail: `${chunk.urls.map(url => (url.length > 60 ? `${url.slice(0, 60)}…` : url)).join('\n')}\nprompt ${JSON.stringify(chunk.prompt)}`,
			};
		case 'retry':
			return {kind: chunk.type, detail: `attempt ${chunk.attempt} in ${chunk.delay} ms · ${errorSummary(chunk.error)}`};
		case 'fallback':
			return {kind: chunk.type, detail: `from ${chunk.from} · ${errorSummary(chunk.error)}`};
		case 'partial_object':
			return {kind: chunk.type, detail: JSON.stringify(chunk.object)};
		case 'logprobs':
			return {kind: chunk.type, detail: `${chunk.content.length + chunk.refusal.length} tokens`};
		default:
			return assertNever(chunk);
	}
}

/** The counts, and the details the API gave (cached and reasoning tokens, cost). */
function usageDetail(usage: Usage): string {
	const fields: Array<[string, number | undefined]> = [
		['promptTokens', usage.promptTokens],
		['completionTokens', usage.completionTokens],
		['totalTokens', usage.totalTokens],
		['cachedTokens', usage.cachedTokens],
		['reasoningTokens', usage.reasoningTokens],
		['cost', usage.cost],
	];
	return fields
		.filter(([, value]) => value !== undefined)
		.map(([name, value]) => `${name} ${String(value)}`)
		.join(' · ');
}

/** What a library error carries besides its message. */
function errorFields(error: ProviderError): string[] {
	const fields: Array<[string, unknown]> = [
		['status', error.status],
		['code', error.code],
		['type', error.type],
		['retryAfter', error instanceof RateLimitError ? error.retryAfter : undefined],
		['requestId', error.requestId],
	];
	return fields.filter(([, value]) => value !== undefined).map(([name, value]) => `${name} ${String(value)}`);
}

/** The error that ended a stream: its class name, then status, code, retryAfter (when it has them) and its message. */
function inspectError(error: unknown): {kind: string; detail: string} {
	if (!(error instanceof Error)) return {kind: 'error', detail: String(error)};
	const fields = error instanceof ProviderError ? errorFields(error) : [];
	return {kind: error.name, detail: [...fields, error.message].join(' · ')};
}

/** An error a retry or fallback chunk carries, on one line. */
function errorSummary(error: Error): string {
	const {kind, detail} = inspectError(error);
	return `${kind} · ${detail}`;
}

function addInspectorRow(run: Run, entry: {kind: string; detail: string}, isError = false): void {
	const row = element('li', isError ? 'error' : undefined);
	row.dataset.kind = isError ? 'error' : entry.kind;
	row.append(
		element('span', 'at', `+${Math.round(performance.now() - run.sentAt)} ms`),
		element('span', 'kind', entry.kind),
		element('span', 'detail', entry.detail),
	);
	chunkList.append(row);
	chunkCount.textContent = `(${chunkList.childElementCount})`;
}

// ---------------------------------------------------------------- sending

function setBusy(busy: boolean): void {
	const stopHadFocus = document.activeElement === stopButton;
	const sendHadFocus = document.activeElement === sendButton;
	sendButton.disabled = busy;
	stopButton.disabled = !busy;
	// Keep keyboard users where they were: Send hands focus to Stop, and back to the message box at the end.
	if (busy && sendHadFocus) stopButton.focus();
	if (!busy && (stopHadFocus || document.activeElement === document.body)) promptInput.focus();
}

/**
Keeps what was said: the whole answer's message as the library returned it (its reasoning goes back where the
provider needs it), or partial text after Stop or an error, and tool calls, which the API needs to see again.
*/
function rememberAnswer(run: Run): void {
	if (!run.answer && run.toolCalls.length === 0) return;
	if (run.result) history.push(run.result.message);
	else
		history.push({
			role: 'assistant',
			content: run.answer || null,
			...(run.toolCalls.length > 0 && {tool_calls: run.toolCalls}),
		});
	if (run.toolCalls.length > 0) run.view.addBlock(toolResultsForm(run.toolCalls));
}

function endRun(run: Run, error?: unknown): void {
	const endedAt = performance.now();
	const stopped = run.controller.signal.aborted;
	rememberAnswer(run);
	// An answer of only tool calls, images or a refusal has no text line.
	run.view.text.hidden = !run.answer;
	if (error === undefined) {
		showFigures(run, {ended: true});
		chatStatus.textContent = `Answer finished in ${duration(endedAt - run.sentAt)}.`;
	} else if (stopped) {
		showFigures(run, {ended: true, outcome: 'stopped'});
		chatStatus.textContent = 'Stopped.';
	} else {
		// Nothing arrived: the error takes the empty answer's place.
		if (run.view.isEmpty()) run.view.article.remove();
		else showFigures(run, {ended: true, outcome: 'failed'});
		addErrorMessage(describe(error));
		chatStatus.textContent = 'The request failed.';
	}

	current = undefined;
	setBusy(false);
	updateCode();
}

/** Sends the conversation, with `text` as the user's new turn (none when only tool results go back). */
async function send(text: string | undefined): Promise<void> {
	const settings = readSettings();
	flushToolResults();
	// The user's turn stays in the history whatever happens to the answer (Stop, errors).
	if (text !== undefined) {
		history.push({role: 'user', content: text});
		addUserMessage(text);
	}

	const run = startRun();
	try {
		const chunks = settings.provider.createAsyncGenerator(settings.model, requestMessages(settings), {
			...requestOptions(settings),
			signal: run.controller.signal,
		});
		// By hand rather than `for await`, to keep what the generator returns.
		for (let step = await chunks.next(); ; step = await chunks.next()) {
			if (step.done) {
				run.result = step.value;
				break;
			}

			addInspectorRow(run, inspectChunk(step.value));
			applyChunk(run, step.value);
			showFigures(run, {ended: false});
		}

		endRun(run);
	} catch (error) {
		addInspectorRow(run, inspectError(error), true);
		endRun(run, error);
	}
}

function stop(): void {
	current?.controller.abort(new DOMException('Stopped by the user', 'AbortError'));
}

// ---------------------------------------------------------------- code panel

/** A JavaScript literal for a JSON-like value, with plain keys unquoted. */
function literal(value: unknown, indent = ''): string {
	if (Array.isArray(value)) {
		if (value.length === 0) return '[]';
		return `[\n${value.map(item => `${indent}\t${literal(item, `${indent}\t`)},`).join('\n')}\n${indent}]`;
	}

	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value).filter(([, item]) => item !== undefined);
		const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
		const inline = entries.map(([name, item]) => `${key(name)}: ${literal(item, indent)}`).join(', ');
		if (inline.length <= 70 && !inline.includes('\n')) return `{${inline}}`;
		return `{\n${entries.map(([name, item]) => `${indent}\t${key(name)}: ${literal(item, `${indent}\t`)},`).join('\n')}\n${indent}}`;
	}

	return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The environment variable the snippet reads the key from: never the key itself. */
function keyVariable(codeName: string): string {
	return `${codeName.toUpperCase()}_API_KEY`;
}

/** The `createAsyncGenerator` call for the current settings, ready to run as an ES module. */
function snippet(settings: Settings): string {
	const {codeName, declaration} = settings.choice;
	const pending = promptInput.value.trim();
	const messages = requestMessages(settings);
	if (pending || !messages.some(message => message.role === 'user'))
		messages.push({role: 'user', content: pending || 'Hello!'});
	const options = Object.entries(requestOptions(settings))
		.filter(([name, value]) => value !== undefined || (name === 'apiKey' && settings.provider.needsAuth))
		.map(
			([name, value]) =>
				`\t${name}: ${name === 'apiKey' ? `process.env.${keyVariable(codeName)}` : literal(value, '\t')},`,
		);
	return (
		`import {${declaration ? 'OpenaiTemplate' : codeName}} from 'cablyai';\n\n${declaration ? `${declaration}\n\n` : ''}` +
		`const messages = ${literal(messages)};\n\n` +
		`const chunks = ${codeName}.createAsyncGenerator(${literal(settings.model)}, messages, {\n${options.join('\n')}\n});\n` +
		'for await (const chunk of chunks) {\n' +
		"\tif (typeof chunk === 'string') process.stdout.write(chunk);\n" +
		'\telse console.log(chunk);\n' +
		'}\n'
	);
}

function updateCode(): void {
	codeBlock.textContent = snippet(readSettings());
}

async function copyCode(): Promise<void> {
	try {
		await navigator.clipboard.writeText(codeBlock.textContent ?? '');
		copyStatus.textContent = 'Copied.';
	} catch {
		getSelection()?.selectAllChildren(codeBlock);
		copyStatus.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
	}
}

// ---------------------------------------------------------------- wiring

function clearConversation(): void {
	stop();
	history.length = 0;
	pendingToolResults = [];
	conversation.replaceChildren();
	chunkList.replaceChildren();
	chunkCount.textContent = '';
	chatStatus.textContent = 'Conversation cleared.';
	updateCode();
}

providerSelect.addEventListener('change', onProviderChange);
baseUrlInput.addEventListener('change', onProviderChange);
keyInput.addEventListener('input', () => {
	if (keyInput.value) sessionStorage.setItem(keyName(), keyInput.value);
	else sessionStorage.removeItem(keyName());
});
$('load-models', HTMLButtonElement).addEventListener('click', () => void loadModels());
temperatureInput.addEventListener('input', () => {
	temperatureValue.value = temperatureInput.value;
});
settingsForm.addEventListener('input', updateCode);
settingsForm.addEventListener('submit', event => event.preventDefault());
promptInput.addEventListener('input', updateCode);
composer.addEventListener('submit', event => {
	event.preventDefault();
	const text = promptInput.value.trim();
	if (!text || current) return;
	promptInput.value = '';
	void send(text);
});
promptInput.addEventListener('keydown', event => {
	if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
		event.preventDefault();
		composer.requestSubmit();
	}
});
// Escape stops the answer from anywhere on the page.
document.addEventListener('keydown', event => {
	if (event.key === 'Escape' && current) {
		event.preventDefault();
		stop();
	}
});
stopButton.addEventListener('click', stop);
$('clear', HTMLButtonElement).addEventListener('click', clearConversation);
$('copy-code', HTMLButtonElement).addEventListener('click', () => void copyCode());

/** Offers "Server key" when the dev server mounted the handler (it answers its model list as JSON). */
async function offerServerKey(): Promise<void> {
	try {
		const response = await fetch(`${ServerKey.apiBase}/models`);
		if (!response.ok || !response.headers.get('content-type')?.includes('application/json')) return;
	} catch {
		return;
	}

	const name = 'Server key (/api/v1)';
	providers.set(name, {
		provider: ServerKey,
		codeName: 'ServerKey',
		declaration: `// The key stays on the server: cablyai/server's createHandler answers at /api/v1.\nclass ServerKey extends OpenaiTemplate {\n\tstatic apiBase = ${JSON.stringify(ServerKey.apiBase)};\n}`,
	});
	providerSelect.add(new Option(name, name), 1);
}

onProviderChange();
promptInput.focus();
void offerServerKey();
