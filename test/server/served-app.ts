// One suite's app (apps/app.ts) served in a runtime in front of the fake upstream (test/helpers/fake-openai.ts):
// started before the suite's tests, stopped after them. The suites that point clients at the handler share it.
import {afterAll, beforeAll} from 'vitest';
import type {AppConfig} from './apps/app.js';
import {type Runtime, runtimes, type Served} from './serve.js';
import {type FakeOpenai, startFakeOpenai} from '../helpers/fake-openai.js';

/** Node through srvx: where a suite runs unless it names a runtime. */
export const node = runtimes.find(runtime => runtime.name.startsWith('Node')) as Runtime;

/** What runs for a suite; set before its first test. */
export interface ServedApp {
	/** The fake upstream the app's providers call. */
	upstream: FakeOpenai;
	/** The app's upstream URLs, keys, access token and URL password, named after the suite. */
	config: AppConfig;
	served: Served;
	/** The token-protected handler's base URL (`/secure/v1`), as OpenAI clients take it. */
	baseURL: string;
}

export interface ServeAppOptions {
	/** Where the app runs. @default node */
	runtime?: Runtime;
	/** The app's `Broken` provider calls an upstream of its own that answers every request with 500. @default false: the same upstream */
	broken?: boolean;
}

/** Serves the app for the suite (or `describe`) it is called in; credentials end in `-${tag}`. */
export function serveApp(tag: string, {runtime = node, broken = false}: ServeAppOptions = {}): ServedApp {
	const app = {} as ServedApp;
	let brokenUpstream: FakeOpenai | undefined;
	beforeAll(async () => {
		app.upstream = await startFakeOpenai();
		brokenUpstream = broken ? await startFakeOpenai({broken: true}) : undefined;
		app.config = {
			upstream: app.upstream.url,
			broken: (brokenUpstream ?? app.upstream).url,
			key: `sk-upstream-${tag}`,
			brokenKey: `sk-broken-${tag}`,
			token: `proxy-token-${tag}`,
			urlPassword: `pw-${tag}`,
		};
		app.served = await runtime.start(app.config);
		app.baseURL = `${app.served.url}/secure/v1`;
	}, 30_000);
	afterAll(async () => {
		await app.served?.close();
		await app.upstream?.close();
		await brokenUpstream?.close();
	});
	return app;
}
