// CPU profile of cablyai's hot path: `node bench/profile.js` (BENCH_QUICK=1 for a short one).
// A child process that loads only the cablyai client runs it against the bench server under `node --cpu-prof`;
// this script then prints the functions with the most self time, each with the src/ file it came from.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {ensureBuilt, format, machine, root, startServer, table} from './lib.js';

const events = 20_000;
const rounds = process.env.BENCH_QUICK ? 10 : 40;

if (process.argv[2] === '--child') {
	const {cablyai} = await import('./cablyai-client.js');
	for (let round = 0; round < rounds; round++) {
		const count = await cablyai(process.argv[3], {events});
		if (count !== events) throw new Error(`cablyai saw ${count} text deltas, expected ${events}`);
	}
} else {
	ensureBuilt();
	const directory = mkdtempSync(join(tmpdir(), 'cablyai-prof-'));
	const {baseURL, stop} = await startServer();
	const result = spawnSync(
		process.execPath,
		[
			'--cpu-prof',
			`--cpu-prof-dir=${directory}`,
			'--cpu-prof-interval=100',
			fileURLToPath(import.meta.url),
			'--child',
			baseURL,
		],
		{stdio: 'inherit'},
	);
	stop();
	if (result.status !== 0) process.exit(result.status ?? 1);
	const file = join(
		directory,
		readdirSync(directory).find(name => name.endsWith('.cpuprofile')),
	);
	summarize(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** For dist/index.js: the src/ file of each line (vite leaves `// src/…` markers) and of each declared name. */
function sources() {
	const lines = readFileSync(`${root}dist/index.js`, 'utf8').split('\n');
	const byLine = [];
	let current = 'dist/index.js';
	for (const line of lines) {
		const match = /^\/\/ (src\/\S+)/.exec(line);
		if (match) current = match[1];
		byLine.push(current);
	}

	// Names declared in src/ (functions, classes, methods), when only one file declares them.
	const byName = new Map();
	const walk = directory => {
		for (const entry of readdirSync(directory, {withFileTypes: true})) {
			const path = join(directory, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.name.endsWith('.ts')) {
				const text = readFileSync(path, 'utf8');
				const file = relative(root, path);
				const names = new Set();
				for (const match of text.matchAll(
					/(?:function\s*\*?\s*|class\s+)(\w+)|^\t(?:(?:static|async|override|readonly|get)\s+|\*\s*)*(#?\w+)\s*(?:\(|=\s*\()/gm,
				))
					names.add(match[1] ?? match[2]);
				for (const name of names) byName.set(name, byName.has(name) && byName.get(name) !== file ? null : file);
			}
		}
	};

	walk(join(root, 'src'));
	return {byLine, byName};
}

function where(frame, source) {
	const {url, lineNumber, functionName} = frame;
	if (url === '') return '(native / VM)';
	if (url.endsWith('/dist/index.js')) return source.byName.get(functionName) ?? source.byLine[lineNumber];
	const nodeModules = url.lastIndexOf('/node_modules/');
	if (nodeModules !== -1) {
		const parts = url.slice(nodeModules + 14).split('/');
		return `${parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/')} (${parts.at(-1)})`;
	}

	const base = pathToFileURL(root).href;
	return url.startsWith(base) ? url.slice(base.length) : url;
}

function summarize(profile, file) {
	const source = sources();
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	let total = 0;
	for (let index = 0; index < profile.samples.length; index++) {
		const delta = profile.timeDeltas[index] ?? 0;
		const node = byId.get(profile.samples[index]);
		node.selfTime = (node.selfTime ?? 0) + delta;
		total += delta;
	}

	const byFunction = new Map();
	const byPlace = new Map();
	const add = (map, key, time) => map.set(key, (map.get(key) ?? 0) + time);
	for (const node of profile.nodes) {
		if (!node.selfTime) continue;
		const frame = node.callFrame;
		const place = where(frame, source);
		add(
			byFunction,
			`${frame.functionName || '(anonymous)'}\t${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`,
			node.selfTime,
		);
		add(byPlace, frame.functionName.startsWith('(') ? frame.functionName : place, node.selfTime);
	}

	const busy = total - (byPlace.get('(idle)') ?? 0);
	const perEvent = time => format((time / (rounds * events)) * 1000, 0);
	const share = time => `${format((100 * time) / busy, 1)} %`;
	console.log(`cablyai CPU profile — ${machine()}`);
	console.log(
		`${rounds} streams × ${events.toLocaleString('en-US')} events; ${format(total / 1000, 0)} ms sampled, ${format(busy / 1000, 0)} ms not idle (shares below are of that).`,
	);
	console.log(
		`Builtins such as JSON.parse and TextDecoder's native part have no frame of their own: their time is the caller's self time.\nProfile: ${file}`,
	);
	table(
		'Self time by function (top 30)',
		['function', 'where (src/ file for dist/index.js)', 'self ms', 'share', 'ns / event'],
		[...byFunction]
			.filter(([key]) => !key.startsWith('(idle)'))
			.sort((a, b) => b[1] - a[1])
			.slice(0, 30)
			.map(([key, time]) => [...key.split('\t'), format(time / 1000, 1), share(time), perEvent(time)]),
	);
	table(
		'Self time by place',
		['place', 'self ms', 'share', 'ns / event'],
		[...byPlace]
			.filter(([key]) => key !== '(idle)')
			.sort((a, b) => b[1] - a[1])
			.slice(0, 25)
			.map(([key, time]) => [key, format(time / 1000, 1), share(time), perEvent(time)]),
	);
}
