// Streams a completion and aborts another through the built package; run by Node 22/24, Deno and Bun.
// Usage: <runtime> smoke-script.mjs <dist/index.js URL or path> <base URL>
const [distUrl, baseUrl] = typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args;
const {CablyAI, TimeoutError} = await import(distUrl);

let text = '';
const kinds = [];
for await (const chunk of CablyAI.createAsyncGenerator('', [{role: 'user', content: 'hi'}], {apiKey: 'sk-runtime', stream: true, baseUrl})) {
	if (typeof chunk === 'string') text += chunk;
	else kinds.push(chunk.type);
}

const controller = new AbortController();
const reason = new Error('aborted by script');
let aborted = 'no';
try {
	for await (const chunk of CablyAI.createAsyncGenerator('', [{role: 'user', content: 'slow'}], {apiKey: 'sk-runtime', stream: true, baseUrl, signal: controller.signal})) {
		if (typeof chunk === 'string') controller.abort(reason);
	}
} catch (error) {
	aborted = error === reason ? 'reason' : `other: ${String(error)}`;
}

console.log(JSON.stringify({text, kinds, aborted, timeoutClass: typeof TimeoutError}));
