// Heap of one long answer, in a fresh process (run with --expose-gc):
//   node --expose-gc bench/answer-memory.js <handler|client> <megabytes> [module URL …]
// `handler`: createHandler streams the answer to a reader that counts bytes (the server's heap per stream);
// `client`: createAsyncGenerator, consumed by a loop that keeps nothing. The upstream is a `fetch` that generates
// the event stream as it is read (100 characters of text an event), so the process holds nothing but the path under
// test. Prints JSON: `samples`, the live heap over the start after a full GC at every twentieth of the upstream's text;
// `text`, the characters sent; `end`, how the reader saw the answer end (`[DONE]`, or the error's name and message).
// The modules (default: ../dist/index.js and ../dist/server.js) together export OpenaiTemplate and createHandler.
const [which, megabytesText, ...moduleUrls] = process.argv.slice(2);
const total = Number(megabytesText) * 1e6;
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const modules = moduleUrls.length > 0 ? moduleUrls : ['../dist/index.js', '../dist/server.js'];
const {createHandler, OpenaiTemplate} = Object.assign(
	{},
	...(await Promise.all(modules.map(async url => import(url)))),
);

class Upstream extends OpenaiTemplate {
	static label = 'Upstream';
	static apiBase = 'http://upstream.test/v1';
	static defaultModel = 'm';
}

const piece = 'x'.repeat(100);
const perBlock = 100;
const encoder = new TextEncoder();
const event = text => `data: {"choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`;
const block = encoder.encode(event(piece).repeat(perBlock));
const tail = encoder.encode('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
const heap = () => {
	gc();
	return process.memoryUsage().heapUsed;
};

let baseline = 0;
let samples = [];
/** A fetch whose answer is `characters` of text, generated as it is read; samples the heap at every twentieth. */
function upstreamFetch(characters, sample) {
	return async () => {
		let sent = 0;
		let next = characters / 20;
		const body = new ReadableStream(
			{
				pull(controller) {
					if (sent >= characters) {
						controller.enqueue(tail.slice());
						controller.close();
						return;
					}

					controller.enqueue(block.slice());
					sent += piece.length * perBlock;
					if (sample && sent >= next) {
						next += characters / 20;
						samples.push(heap() - baseline);
					}
				},
			},
			{highWaterMark: 0},
		);
		return new Response(body, {headers: {'content-type': 'text/event-stream'}});
	};
}

/** One answer of `characters` through the path measured; resolves to how it ended. */
async function run(characters, sample) {
	const fetch = upstreamFetch(characters, sample);
	if (which === 'client') {
		try {
			for await (const chunk of Upstream.createAsyncGenerator('m', [{role: 'user', content: 'x'}], {
				stream: true,
				fetch,
				retry: 0,
			})) {
				// Kept nowhere.
				void chunk;
			}

			return '[DONE]';
		} catch (error) {
			return `${error.name}: ${error.message}`;
		}
	}

	const handler = createHandler({provider: Upstream, apiKey: 'k', accessToken: 'token', upstream: {fetch, retry: 0}});
	const response = await handler(
		new Request('http://server.test/v1/chat/completions', {
			method: 'POST',
			headers: {'content-type': 'application/json', authorization: 'Bearer token'},
			body: JSON.stringify({model: 'm', messages: [{role: 'user', content: 'x'}], stream: true}),
		}),
	);
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let last = '';
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		last = (last + decoder.decode(read.value, {stream: true})).slice(-2000);
	}

	return last.endsWith('data: [DONE]\n\n') ? '[DONE]' : last.slice(last.lastIndexOf('data: '));
}

// A small answer first, so that compiled code and pools are in place before the baseline.
await run(1e5, false);
baseline = heap();
samples = [];
const end = await run(total, true);
process.stdout.write(JSON.stringify({which, text: total, end, samples, after: heap() - baseline}));
