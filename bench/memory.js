// One client consumes one very large stream in a fresh process (run with --expose-gc); prints JSON:
// `peak`, the largest heap growth over the baseline seen by sampling every 10 ms (garbage not yet collected
// included), and `retained`, the live heap growth after a full GC at every tenth of the stream, which is
// flat when nothing is kept per event.
import {clients} from './clients.js';

const [name, baseURL, eventsText] = process.argv.slice(2);
const events = Number(eventsText);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const heap = () => process.memoryUsage().heapUsed;
gc();
const baseline = heap();
let peak = 0;
const sample = () => {
	peak = Math.max(peak, heap() - baseline);
};

const retained = [];
const step = Math.max(1, Math.floor(events / 10));
let seen = 0;
const timer = setInterval(sample, 10);
const count = await clients[name](baseURL, {events}, () => {
	if (++seen % step === 0) {
		sample();
		gc();
		retained.push(heap() - baseline);
	}
});
clearInterval(timer);
sample();
process.stdout.write(JSON.stringify({count, peak, retained}));
