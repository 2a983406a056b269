import {readFileSync} from 'node:fs';
import {extname} from 'node:path';
import fc from 'fast-check';
import {expect, test} from 'vitest';
import * as library from '../../src/index.js';
import {collect, sleep, mergeChunks, useServer} from '../helpers/fake-openai.js';

// Replayed as test/fixtures/README.md says: .sse as a 200 event stream, .json as a 200 JSON body
// (the 429 body as a 429), .html as a 502 page; expected.json holds what each must yield.
const directory = new URL('../fixtures/', import.meta.url);
const expected: Record<string, any[]> = JSON.parse(readFileSync(new URL('expected.json', directory), 'utf8'));
const server = useServer();

function serving(file: string): {status: number; type: string; stream: boolean} {
	switch (extname(file)) {
		case '.sse': {
			return {status: 200, type: 'text/event-stream', stream: true};
		}

		case '.html': {
			return {status: 502, type: 'text/html; charset=UTF-8', stream: true};
		}

		default: {
			return {status: file === 'openai-error-429.json' ? 429 : 200, type: 'application/json', stream: false};
		}
	}
}

async function replay(file: string, bytes: Buffer, cuts: number[]): Promise<any[]> {
	const {status, type, stream} = serving(file);
	server().setHandler(async (_request, response) => {
		response.writeHead(status, {'content-type': type});
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
	const {chunks, error} = await collect(
		library.OpenaiTemplate.createAsyncGenerator('m', [{role: 'user', content: 'x'}], {
			stream,
			baseUrl: `${server().url}/v1`,
			retry: 0,
		}),
	);
	const result: any[] = mergeChunks(chunks);
	if (error) {
		if (!(error instanceof library.ProviderError)) throw error;
		result.push({error: error.name, message: error.message});
	}

	return result;
}

/** Error entries in expected.json give a substring of the message; everything else must match exactly. */
function check(actual: any[], expectedChunks: any[]): void {
	// expected.json leaves the provider's url out: it is the origin asked, the test server's.
	const wanted = expectedChunks.map(item => (item?.type === 'provider' ? {...item, url: server().url} : item));
	const last = wanted.at(-1);
	if (last && 'error' in last) {
		expect(actual.slice(0, -1)).toEqual(wanted.slice(0, -1));
		expect(actual.at(-1)?.error).toBe(last.error);
		expect(actual.at(-1)?.message).toContain(last.messageIncludes);
	} else {
		expect(actual).toEqual(wanted);
	}
}

for (const [file, chunks] of Object.entries(expected)) {
	test(`${file}: whole, and split at random places`, async () => {
		const bytes = readFileSync(new URL(file, directory));
		check(await replay(file, bytes, []), chunks);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.nat({max: bytes.length}), {maxLength: 10}), async cuts => {
				check(await replay(file, bytes, cuts), chunks);
			}),
			{numRuns: 10},
		);
	});
}
