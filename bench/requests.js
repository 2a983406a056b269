// The per-request section: what a gateway under many short requests (and every time to first token) pays per call.
// Each client streams a 5-event completion (+ finish, usage, [DONE]), many times back to back on one keep-alive
// loopback connection, and the time per request is compared with the stack's floors: fetch + eventsource-parser,
// and ky.post + eventsource-parser (what cablyai sends and reads with).
import {EventSourceParserStream} from 'eventsource-parser/stream';
import ky from 'ky';
import OpenAI from 'openai';
import {cablyai, messages, model} from './cablyai-client.js';

/** Reads an event stream to `[DONE]` with eventsource-parser; returns how many text deltas it saw. */
async function countDeltas(body) {
	const reader = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
	let count = 0;
	for (;;) {
		const {done, value} = await reader.read();
		if (done || value.data === '[DONE]') {
			reader.cancel();
			return count;
		}

		if (JSON.parse(value.data).choices[0]?.delta?.content) count++;
	}
}

// One OpenAI client per base URL, made once, as an application keeps it; cablyai has no client object to keep.
const openaiClients = new Map();

export const requestClients = {
	async 'fetch + eventsource-parser'(baseURL, bench) {
		const response = await fetch(`${baseURL}/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'application/json', authorization: 'Bearer bench'},
			body: JSON.stringify({model, messages, stream: true, bench}),
		});
		return countDeltas(response.body);
	},

	async 'ky.post + eventsource-parser'(baseURL, bench) {
		const response = await ky.post(`${baseURL}/chat/completions`, {
			json: {model, messages, stream: true, bench},
			headers: {authorization: 'Bearer bench'},
		});
		return countDeltas(response.body);
	},

	cablyai,

	async openai(baseURL, bench) {
		let client = openaiClients.get(baseURL);
		if (!client) {
			client = new OpenAI({baseURL, apiKey: 'bench', maxRetries: 0});
			openaiClients.set(baseURL, client);
		}

		const stream = await client.chat.completions.create({model, messages, stream: true, bench});
		let count = 0;
		for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) count++;
		return count;
	},
};
