// npm run bench: cablyai side by side with the alternatives, in one run. Speed is compared as ratios
// within this run (the machine is shared and noisy), never asserted in tests.
import {execFileSync, fork} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/index.js`)) execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'});

const {clients} = await import('./clients.js');
const {bundleSizes} = await import('./bundles.js');
const quick = Boolean(process.env.BENCH_QUICK);
const settings = quick
	? {events: 5000, rounds: 3, bigStream: 100_000, streams: 50, streamEvents: 500, latencyEvents: 100}
	: {events: 20_000, rounds: 9, bigStream: 1_000_000, streams: 200, streamEvents: 2000, latencyEvents: 400};
const names = Object.keys(clients);

const server = fork(fileURLToPath(new URL('server.js', import.meta.url)), [], {stdio: 'inherit'});
const port = await new Promise(resolve => server.once('message', message => resolve(message.port)));
const baseURL = `http://127.0.0.1:${port}/v1`;

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const format = (value, digits = 2) => value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});

function table(title, header, rows) {
	console.log(`\n${title}\n`);
	console.log(`| ${header.join(' | ')} |`);
	console.log(`| ${header.map(() => '---').join(' | ')} |`);
	for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

async function check(name, count, expected) {
	if (count !== expected) throw new Error(`${name} saw ${count} text deltas, expected ${expected}`);
}

console.log(`cablyai benchmark — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}${quick ? ' (BENCH_QUICK)' : ''}`);

// 1. Throughput: alternating rounds after a warm-up.
const times = Object.fromEntries(names.map(name => [name, []]));
for (let round = -2; round < settings.rounds; round++) {
	const order = round % 2 === 0 ? names : [...names].reverse();
	for (const name of order) {
		const start = performance.now();
		await check(name, await clients[name](baseURL, {events: settings.events}), settings.events);
		if (round >= 0) times[name].push(performance.now() - start);
	}
}

const perEvent = Object.fromEntries(names.map(name => [name, median(times[name]) * 1000 / settings.events]));
table(`Throughput: ${settings.events.toLocaleString('en-US')} events per stream, median of ${settings.rounds} rounds`,
	['client', 'median ms', 'µs / event', 'events / s', '× parser floor', '× openai'],
	names.map(name => [name, format(median(times[name]), 1), format(perEvent[name]), format(1e6 / perEvent[name], 0), format(perEvent[name] / perEvent['eventsource-parser floor']), format(perEvent[name] / perEvent.openai)]));

// 2. Memory: one very large stream per client, each in a fresh process.
const memory = {};
for (const name of names) {
	const output = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('memory.js', import.meta.url)), name, baseURL, String(settings.bigStream)], {encoding: 'utf8', maxBuffer: 1 << 20});
	memory[name] = JSON.parse(output);
	await check(name, memory[name].count, settings.bigStream);
}

table(`Memory: peak heap growth consuming one ${settings.bigStream.toLocaleString('en-US')}-event stream (fresh process each)`,
	['client', 'peak heap growth MB'],
	names.map(name => [name, format(memory[name].peak / 1024 / 1024)]));

// 3. Concurrency: many parallel streams.
const concurrency = {};
for (const name of names) {
	const start = performance.now();
	const counts = await Promise.all(Array.from({length: settings.streams}, async () => clients[name](baseURL, {events: settings.streamEvents})));
	concurrency[name] = performance.now() - start;
	for (const count of counts) await check(name, count, settings.streamEvents);
}

table(`Concurrency: ${settings.streams} parallel streams × ${settings.streamEvents.toLocaleString('en-US')} events`,
	['client', 'total ms', '× parser floor'],
	names.map(name => [name, format(concurrency[name], 0), format(concurrency[name] / concurrency['eventsource-parser floor'])]));

// 4. Latency: from the server writing an event to the client yielding it (one event every 5 ms).
const latency = {};
for (const name of names) {
	const delays = [];
	await clients[name](baseURL, {events: settings.latencyEvents, mode: 'latency', gap: 5}, text => {
		delays.push(performance.timeOrigin + performance.now() - Number(text));
	});
	latency[name] = delays.slice(10);
}

table('Latency: event written → chunk yielded (one event every 5 ms)',
	['client', 'median ms', 'p99 ms'],
	names.map(name => [name, format(median(latency[name]), 3), format(percentile(latency[name], 0.99), 3)]));

// 5. Bundle size of a minimal browser "stream one completion".
const bundles = await bundleSizes();
table('Bundle size: minimal "stream one completion" browser bundle (esbuild, minified)',
	['bundle', 'min KB', 'min+gzip KB'],
	Object.entries(bundles).map(([name, {min, gzip}]) => [name, format(min / 1024), format(gzip / 1024)]));

const floor = bundles['ky + eventsource-parser alone'].gzip;
const targets = [
	['per-event time ≤ 1.15 × eventsource-parser floor', perEvent.cablyai <= 1.15 * perEvent['eventsource-parser floor'], `${format(perEvent.cablyai / perEvent['eventsource-parser floor'])}×`],
	['per-event time ≤ 0.5 × openai', perEvent.cablyai <= 0.5 * perEvent.openai, `${format(perEvent.cablyai / perEvent.openai)}×`],
	['per-event time ≤ 0.5 × AI SDK', perEvent.cablyai <= 0.5 * perEvent['AI SDK'], `${format(perEvent.cablyai / perEvent['AI SDK'])}×`],
	// Peak heap growth includes garbage not yet collected: "flat" means no worse than the parser floor's.
	['flat memory on the large stream (≤ parser floor + 2 MB)', memory.cablyai.peak <= memory['eventsource-parser floor'].peak + 2 * 1024 * 1024, `${format(memory.cablyai.peak / 1024 / 1024)} MB`],
	['min+gzip ≤ ky + eventsource-parser + 2.5 KB', bundles.cablyai.gzip <= floor + 2560, `+${format((bundles.cablyai.gzip - floor) / 1024)} KB`],
];
table('Targets (issue 7), as ratios within this run', ['target', 'met', 'measured'], targets.map(([name, met, value]) => [name, met ? 'yes' : 'no', value]));

server.kill();
