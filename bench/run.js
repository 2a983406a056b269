// npm run bench: cablyai side by side with the alternatives users would pick, in one run, printing a table per
// section. Speed is compared as ratios within the run (machines are shared and noisy), never asserted in tests.
//   BENCH_QUICK=1            a short run (smaller streams, fewer rounds)
//   BENCH_SECTIONS=a,b       only some of: throughput, requests, memory, concurrency, latency, bundles, handler, answers
//   BENCH_CABLYAI_ALT=path   also run "cablyai (alt)" from another build's dist/index.js (to compare a patch)
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {ensureBuilt, format, machine, median, monotonicMs, percentile, startServer, table} from './lib.js';

ensureBuilt();
const {clients} = await import('./clients.js');
const {bundleSizes} = await import('./bundles.js');
const {drain, startProxies} = await import('./handler-servers.js');
const {requestClients} = await import('./requests.js');
const quick = Boolean(process.env.BENCH_QUICK);
const settings = quick
	? {
			events: 5000,
			warmup: 2,
			rounds: 5,
			bigStream: 100_000,
			streams: 50,
			streamEvents: 500,
			latencyEvents: 100,
			gap: 5,
			handlerStreams: 1000,
			handlerStreamEvents: 100,
			requestEvents: 5,
			requestsPerRound: 100,
			requestRounds: 3,
		}
	: {
			events: 20_000,
			warmup: 3,
			rounds: 15,
			bigStream: 1_000_000,
			streams: 200,
			streamEvents: 2000,
			latencyEvents: 400,
			gap: 5,
			handlerStreams: 1000,
			handlerStreamEvents: 500,
			requestEvents: 5,
			requestsPerRound: 300,
			requestRounds: 9,
		};
const sections = new Set(
	(process.env.BENCH_SECTIONS ?? 'throughput,requests,memory,concurrency,latency,bundles,handler,answers')
		.split(',')
		.map(name => name.trim()),
);
const floor = 'eventsource-parser floor';
const names = Object.keys(clients);
const started = performance.now();

const {baseURL, stop} = await startServer();
process.on('exit', stop);

function check(name, count, expected) {
	if (count !== expected) throw new Error(`${name} saw ${count} text deltas, expected ${expected}`);
}

const ratio = (value, base) => `${format(value / base)}×`;
console.log(`cablyai benchmark${quick ? ' (BENCH_QUICK)' : ''}\n${machine()}`);
const results = {};

// 1. Throughput: every client streams the same pre-rendered stream, in alternating order, round after round.
if (sections.has('throughput')) {
	const times = Object.fromEntries(names.map(name => [name, []]));
	for (let round = -settings.warmup; round < settings.rounds; round++) {
		for (const name of round % 2 === 0 ? names : [...names].reverse()) {
			const start = performance.now();
			const count = await clients[name](baseURL, {events: settings.events});
			const time = performance.now() - start;
			check(name, count, settings.events);
			if (round >= 0) times[name].push(time);
		}
	}

	const perEvent = Object.fromEntries(names.map(name => [name, (median(times[name]) * 1000) / settings.events]));
	// The same ratio taken within each round, then the median: less sensitive to the machine's drift.
	const paired = name => median(times[name].map((time, round) => time / times[floor][round]));
	results.throughput = {perEvent, paired};
	table(
		`Throughput: one stream of ${settings.events.toLocaleString('en-US')} content events (+ finish, usage, [DONE]), median of ${settings.rounds} alternating rounds after ${settings.warmup} warm-up`,
		['client', 'median ms', 'µs / event', 'events / s', '× parser floor', '× parser floor, per round', '× openai'],
		names.map(name => [
			name,
			format(median(times[name]), 1),
			format(perEvent[name]),
			format(1e6 / perEvent[name], 0),
			ratio(perEvent[name], perEvent[floor]),
			ratio(paired(name), 1),
			ratio(perEvent[name], perEvent.openai),
		]),
	);
}

// 1b. Per request: many short streamed completions back to back (a gateway's load, every time to first token).
if (sections.has('requests')) {
	const requestNames = Object.keys(requestClients);
	const kyFloor = 'ky.post + eventsource-parser';
	const fetchFloor = 'fetch + eventsource-parser';
	const perRequest = Object.fromEntries(requestNames.map(name => [name, []]));
	for (let round = -settings.warmup; round < settings.requestRounds; round++) {
		for (const name of round % 2 === 0 ? requestNames : [...requestNames].reverse()) {
			const start = performance.now();
			for (let index = 0; index < settings.requestsPerRound; index++) {
				check(name, await requestClients[name](baseURL, {events: settings.requestEvents}), settings.requestEvents);
			}

			if (round >= 0) perRequest[name].push(((performance.now() - start) * 1000) / settings.requestsPerRound);
		}
	}

	// Each round's ratio to that round's ky floor, then the median: less sensitive to the machine's drift.
	const paired = name => median(perRequest[name].map((time, round) => time / perRequest[kyFloor][round]));
	results.requests = {
		perRequest: Object.fromEntries(requestNames.map(name => [name, median(perRequest[name])])),
		paired,
	};
	table(
		`Per request: ${settings.requestsPerRound} streamed completions of ${settings.requestEvents} content events back to back, per round; median of ${settings.requestRounds} alternating rounds after ${settings.warmup} warm-up`,
		[
			'client',
			'median µs / request',
			'min µs',
			'max µs',
			'× fetch + parser',
			'× ky + parser',
			'× ky + parser, per round',
		],
		requestNames.map(name => [
			name,
			format(median(perRequest[name]), 0),
			format(Math.min(...perRequest[name]), 0),
			format(Math.max(...perRequest[name]), 0),
			ratio(median(perRequest[name]), median(perRequest[fetchFloor])),
			ratio(median(perRequest[name]), median(perRequest[kyFloor])),
			ratio(paired(name), 1),
		]),
	);
}

// 2. Memory: one very large stream per client, each in a fresh process.
if (sections.has('memory')) {
	const memory = {};
	for (const name of names) {
		const output = execFileSync(
			process.execPath,
			['--expose-gc', fileURLToPath(new URL('memory.js', import.meta.url)), name, baseURL, String(settings.bigStream)],
			{encoding: 'utf8', maxBuffer: 1 << 20},
		);
		memory[name] = JSON.parse(output);
		check(name, memory[name].count, settings.bigStream);
	}

	const mb = bytes => format(bytes / 2 ** 20);
	results.memory = memory;
	table(
		`Memory: consuming one ${settings.bigStream.toLocaleString('en-US')}-event stream, fresh process per client (heap growth over the start, MB)`,
		[
			'client',
			'peak (sampled every 10 ms)',
			'live after GC at 10 %',
			'live after GC at 100 %',
			'live growth 10 % → 100 %',
		],
		names.map(name => {
			const {peak, retained} = memory[name];
			return [name, mb(peak), mb(retained[0]), mb(retained.at(-1)), mb(retained.at(-1) - retained[0])];
		}),
	);
}

// 3. Concurrency: many parallel streams at once.
if (sections.has('concurrency')) {
	const concurrency = {};
	for (const name of names) {
		const start = performance.now();
		const counts = await Promise.all(
			Array.from({length: settings.streams}, async () => clients[name](baseURL, {events: settings.streamEvents})),
		);
		concurrency[name] = performance.now() - start;
		for (const count of counts) check(name, count, settings.streamEvents);
	}

	results.concurrency = concurrency;
	const total = settings.streams * settings.streamEvents;
	table(
		`Concurrency: ${settings.streams} parallel streams × ${settings.streamEvents.toLocaleString('en-US')} events`,
		['client', 'total ms', 'events / s', '× parser floor', '× openai'],
		names.map(name => [
			name,
			format(concurrency[name], 0),
			format((total * 1000) / concurrency[name], 0),
			ratio(concurrency[name], concurrency[floor]),
			ratio(concurrency[name], concurrency.openai),
		]),
	);
}

// 4. Latency: the server stamps each event with its write time on the machine's monotonic clock.
if (sections.has('latency')) {
	const latency = {};
	for (const name of names) {
		const delays = [];
		const count = await clients[name](
			baseURL,
			{events: settings.latencyEvents, mode: 'latency', gap: settings.gap},
			text => {
				delays.push(monotonicMs() - Number(text));
			},
		);
		check(name, count, settings.latencyEvents);
		latency[name] = delays.slice(10); // The first events also measure the connection's start.
	}

	results.latency = latency;
	table(
		`Latency: event written by the server → chunk yielded to the caller (one event every ${settings.gap} ms, ${settings.latencyEvents} events)`,
		['client', 'median ms', 'p90 ms', 'p99 ms', 'max ms'],
		names.map(name => [
			name,
			format(median(latency[name]), 3),
			format(percentile(latency[name], 0.9), 3),
			format(percentile(latency[name], 0.99), 3),
			format(Math.max(...latency[name]), 3),
		]),
	);
}

// 5. Bundle size of a minimal browser "stream one completion".
if (sections.has('bundles')) {
	const bundles = await bundleSizes();
	const base = bundles['ky + eventsource-parser alone'];
	results.bundles = {cablyai: bundles.cablyai, base};
	table(
		'Bundle size: minimal "stream one completion" browser bundle (esbuild, minified; gzip level 9)',
		['bundle', 'min KB', 'min+gzip KB', 'min+gzip vs ky + eventsource-parser'],
		Object.entries(bundles).map(([name, {min, gzip}]) => [
			name,
			format(min / 1024),
			format(gzip / 1024),
			`${gzip >= base.gzip ? '+' : ''}${format((gzip - base.gzip) / 1024)} KB`,
		]),
	);
}

// 6. The server handler (cablyai/server): the same upstream stream read (a) directly by the cablyai client, (b) through a
// bare pass-through proxy, (c) through createHandler; (b) and (c) are read by a client that only counts events, and
// both proxies run in this process, so their work adds up with the client's as it would on one server core.
if (sections.has('handler')) {
	const {proxyURL, handlerURL, close} = await startProxies(baseURL);
	const paths = {
		'(a) cablyai client → upstream': async () => clients.cablyai(baseURL, {events: settings.events}),
		'(b) bare pass-through proxy': async () => (await drain(proxyURL, settings.events)) - 3,
		'(c) through createHandler': async () => (await drain(handlerURL, settings.events)) - 3,
	};
	const pathNames = Object.keys(paths);
	const times = Object.fromEntries(pathNames.map(name => [name, []]));
	for (let round = -settings.warmup; round < settings.rounds; round++) {
		for (const name of round % 2 === 0 ? pathNames : [...pathNames].reverse()) {
			const start = performance.now();
			const count = await paths[name]();
			const time = performance.now() - start;
			check(name, count, settings.events);
			if (round >= 0) times[name].push(time);
		}
	}

	await close();
	const perEvent = Object.fromEntries(pathNames.map(name => [name, (median(times[name]) * 1000) / settings.events]));
	const [a, b, c] = pathNames.map(name => perEvent[name]);
	// Per round, (c) over that round's (a) + (b): less sensitive to the machine's drift.
	const paired = median(
		times[pathNames[2]].map((time, round) => time / (times[pathNames[0]][round] + times[pathNames[1]][round])),
	);
	const memory = {};
	for (const which of ['proxy', 'handler']) {
		for (const streams of [100, settings.handlerStreams]) {
			const output = execFileSync(
				process.execPath,
				[
					'--expose-gc',
					fileURLToPath(new URL('handler-memory.js', import.meta.url)),
					which,
					baseURL,
					String(streams),
					String(settings.handlerStreamEvents),
				],
				{encoding: 'utf8', maxBuffer: 1 << 20},
			);
			memory[`${which} ${streams}`] = {streams, ...JSON.parse(output)};
			check(`${which} × ${streams}`, memory[`${which} ${streams}`].count, streams * (settings.handlerStreamEvents + 3));
		}
	}

	results.handler = {a, b, c, paired, memory};
	table(
		`Handler (cablyai/server): one stream of ${settings.events.toLocaleString('en-US')} content events, median of ${settings.rounds} alternating rounds after ${settings.warmup} warm-up`,
		['path', 'median ms', 'µs / event', 'events / s'],
		pathNames.map(name => [
			name,
			format(median(times[name]), 1),
			format(perEvent[name]),
			format(1e6 / perEvent[name], 0),
		]),
	);
	const mb = bytes => format(bytes / 2 ** 20);
	table(
		`Handler memory: concurrent streams of ${settings.handlerStreamEvents} events through each proxy (served in a fresh process with its clients; growth over the start)`,
		['proxy', 'streams', 'peak heap MB', 'peak heap KB / stream', 'peak RSS MB'],
		Object.entries(memory).map(([name, {streams, peak, rss}]) => [
			name.split(' ')[0] === 'proxy' ? 'bare pass-through' : 'createHandler',
			streams.toLocaleString('en-US'),
			mb(peak),
			format(peak / streams / 1024, 1),
			mb(rss),
		]),
	);
}

// 7. One long answer (issue 20): the handler's heap per stream, and a client that keeps nothing, each in a fresh process.
if (sections.has('answers')) {
	const answers = [];
	for (const which of ['handler', 'client']) {
		for (const megabytes of quick ? [1, 10] : [1, 10, 100]) {
			const output = execFileSync(
				process.execPath,
				['--expose-gc', fileURLToPath(new URL('answer-memory.js', import.meta.url)), which, String(megabytes)],
				{encoding: 'utf8', maxBuffer: 1 << 20},
			);
			answers.push({megabytes, ...JSON.parse(output)});
		}
	}

	results.answers = answers;
	const mb = bytes => format(bytes / 2 ** 20);
	table(
		'One long answer (100-character events), fresh process each: live heap over the start after a full GC at each twentieth of the upstream text, MB',
		['path', 'answer MB', 'ended with', 'at 5 %', 'largest', 'largest − at 5 %'],
		answers.map(({which, megabytes, end, samples}) => [
			which === 'handler' ? 'createHandler stream' : 'client keeping nothing',
			String(megabytes),
			end.length > 40 ? `${end.slice(0, 40)}…` : end,
			mb(samples[0]),
			mb(Math.max(...samples)),
			mb(Math.max(...samples) - samples[0]),
		]),
	);
}

// Issue 7's targets, judged within this run.
const targets = [];
if (results.throughput) {
	const {perEvent, paired} = results.throughput;
	targets.push(
		[
			'median per-event time ≤ 1.15 × eventsource-parser floor',
			perEvent.cablyai <= 1.15 * perEvent[floor],
			`${ratio(perEvent.cablyai, perEvent[floor])} (per round: ${ratio(paired('cablyai'), 1)})`,
		],
		[
			'median per-event time ≤ 0.5 × openai',
			perEvent.cablyai <= 0.5 * perEvent.openai,
			ratio(perEvent.cablyai, perEvent.openai),
		],
		[
			'median per-event time ≤ 0.5 × AI SDK',
			perEvent.cablyai <= 0.5 * perEvent['AI SDK'],
			ratio(perEvent.cablyai, perEvent['AI SDK']),
		],
	);
}

if (results.requests) {
	const {perRequest, paired} = results.requests;
	const kyFloor = perRequest['ky.post + eventsource-parser'];
	targets.push([
		'per request (issue 21): cablyai ≤ 1.05 × ky.post + eventsource-parser',
		perRequest.cablyai <= 1.05 * kyFloor,
		`${ratio(perRequest.cablyai, kyFloor)} (per round: ${ratio(paired('cablyai'), 1)}; ${format(perRequest.cablyai, 0)} vs ${format(kyFloor, 0)} µs)`,
	]);
}

if (results.memory) {
	const {retained, peak} = results.memory.cablyai;
	const growth = retained.at(-1) - retained[0];
	targets.push([
		'flat memory: live heap grows < 1 MB from 10 % to 100 % of the large stream',
		growth < 2 ** 20,
		`${format(growth / 2 ** 20)} MB (peak ${format(peak / 2 ** 20)} MB)`,
	]);
}

if (results.bundles) {
	const {cablyai, base} = results.bundles;
	targets.push([
		'min+gzip ≤ ky + eventsource-parser + 2.5 KB',
		cablyai.gzip <= base.gzip + 2560,
		`${cablyai.gzip >= base.gzip ? '+' : ''}${format((cablyai.gzip - base.gzip) / 1024)} KB`,
	]);
}

if (results.handler) {
	const {a, b, c, paired, memory} = results.handler;
	targets.push([
		'handler (issue 14): (c) ≤ 1.3 × ((a) + (b)) per event',
		c <= 1.3 * (a + b),
		`${format(c / (a + b))}× (per round: ${format(paired)}×; (a) ${format(a)} + (b) ${format(b)} µs, (c) ${format(c)} µs)`,
	]);
	const small = memory['handler 100'];
	const large = memory[`handler ${settings.handlerStreams}`];
	const perStream = stats => stats.peak / stats.streams;
	targets.push([
		`handler memory flat per stream: ${settings.handlerStreams.toLocaleString('en-US')} streams ≤ 1.5 × the per-stream peak of 100`,
		perStream(large) <= 1.5 * perStream(small),
		`${format(perStream(large) / 1024, 1)} KB vs ${format(perStream(small) / 1024, 1)} KB per stream (${format(large.peak / 2 ** 20)} MB peak)`,
	]);
}

if (results.answers) {
	const streams = results.answers.filter(answer => answer.which === 'handler');
	const growth = Math.max(...streams.map(({samples}) => Math.max(...samples) - samples[0]));
	targets.push([
		`handler heap per stream flat within 1 MB for a ${streams.map(answer => answer.megabytes).join(', ')} MB answer (issue 20)`,
		growth < 2 ** 20 && streams.every(answer => answer.end === '[DONE]'),
		`${format(growth / 2 ** 20)} MB at most from the first twentieth to the largest`,
	]);
}

if (targets.length > 0)
	table(
		'Targets (issues 7, 14, 20 and 21), judged within this run',
		['target', 'met', 'measured'],
		targets.map(([name, met, value]) => [name, met ? 'yes' : 'no', value]),
	);
console.log(
	`\n${((performance.now() - started) / 1000).toFixed(0)} s in all. Reproduce: npm ci && npm run bench (BENCH_QUICK=1 for a short run).`,
);
// The server child keeps the event loop alive; stop it (and so the process) once the tables are out.
stop();
process.exit(0);
