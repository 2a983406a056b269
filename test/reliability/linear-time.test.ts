import {expect, test} from 'vitest';
import {ResponseError, ResponseStatusError} from '../../src/index.js';
import {ThinkTagSplitter} from '../../src/core/parse/think-tag-splitter.js';
import {answer, run, useFaultServer} from './fault-server.js';

// Issue 15: work on server text is linear. A regex that backtracks over the rest of the text from every start, or a
// buffer re-scanned on every delta, lets one response block the event loop for minutes: no abort, no timer, no other
// request runs. Each case here took seconds to minutes before the fix.

const server = useFaultServer();
const kib = 1024;

/** An HTML error page made of `<title` repeated: `<title[^>]*>` ran to the end of the text from each one. */
const titles = (size: number) => `<!DOCTYPE html><html>${'<title'.repeat(Math.ceil(size / 6))}`;

function elapsed(work: () => unknown): number {
	const started = performance.now();
	work();
	return performance.now() - started;
}

// 256 KiB took about 8 s before the fix, 1 MiB about 135 s.
for (const size of [256 * kib, 1024 * kib]) {
	test(`an HTML error page of ${size / kib} KiB made of '<title' is described at once (ReDoS in describeHtml)`, async () => {
		const started = performance.now();
		const {error} = await run(server(), answer(502, titles(size), {'content-type': 'text/html'}));
		expect(error).toBeInstanceOf(ResponseStatusError);
		expect(error.message).toBe('Local: HTTP 502 Bad Gateway: HTML page');
		expect(performance.now() - started).toBeLessThan(2000);
	});

	test(`an \`event: error\` of ${size / kib} KiB made of '<title' is described at once`, async () => {
		const started = performance.now();
		const {error} = await run(
			server(),
			answer(200, `event: error\ndata: ${titles(size)}\n\n`, {'content-type': 'text/event-stream'}),
		);
		expect(error).toBeInstanceOf(ResponseError);
		expect(error.message).toBe('Local: HTML page');
		expect(performance.now() - started).toBeLessThan(2000);
	});
}

test('a title is still found in a normal page, and a Cloudflare page is still named as such', async () => {
	const page = `<!DOCTYPE html><html><head><title data-x="1">example.com | 502: Bad gateway</title></head><body>cf-ray: 8a${'<p>x</p>'.repeat(20_000)}</body></html>`;
	const {error} = await run(server(), answer(502, page, {'content-type': 'text/html'}));
	expect(error.message).toBe('Local: HTTP 502 Bad Gateway: Cloudflare error page: example.com | 502: Bad gateway');
});

test('200,000 newline deltas before the answer are handled at once (leading whitespace was re-scanned on every delta)', () => {
	const feed = (deltas: number) => {
		const splitter = new ThinkTagSplitter();
		const out: string[] = [];
		const take = (items: Array<string | {text: string}>) => {
			for (const item of items) out.push(typeof item === 'string' ? item : `R:${item.text}`);
		};

		for (let index = 0; index < deltas; index++) take(splitter.push('\n'));
		take(splitter.push('answer'));
		take(splitter.flush());
		return out.join('');
	};

	// What comes out is unchanged: the whitespace, then the answer, as text.
	expect(feed(3)).toBe('\n\n\nanswer');
	// About 20 s before the fix (quadratic); milliseconds now. The bound only catches the quadratic case.
	let out = '';
	expect(
		elapsed(() => {
			out = feed(200_000);
		}),
	).toBeLessThan(2000);
	expect(out).toBe(`${'\n'.repeat(200_000)}answer`);
});

test('a <think> block after a long run of whitespace deltas is still reasoning', () => {
	const splitter = new ThinkTagSplitter();
	const text: string[] = [];
	const reasoning: string[] = [];
	const take = (items: Array<string | {text: string}>) => {
		for (const item of items) {
			if (typeof item === 'string') text.push(item);
			else reasoning.push(item.text);
		}
	};

	for (let index = 0; index < 1000; index++) take(splitter.push(' \n'));
	for (const piece of ['<th', 'ink>', 'hmm', '</think>', '\n\nyes']) take(splitter.push(piece));
	expect(reasoning.join('')).toBe('hmm');
	expect(text.join('')).toBe('yes');
});
