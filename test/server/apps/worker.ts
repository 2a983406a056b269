// Cloudflare Workers (workerd through miniflare): export default {fetch}. The configuration is a binding, as
// secrets are in Workers, so the handler is made on the first request.
import {type AppConfig, createApp} from './app.js';

let app: ((request: Request) => Promise<Response>) | undefined;
export default {
	async fetch(request: Request, env: {CONFIG: string}): Promise<Response> {
		app ??= createApp(JSON.parse(env.CONFIG) as AppConfig);
		return app(request);
	},
};
