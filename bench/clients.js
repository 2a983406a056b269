// The clients under test. Each streams one completion from `baseURL` and returns how many text deltas it saw;
// `onText` (optional) sees each text delta as it is yielded.
import {EventSourceParserStream} from 'eventsource-parser/stream';
import OpenAI from 'openai';
import {streamText} from 'ai';
import {createOpenAICompatible} from '@ai-sdk/openai-compatible';
import {cablyai, cablyaiAlt, messages, model} from './cablyai-client.js';

const body = bench => JSON.stringify({model, messages, stream: true, bench});

async function post(baseURL, bench, signal) {
	return fetch(`${baseURL}/chat/completions`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: body(bench),
		signal,
	});
}

export const clients = {
	/** The floor: fetch, reader, TextDecoder, split on blank lines, JSON.parse. */
	async 'raw floor'(baseURL, bench, onText) {
		const response = await post(baseURL, bench);
		const reader = response.body.getReader();
		const decoder = new TextDecoder();
		let buffer = '';
		let count = 0;
		for (;;) {
			const {done, value} = await reader.read();
			if (done) return count;
			buffer += decoder.decode(value, {stream: true});
			let start = 0;
			for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
				const data = buffer.slice(start + 6, end);
				start = end + 2;
				if (data === '[DONE]') return count;
				const text = JSON.parse(data).choices[0]?.delta?.content;
				if (text) {
					count++;
					onText?.(text);
				}
			}

			buffer = buffer.slice(start);
		}
	},

	/** The parser's floor: TextDecoderStream + EventSourceParserStream + JSON.parse. */
	async 'eventsource-parser floor'(baseURL, bench, onText) {
		const response = await post(baseURL, bench);
		const reader = response.body
			.pipeThrough(new TextDecoderStream())
			.pipeThrough(new EventSourceParserStream())
			.getReader();
		let count = 0;
		for (;;) {
			const {done, value} = await reader.read();
			if (done || value.data === '[DONE]') {
				reader.cancel();
				return count;
			}

			const text = JSON.parse(value.data).choices[0]?.delta?.content;
			if (text) {
				count++;
				onText?.(text);
			}
		}
	},

	async openai(baseURL, bench, onText) {
		const client = new OpenAI({baseURL, apiKey: 'bench', maxRetries: 0});
		const stream = await client.chat.completions.create({model, messages, stream: true, bench});
		let count = 0;
		for await (const chunk of stream) {
			const text = chunk.choices[0]?.delta?.content;
			if (text) {
				count++;
				onText?.(text);
			}
		}

		return count;
	},

	async 'AI SDK'(baseURL, bench, onText) {
		const provider = createOpenAICompatible({name: 'bench', baseURL, apiKey: 'bench'});
		const result = streamText({
			model: provider.chatModel(model),
			messages,
			providerOptions: {bench: {bench}},
			maxRetries: 0,
		});
		let count = 0;
		for await (const text of result.textStream) {
			count++;
			onText?.(text);
		}

		return count;
	},

	cablyai,
};

if (cablyaiAlt) clients['cablyai (alt)'] = cablyaiAlt;
