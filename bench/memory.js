// One client consumes one very large stream in a fresh process; prints its peak heap growth (run with --expose-gc).
import {clients} from './clients.js';

const [name, baseURL, events] = process.argv.slice(2);
globalThis.gc?.();
const baseline = process.memoryUsage().heapUsed;
let peak = 0;
const sample = () => {
	peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
};

const timer = setInterval(sample, 20);
const count = await clients[name](baseURL, {events: Number(events)}, undefined);
clearInterval(timer);
sample();
process.stdout.write(JSON.stringify({count, peak}));
