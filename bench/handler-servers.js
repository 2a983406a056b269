// The two proxies of the handler section, served by srvx in the measuring process (so their CPU time adds to
// the client's, as a handler's work adds to a request's): `/proxy/v1` passes the upstream body through untouched,
// `/handler/v1` is cablyai/server's createHandler in front of the same upstream.
import {serve} from 'srvx';
import {CablyAI} from '../dist/index.js';
import {createHandler} from '../dist/server.js';

/** Starts both proxies in front of `upstreamURL` (…/v1); resolves to their base URLs and `close()`. */
export async function startProxies(upstreamURL) {
	const handler = createHandler({
		public: true,
		provider: CablyAI,
		apiKey: 'bench',
		basePath: '/handler/v1',
		upstream: {baseUrl: upstreamURL, retry: 0},
	});
	const passThrough = async request => {
		const path = new URL(request.url).pathname.slice('/proxy/v1'.length);
		const upstream = await fetch(`${upstreamURL}${path}`, {
			method: request.method,
			headers: {'content-type': 'application/json', authorization: 'Bearer bench'},
			body: await request.text(),
			signal: request.signal,
		});
		return new Response(upstream.body, {
			status: upstream.status,
			headers: {'content-type': upstream.headers.get('content-type') ?? 'text/event-stream'},
		});
	};

	const server = serve({
		port: 0,
		hostname: '127.0.0.1',
		silent: true,
		fetch: request => (new URL(request.url).pathname.startsWith('/proxy/') ? passThrough(request) : handler(request)),
	});
	await server.ready();
	const origin = server.url.replace(/\/+$/, '');
	return {proxyURL: `${origin}/proxy/v1`, handlerURL: `${origin}/handler/v1`, close: async () => server.close(true)};
}

/** The request body that makes the bench server stream `events` content events, understood through both proxies. */
export const benchBody = (events, extra = {}) =>
	JSON.stringify({
		model: 'bench-model',
		messages: [{role: 'user', content: 'Hello'}],
		stream: true,
		metadata: {bench: JSON.stringify({events})},
		...extra,
	});

/**
A client that parses nothing: it reads the body and counts events (blank lines), the same work whichever proxy it
reads. Returns the number of events.
*/
export async function drain(baseURL, events) {
	const response = await fetch(`${baseURL}/chat/completions`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: benchBody(events),
	});
	if (!response.ok) throw new Error(`${baseURL}: HTTP ${response.status} ${await response.text()}`);
	const reader = response.body.getReader();
	let count = 0;
	let last = 0;
	for (;;) {
		const {done, value} = await reader.read();
		if (done) return count;
		for (let index = value.indexOf(10); index !== -1; index = value.indexOf(10, index + 1)) {
			if ((index === 0 ? last : value[index - 1]) === 10) count++;
		}

		last = value.at(-1);
	}
}
