import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {OpenaiTemplate, type Chunk} from '../../src/index.js';
import {collect, sleep, startServer, type TestServer, mergeChunks} from '../helpers/server.js';

class Recorded extends OpenaiTemplate {
	static override defaultModel = 'm';
}

const directory = new URL('../fixtures/', import.meta.url);
const expected: Record<string, Chunk[]> = JSON.parse(readFileSync(new URL('expected.json', directory), 'utf8'));
let server: TestServer;
beforeAll(async () => {
	server = await startServer(() => undefined);
});
afterAll(async () => server.close());

async function replay(bytes: Buffer, cuts: number[]): Promise<Chunk[]> {
	server.setHandler(async (_request, response) => {
		response.writeHead(200, {'content-type': 'text/event-stream'});
		response.socket?.setNoDelay(true);
		let start = 0;
		for (const cut of [...cuts.filter(cut => cut > 0 && cut < bytes.length).sort((a, b) => a - b), bytes.length]) {
			if (cut <= start) continue;
			response.write(bytes.subarray(start, cut));
			start = cut;
			await sleep(0);
		}

		response.end();
	});
	const {chunks, error} = await collect(Recorded.createAsyncGenerator('', [{role: 'user', content: 'x'}], {stream: true, baseUrl: `${server.url}/v1`}));
	if (error) throw error;
	return mergeChunks(chunks);
}

for (const [file, chunks] of Object.entries(expected)) {
	test(`${file}: whole, and split at random places`, async () => {
		const bytes = readFileSync(new URL(file, directory));
		expect(await replay(bytes, [])).toEqual(chunks);
		await fc.assert(fc.asyncProperty(fc.array(fc.nat({max: bytes.length}), {maxLength: 10}), async cuts => {
			expect(await replay(bytes, cuts)).toEqual(chunks);
		}), {numRuns: 15});
	});
}
