// The runtime smoke script: the same file runs on Node 22, Node 24, Bun and Deno (test/runtimes/runtimes.test.ts).
// It imports the built package by its name, as a user's code would: Node and Bun resolve `cablyai` by
// self-reference through package.json's `exports` (dist/index.js); Deno through test/runtimes/deno.json,
// an import map to dist/index.js and the local node_modules copies of ky and eventsource-parser.
// Usage: <runtime> smoke.mjs <base URL of the loopback API>. Prints one JSON report as its last line.
import * as cablyai from 'cablyai';

const {CablyAI, ProviderError, RateLimitError} = cablyai;
const [baseUrl] = typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args;
const messages = prompt => [
	{role: 'system', content: 'Be brief.'},
	{role: 'user', content: prompt},
];
const options = {apiKey: 'sk-runtime-smoke', stream: true, baseUrl, retry: 0};

const runtime =
	typeof Deno !== 'undefined'
		? {name: 'deno', version: Deno.version.deno}
		: typeof Bun !== 'undefined'
			? {name: 'bun', version: Bun.version}
			: {name: 'node', version: process.versions.node};

async function collect(prompt, extra = {}) {
	const chunks = [];
	for await (const chunk of CablyAI.createAsyncGenerator('', messages(prompt), {...options, ...extra}))
		chunks.push(chunk);
	return chunks;
}

const report = {runtime, resolved: import.meta.resolve('cablyai'), exports: Object.keys(cablyai).sort()};

// 1. A streamed answer: provider, reasoning, text, finish, usage.
report.hello = await collect('hello');

// 2. Reasoning from <think> tags and tool calls assembled from interleaved fragments.
report.tools = await collect('tools');

// 3. An HTTP error becomes its class.
try {
	await collect('limit');
	report.limit = 'no error';
} catch (error) {
	report.limit = {
		name: error?.name,
		rateLimit: error instanceof RateLimitError,
		providerError: error instanceof ProviderError,
		status: error?.status,
		retryAfter: error?.retryAfter,
		requestId: error?.requestId,
		message: String(error?.message),
	};
}

// 4. Abort mid-stream rejects with the signal's reason, and the server sees the connection close.
// Nothing is yielded after abort(), not even text that came in the same read.
const controller = new AbortController();
const reason = new Error('stopped by the smoke script');
let texts = 0;
const afterAbort = [];
try {
	for await (const chunk of CablyAI.createAsyncGenerator('', messages('long'), {
		...options,
		signal: controller.signal,
	})) {
		if (controller.signal.aborted) afterAbort.push(chunk);
		else if (typeof chunk === 'string' && ++texts === 3) controller.abort(reason);
	}

	report.abort = {outcome: 'finished without error', texts, afterAbort};
} catch (error) {
	report.abort = {
		outcome: error === reason ? 'the reason' : `other: ${error?.name}: ${error?.message}`,
		texts,
		afterAbort,
	};
}

report.abort.server = await (await fetch(`${baseUrl}/probe/long-closed`)).json();

// 5. Leaving the loop early cancels the body: the server sees the connection close.
texts = 0;
for await (const chunk of CablyAI.createAsyncGenerator('', messages('long'), options)) {
	if (typeof chunk === 'string' && ++texts === 2) break;
}

report.break = {texts, server: await (await fetch(`${baseUrl}/probe/long-closed`)).json()};

console.log(JSON.stringify(report));
