// Consumes a long event stream from the URL in argv and prints heap samples taken after GC (run with --expose-gc).
// argv: the library's module URL (a bundle of src/), the base URL, the number of content events, their text.
const [libraryUrl, baseUrl, events, text] = process.argv.slice(2);
const {OpenaiTemplate} = await import(libraryUrl);
class Local extends OpenaiTemplate {
	static defaultModel = 'm';
}

const heap = () => {
	globalThis.gc();
	return process.memoryUsage().heapUsed;
};

const before = heap();
const samples = [];
let count = 0;
let wrong = 0;
let finish;
for await (const chunk of Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {
	stream: true,
	baseUrl,
	// The test's answer (32 MB) is above the default ceiling (16 MiB).
	maxAnswerLength: 64 * 1024 * 1024,
})) {
	if (typeof chunk === 'string') {
		if (chunk !== text) wrong++;
		if (++count % 100_000 === 0) samples.push(heap() - before);
	} else if (chunk.type === 'finish') {
		finish = chunk.reason;
	}
}

const after = heap() - before;
console.log(
	JSON.stringify({count, wrong, finish, events: Number(events), samples, peak: Math.max(...samples, after), after}),
);
