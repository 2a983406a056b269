// Reading the handler's answers in test/server: server-sent events, and every response kept for the secret check.

/** The `data:` payloads of an event stream: parsed JSON, or the string `[DONE]`. Comment lines (keep-alive) are skipped, as clients do. */
export function events(text: string): any[] {
	return text
		.split('\n\n')
		.filter(block => block.split('\n').some(line => line.startsWith('data:')))
		.map(block => {
			const data = block
				.split('\n')
				.filter(line => line.startsWith('data:'))
				.map(line => line.slice(5).trimStart())
				.join('\n');
			return data === '[DONE]' ? data : JSON.parse(data);
		});
}

/** The deltas of the chunk events, merging adjacent reasoning (how `<think>` text splits depends on reads). */
export function deltas(list: any[]): any[] {
	const result: any[] = [];
	for (const event of list) {
		if (event === '[DONE]' || event.error) {
			result.push(event);
			continue;
		}

		const [choice] = event.choices;
		const item = choice
			? {...choice.delta, ...(choice.finish_reason ? {finish_reason: choice.finish_reason} : {})}
			: {usage: event.usage};
		const last = result.at(-1);
		if (
			item.reasoning_content !== undefined &&
			Object.keys(item).length === 1 &&
			last?.reasoning_content !== undefined &&
			Object.keys(last).length === 1
		)
			last.reasoning_content += item.reasoning_content;
		else result.push(item);
	}

	return result;
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json(): any;
	events(): any[];
}

/** Every answer of a test file, headers included, for the check that none holds a secret. */
export const answers: Array<{what: string; text: string}> = [];

/** fetch against the app; the whole answer is read and kept. */
export async function call(url: string, init: RequestInit & {json?: unknown} = {}): Promise<Answer> {
	const {json, ...rest} = init;
	const response = await fetch(url, {
		method: json === undefined ? (rest.method ?? 'GET') : (rest.method ?? 'POST'),
		...rest,
		headers:
			json === undefined
				? rest.headers
				: {'content-type': 'application/json', ...(rest.headers as Record<string, string>)},
		body: json === undefined ? rest.body : JSON.stringify(json),
	});
	const text = await response.text();
	answers.push({
		what: `${init.method ?? (json === undefined ? 'GET' : 'POST')} ${url}`,
		text: `${response.status} ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`,
	});
	return {
		status: response.status,
		headers: response.headers,
		text,
		json: () => JSON.parse(text),
		events: () => events(text),
	};
}

export const user = (content: string) => [{role: 'user', content}];
