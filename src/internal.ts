// The private entry the core and cablyai/server share, built into dist/internal.js (the chunk dist/index.js re-exports
// from): the server reuses the core's helpers instead of copying them. Not in package.json `exports`: nothing here is API.
export {keepNothing} from './core/context.js';
export {modelIdOf} from './core/request/models.js';
export {keyFor, providerName} from './core/request/provider.js';
export {removeSecrets} from './utils/redact.js';
export {bodyField, bodyOptions} from './core/request/body.js';
export {ChatResultBuilder} from './core/chat-result.js';
export {roles} from './core/request/validate-input.js';
