// Peak memory with many concurrent streams through one proxy, in a fresh process (run with --expose-gc):
// node bench/handler-memory.js <handler|proxy> <upstream …/v1> <streams> <events per stream>. Prints JSON:
// `peak` (largest heap growth over the baseline, sampled every 10 ms), `rss` (largest RSS growth), `count`.
import {drain, startProxies} from './handler-servers.js';

const [which, upstreamURL, streamsText, eventsText] = process.argv.slice(2);
const streams = Number(streamsText);
const events = Number(eventsText);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const proxies = await startProxies(upstreamURL);
const url = which === 'handler' ? proxies.handlerURL : proxies.proxyURL;
// Warm both paths (connection pools, JIT) before the baseline.
await drain(url, 10);
gc();
const heap = () => process.memoryUsage().heapUsed;
const baseHeap = heap();
const baseRss = process.memoryUsage.rss();
let peak = 0;
let rss = 0;
const sample = () => {
	peak = Math.max(peak, heap() - baseHeap);
	rss = Math.max(rss, process.memoryUsage.rss() - baseRss);
};

const timer = setInterval(sample, 10);
const counts = await Promise.all(Array.from({length: streams}, async () => drain(url, events)));
clearInterval(timer);
sample();
await proxies.close();
process.stdout.write(JSON.stringify({peak, rss, count: counts.reduce((sum, count) => sum + count, 0)}));
process.exit(0);
