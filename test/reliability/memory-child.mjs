// Consumes a 1,000,000-event stream from the URL in argv and prints heap samples (run with --expose-gc).
const [distUrl, baseUrl, events] = process.argv.slice(2);
const {OpenaiTemplate} = await import(distUrl);
class Local extends OpenaiTemplate {
	static defaultModel = 'm';
}

globalThis.gc();
const before = process.memoryUsage().heapUsed;
let peak = 0;
let count = 0;
for await (const chunk of Local.createAsyncGenerator('', [{role: 'user', content: 'x'}], {stream: true, baseUrl})) {
	if (typeof chunk === 'string' && ++count % 100_000 === 0) {
		globalThis.gc();
		peak = Math.max(peak, process.memoryUsage().heapUsed - before);
	}
}

globalThis.gc();
console.log(JSON.stringify({count, peak, after: process.memoryUsage().heapUsed - before, events: Number(events)}));
