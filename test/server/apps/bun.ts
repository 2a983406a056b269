// Bun: Bun.serve({fetch: handler}). Prints {"url"} once listening.
import {createApp} from './app.js';

declare const Bun: any;
const server = Bun.serve({port: 0, hostname: '127.0.0.1', fetch: createApp(JSON.parse(process.env.CABLYAI_TEST_APP!))});
console.log(JSON.stringify({url: `http://127.0.0.1:${server.port}`}));
