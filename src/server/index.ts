// cablyai/server: an OpenAI-compatible endpoint in front of any provider, so keys stay off the page.
// Built as dist/server.js, which imports the core from dist/index.js; nothing in the core imports this.
export {createHandler, type HandlerOptions, type UpstreamOptions} from './create-handler.js';
export {toServerSentEvents, type ServerSentEventsOptions} from './to-server-sent-events.js';
export {HttpError, type WireError} from './errors.js';
export type {AccessToken} from './access.js';
export type {AllowOrigins} from './cors.js';
export type {ServedProvider} from './models.js';
