// The benchmark's loopback server, run in its own process so it never competes with the clients' event loop.
// POST /v1/chat/completions with {bench: {events, mode}} (or {metadata: {bench: '{"events":…}'}}) in the body:
//   mode "bulk": `events` pre-rendered chunks written as fast as the socket takes them;
//   mode "latency": one chunk every `gap` ms, its content the send time on the machine's monotonic clock (lib.js).
import {createServer} from 'node:http';
import {monotonicMs} from './lib.js';

const model = 'bench-model';
const render = delta =>
	`data: ${JSON.stringify({id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model, choices: [{index: 0, delta, finish_reason: null}]})}\n\n`;
const tail =
	`data: ${JSON.stringify({id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model, choices: [{index: 0, delta: {}, finish_reason: 'stop'}]})}\n\n` +
	`data: ${JSON.stringify({id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: {prompt_tokens: 10, completion_tokens: 1, total_tokens: 11}})}\n\n` +
	'data: [DONE]\n\n';

// Pre-rendered blocks of 1,000 events (realistic short tokens), reused for any count.
const block = Buffer.from(Array.from({length: 1000}, (_, index) => render({content: ` tok${index % 100}`})).join(''));
const single = Buffer.from(render({content: ' tok'}));
const tailBytes = Buffer.from(tail);

async function writeAll(response, buffer) {
	if (!response.write(buffer)) await new Promise(resolve => response.once('drain', resolve));
}

const server = createServer((request, response) => {
	const parts = [];
	request.on('data', part => parts.push(part));
	request.on('end', async () => {
		if (request.url.endsWith('/models')) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({data: [{id: model}]}));
			return;
		}

		// The handler passes only the fields an OpenAI client may set: through it, the settings come as `metadata.bench`.
		const body = JSON.parse(Buffer.concat(parts).toString() || '{}');
		const bench = body.bench ?? (body.metadata?.bench ? JSON.parse(body.metadata.bench) : {});
		const events = bench.events ?? 1000;
		response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'});
		if (bench.mode === 'latency') {
			response.socket.setNoDelay(true);
			for (let index = 0; index < events && !response.destroyed; index++) {
				response.write(render({content: String(monotonicMs())}));
				await new Promise(resolve => setTimeout(resolve, bench.gap ?? 5));
			}
		} else {
			let sent = 0;
			for (; sent + 1000 <= events && !response.destroyed; sent += 1000) await writeAll(response, block);
			for (; sent < events && !response.destroyed; sent++) await writeAll(response, single);
		}

		response.end(tailBytes);
	});
});
// Idle keep-alive sockets stay open (0: no timeout). The measuring process blocks in execFileSync while the memory
// and handler-memory sections run in child processes (over a minute with openai 7 and ai 7), so its fetch cannot
// retire idle sockets meanwhile; a server that closed them after 60 s made the next section's fetch fail with
// "other side closed".
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => process.send?.({port: server.address().port}));
process.on('disconnect', () => process.exit(0));
