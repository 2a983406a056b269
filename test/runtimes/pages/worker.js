// A module Web Worker (test/runtimes/chromium.test.ts): streams one completion with dist/cablyai.min.js and
// posts the chunks back. In a worker the library must also send only CORS-safe headers.
import {CablyAI} from '/dist/cablyai.min.js';

self.addEventListener('message', async ({data: {base, prompt}}) => {
	const chunks = [];
	try {
		for await (const chunk of CablyAI.createAsyncGenerator('', [{role: 'user', content: prompt}], {
			apiKey: 'sk-browser',
			stream: true,
			baseUrl: base,
			retry: 0,
		}))
			chunks.push(chunk);
		self.postMessage({chunks});
	} catch (error) {
		self.postMessage({chunks, error: `${error?.name}: ${error?.message}`});
	}
});
