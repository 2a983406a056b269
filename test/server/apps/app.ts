// The application every runtime serves in test/server: several handlers, one per base path, in front of the test
// upstreams (test/helpers/fake-openai.ts). Bundled with esbuild per runtime (apps/*.ts), so it runs the library's source.
import {IterListProvider, OpenaiTemplate} from '../../../src/index.js';
import {createHandler} from '../../../src/server/index.js';

export interface AppConfig {
	/** Base URL of the upstream that answers. */
	upstream: string;
	/** Base URL of the upstream that answers every request with HTTP 500. */
	broken: string;
	key: string;
	brokenKey: string;
	token: string;
	/** Password in the URL of the /creds/v1 provider. */
	urlPassword: string;
}

/** The handlers by base path; anything else goes to the first one (`/v1`), which answers 404. */
export function createApp(config: AppConfig): (request: Request) => Promise<Response> {
	class Upstream extends OpenaiTemplate {
		static override get name() {
			return 'Upstream';
		}

		static override url = 'https://upstream.example/chat';
		static override apiBase = `${config.upstream}/v1`;
		static override needsAuth = true;
		static override defaultModel = 'test-model';
		static override models = ['test-model', 'big-model'];
		static override modelAliases = {'test-alias': 'test-model'};
	}

	class Broken extends OpenaiTemplate {
		static override get name() {
			return 'Broken';
		}

		static override url = 'https://broken.example/chat';
		static override apiBase = `${config.broken}/v1`;
		static override needsAuth = true;
		static override defaultModel = 'test-model';
	}

	class WithCredentials extends Upstream {
		static override get name() {
			return 'WithCredentials';
		}

		static override apiBase = `${config.upstream.replace('://', `://user:${config.urlPassword}@`)}/v1`;
	}

	// No model list: any model id goes upstream (clients whose default model is not one of the test's, such as the
	// Agents SDK's).
	class AnyModel extends Upstream {
		static override get name() {
			return 'AnyModel';
		}

		static override models: string[] = [];
	}

	const fast = {retry: 0};
	const handlers: Array<[string, (request: Request) => Promise<Response>]> = [
		// A short keep-alive: workerd notices a client that went away only when it writes to it.
		[
			'/v1/',
			createHandler({
				public: true,
				provider: Upstream,
				apiKey: config.key,
				allowOrigins: ['https://app.example'],
				upstream: fast,
				keepAlive: 200,
			}),
		],
		[
			'/secure/v1/',
			createHandler({
				provider: Upstream,
				apiKey: {Upstream: config.key},
				accessToken: config.token,
				models: ['test-model'],
				basePath: '/secure/v1',
				upstream: fast,
			}),
		],
		[
			'/fn/v1/',
			createHandler({
				provider: Upstream,
				apiKey: config.key,
				accessToken: request => request.headers.get('x-pass') === 'yes',
				basePath: '/fn/v1',
			}),
		],
		[
			'/fallback/v1/',
			createHandler({
				public: true,
				provider: new IterListProvider([Broken, Upstream]),
				apiKey: {Broken: config.brokenKey, Upstream: config.key},
				basePath: '/fallback/v1',
				upstream: fast,
			}),
		],
		[
			'/timeout/v1/',
			createHandler({
				public: true,
				provider: Upstream,
				apiKey: config.key,
				basePath: '/timeout/v1',
				upstream: {timeout: 400, retry: 0},
			}),
		],
		[
			'/creds/v1/',
			createHandler({
				public: true,
				provider: WithCredentials,
				apiKey: config.key,
				basePath: '/creds/v1',
				upstream: fast,
			}),
		],
		[
			'/any/v1/',
			createHandler({
				public: true,
				provider: Upstream,
				apiKey: config.key,
				allowOrigins: '*',
				basePath: '/any/v1',
				upstream: fast,
			}),
		],
		[
			'/open/v1/',
			createHandler({
				provider: AnyModel,
				apiKey: config.key,
				accessToken: config.token,
				basePath: '/open/v1',
				upstream: fast,
			}),
		],
		// A field of the upstream's own that clients may send, passed on as sent.
		[
			'/passthrough/v1/',
			createHandler({
				public: true,
				provider: Upstream,
				apiKey: config.key,
				basePath: '/passthrough/v1',
				upstream: fast,
				passThrough: ['web_search_options'],
			}),
		],
		// Every default (keep-alive interval included), as the README's examples run.
		['/plain/v1/', createHandler({public: true, provider: Upstream, apiKey: config.key, basePath: '/plain/v1'})],
		['/retrying/v1/', createHandler({public: true, provider: Upstream, apiKey: config.key, basePath: '/retrying/v1'})],
	];
	return async request => {
		const {pathname} = new URL(request.url);
		const [, handler] = handlers.find(([prefix]) => pathname.startsWith(prefix)) ?? handlers[0]!;
		return handler(request);
	};
}
