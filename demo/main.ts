import * as cablyai from 'cablyai';
import {
	MissingAuthError,
	ModelNotSupportedError,
	OpenaiTemplate,
	PaymentRequiredError,
	RateLimitError,
	ResponseStatusError,
	TimeoutError,
	type Chunk,
	type Message,
} from 'cablyai';

type ProviderClass = typeof OpenaiTemplate;

/** The endpoint Vite serves beside this page (demo/server/demo-endpoint.ts). */
class LocalDemo extends OpenaiTemplate {
	static override apiBase = `${location.origin}/v1`;
	static override defaultModel = 'demo-echo';
}

/** Any OpenAI-compatible base URL typed into the page. */
class Custom extends OpenaiTemplate {}

const presets = Object.values(cablyai).filter((value): value is ProviderClass =>
	typeof value === 'function' && value.prototype instanceof OpenaiTemplate);
const providers: Record<string, ProviderClass> = {'Local demo endpoint': LocalDemo, ...Object.fromEntries(presets.map(preset => [preset.name, preset])), 'Custom base URL': Custom};

const $ = <T extends HTMLElement>(id: string) => document.querySelector<T>(`#${id}`)!;
const providerSelect = $<HTMLSelectElement>('provider');
const baseUrlField = $('base-url-field');
const baseUrlInput = $<HTMLInputElement>('base-url');
const keyInput = $<HTMLInputElement>('api-key');
const modelInput = $<HTMLInputElement>('model');
const modelList = $<HTMLDataListElement>('models');
const systemInput = $<HTMLTextAreaElement>('system');
const temperatureInput = $<HTMLInputElement>('temperature');
const temperatureValue = $<HTMLOutputElement>('temperature-value');
const streamInput = $<HTMLInputElement>('stream');
const status = $('settings-status');
const conversation = $('conversation');
const composer = $<HTMLFormElement>('composer');
const promptInput = $<HTMLTextAreaElement>('prompt');
const sendButton = $<HTMLButtonElement>('send');
const stopButton = $<HTMLButtonElement>('stop');

const history: Message[] = [];
let controller: AbortController | undefined;

for (const name of Object.keys(providers)) providerSelect.add(new Option(name, name));

function provider(): ProviderClass {
	return providers[providerSelect.value]!;
}

function baseUrl(): string | undefined {
	return provider() === Custom ? baseUrlInput.value.trim() || undefined : undefined;
}

// The key lives only in this tab's session storage, one per provider, and goes only to that provider.
const keyName = () => `cablyai-demo-key:${providerSelect.value}:${baseUrl() ?? ''}`;

function onProviderChange(): void {
	const selected = provider();
	baseUrlField.hidden = selected !== Custom;
	keyInput.value = sessionStorage.getItem(keyName()) ?? '';
	keyInput.placeholder = selected.needsAuth ? `needed: get one at ${selected.loginUrl ?? selected.url}` : 'not needed';
	modelInput.value = selected.defaultModel;
	modelList.replaceChildren();
	status.textContent = '';
	if (selected === LocalDemo) void loadModels();
}

async function loadModels(): Promise<void> {
	status.textContent = 'Loading models…';
	try {
		const models = await provider().getModels({apiKey: keyInput.value || undefined, baseUrl: baseUrl()});
		modelList.replaceChildren(...models.map(id => new Option(id, id)));
		status.textContent = `${models.length} models: ${models.slice(0, 6).join(', ')}${models.length > 6 ? ', …' : ''}`;
	} catch (error) {
		status.textContent = `Could not load models: ${describe(error)}`;
	}
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

function describe(error: unknown): string {
	if (error instanceof MissingAuthError) return `Missing or rejected API key. ${error.message}`;
	if (error instanceof ModelNotSupportedError) return `Model not available. ${error.message}`;
	if (error instanceof RateLimitError) return `Rate limited${error.retryAfter === undefined ? '' : `: try again in ${error.retryAfter} s`}. ${error.message}`;
	if (error instanceof PaymentRequiredError) return `Payment required. ${error.message}`;
	if (error instanceof ResponseStatusError) return `Server error (HTTP ${error.status}). ${error.message}`;
	if (error instanceof TimeoutError) return `Timed out. ${error.message}`;
	if (error instanceof TypeError) return `Invalid input: ${error.message}`;
	return error instanceof Error ? error.message : String(error);
}

/** Follows the conversation while the reader is at its end; leaves them be when they scrolled up to read. */
function followConversation(update: () => void): void {
	const root = document.documentElement;
	const atEnd = root.scrollHeight - root.scrollTop - root.clientHeight < 80;
	update();
	if (atEnd) root.scrollTop = root.scrollHeight;
}

function addMessage(role: 'user' | 'assistant' | 'error', text = ''): HTMLElement {
	const article = element('article', `message ${role}`);
	article.setAttribute('aria-label', role === 'user' ? 'You' : role === 'error' ? 'Error' : 'Assistant');
	if (role === 'assistant') article.append(element('div', 'text'), element('div', 'meta'));
	else article.textContent = text;
	followConversation(() => conversation.append(article));
	return article;
}

function setBusy(busy: boolean): void {
	sendButton.disabled = busy;
	stopButton.disabled = !busy;
}

async function send(text: string): Promise<void> {
	const selected = provider();
	history.push({role: 'user', content: text});
	addMessage('user', text);
	const article = addMessage('assistant');
	const textNode = article.querySelector<HTMLElement>('.text')!;
	const meta = article.querySelector<HTMLElement>('.meta')!;
	let reasoning: HTMLParagraphElement | undefined;
	let answer = '';
	let completionTokens = 0;
	let firstTokenAt = 0;
	const info: string[] = [];
	controller = new AbortController();
	setBusy(true);
	const messages: Message[] = [...(systemInput.value.trim() ? [{role: 'system' as const, content: systemInput.value.trim()}] : []), ...history];
	try {
		const chunks = selected.createAsyncGenerator(modelInput.value.trim(), messages, {
			apiKey: keyInput.value || undefined,
			baseUrl: baseUrl(),
			stream: streamInput.checked,
			temperature: Number(temperatureInput.value),
			signal: controller.signal,
			// Show a rate limit promptly instead of waiting out the server's Retry-After.
			retry: {limit: 1, maxRetryAfter: 1500},
		});
		for await (const chunk of chunks as AsyncIterable<Chunk>) {
			firstTokenAt ||= performance.now();
			if (typeof chunk === 'string') {
				answer += chunk;
				followConversation(() => {
					textNode.textContent = answer;
				});
				completionTokens++;
			} else if (chunk.type === 'reasoning') {
				if (!reasoning) {
					const details = element('details');
					details.open = true;
					details.append(element('summary', undefined, 'Reasoning'), reasoning = element('p'));
					article.prepend(details);
				}

				reasoning.textContent += chunk.text;
			} else if (chunk.type === 'tool_calls') {
				for (const call of chunk.calls) article.insertBefore(element('pre', 'tool-call', `🔧 ${call.function.name}(${call.function.arguments})  id=${call.id}`), meta);
			} else if (chunk.type === 'refusal') {
				article.insertBefore(element('p', 'refusal', `Refused: ${chunk.text}`), meta);
			} else if (chunk.type === 'provider') {
				info.push(`${chunk.name} · ${chunk.model}`);
			} else if (chunk.type === 'finish') {
				info.push(`finish: ${chunk.reason}`);
			} else if (chunk.type === 'usage') {
				completionTokens = chunk.completionTokens;
				info.push(`${chunk.promptTokens} + ${chunk.completionTokens} = ${chunk.totalTokens} tokens`);
			}

			const seconds = (performance.now() - firstTokenAt) / 1000;
			meta.textContent = [...info, seconds > 0.2 ? `${(completionTokens / seconds).toFixed(1)} tokens/s` : ''].filter(Boolean).join(' · ');
		}
	} catch (error) {
		if (controller.signal.aborted) {
			meta.textContent = [...info, 'stopped'].join(' · ');
		} else {
			// Nothing arrived: the error takes the empty answer's place.
			if (!answer && !reasoning && article.querySelectorAll('pre, .refusal').length === 0) article.remove();
			addMessage('error', describe(error));
		}
	} finally {
		if (answer) history.push({role: 'assistant', content: answer});
		else history.pop();
		controller = undefined;
		setBusy(false);
		promptInput.focus();
	}
}

providerSelect.addEventListener('change', onProviderChange);
baseUrlInput.addEventListener('change', onProviderChange);
keyInput.addEventListener('input', () => {
	if (keyInput.value) sessionStorage.setItem(keyName(), keyInput.value);
	else sessionStorage.removeItem(keyName());
});
$('load-models').addEventListener('click', () => void loadModels());
temperatureInput.addEventListener('input', () => {
	temperatureValue.value = temperatureInput.value;
});
composer.addEventListener('submit', event => {
	event.preventDefault();
	const text = promptInput.value.trim();
	if (!text || controller) return;
	promptInput.value = '';
	void send(text);
});
promptInput.addEventListener('keydown', event => {
	if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
		event.preventDefault();
		composer.requestSubmit();
	}
});
stopButton.addEventListener('click', () => controller?.abort(new DOMException('Stopped by the user', 'AbortError')));
$('clear').addEventListener('click', () => {
	controller?.abort();
	history.length = 0;
	conversation.replaceChildren();
});

onProviderChange();
promptInput.focus();
