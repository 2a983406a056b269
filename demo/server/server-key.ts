// Server-key mode of `npm run demo`: when the environment holds a provider key, the Vite dev server mounts
// cablyai/server's handler at /api/v1, so the page streams through it with no key in the browser.
import {NodeRequest, sendNodeResponse} from 'srvx/node';
import type {Connect, Plugin} from 'vite';
import {
	CablyAI,
	DeepInfra,
	DeepSeek,
	Groq,
	IterListProvider,
	Mistral,
	OpenAI,
	OpenRouter,
	Together,
} from '../../src/index.js';
import {createHandler} from '../../src/server/index.js';

/** Environment variables the demo reads keys from, and the provider each key is for. */
export const serverKeyVariables = {
	CABLYAI_API_KEY: CablyAI,
	OPENAI_API_KEY: OpenAI,
	OPENROUTER_API_KEY: OpenRouter,
	GROQ_API_KEY: Groq,
	DEEPINFRA_API_KEY: DeepInfra,
	TOGETHER_API_KEY: Together,
	DEEPSEEK_API_KEY: DeepSeek,
	MISTRAL_API_KEY: Mistral,
} as const;

/** Where the page finds the handler (the page probes `${serverKeyPath}/models`). */
export const serverKeyPath = '/api/v1';

type Environment = Readonly<Record<string, string | undefined>>;

/**
The handler for the keys in `environment`, or undefined when there is none. Several keys make a fallback list in the
order above. `CABLYAI_DEMO_UPSTREAM` sends every upstream request to another base URL (tests point it at a loopback
server).
*/
export function serverKeyHandler(environment: Environment): ((request: Request) => Promise<Response>) | undefined {
	const found = Object.entries(serverKeyVariables).flatMap(([variable, provider]) => {
		const key = environment[variable]?.trim();
		return key ? [{provider, key}] : [];
	});
	const [first] = found;
	if (!first) return undefined;
	const apiKey = Object.fromEntries(found.map(({provider, key}) => [provider.label ?? provider.name, key]));
	const upstream = environment.CABLYAI_DEMO_UPSTREAM;
	return createHandler({
		provider: found.length === 1 ? first.provider : new IterListProvider(found.map(({provider}) => provider)),
		apiKey,
		// The page is the client and cannot keep a token; the dev server listens on 127.0.0.1 only (vite.config.ts).
		public: true,
		basePath: '/v1',
		upstream: upstream ? {baseUrl: upstream} : undefined,
	});
}

/** The Vite plugin: mounts the handler under /api when a key is set (dev server and preview). */
export function serverKeyMode(environment: Environment = process.env): Plugin {
	const handler = serverKeyHandler(environment);
	const mount = (middlewares: Connect.Server) => {
		if (!handler) return;
		// Connect strips the mount path, so the handler sees /v1/…; srvx turns Node's request into a fetch Request.
		middlewares.use('/api', (request, response, next) => {
			handler(new NodeRequest({req: request, res: response})).then(
				async answer => sendNodeResponse(response, answer),
				next,
			);
		});
	};

	return {
		name: 'cablyai-server-key-mode',
		configureServer(server) {
			mount(server.middlewares);
		},
		configurePreviewServer(server) {
			mount(server.middlewares);
		},
	};
}
