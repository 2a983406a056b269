// Node: the handler served through srvx, as the README shows. Prints {"url"} once listening.
import {serve} from 'srvx';
import {createApp} from './app.js';

const server = serve({
	fetch: createApp(JSON.parse(process.env.CABLYAI_TEST_APP!)),
	port: 0,
	hostname: '127.0.0.1',
	silent: true,
});
await server.ready();
console.log(JSON.stringify({url: server.url}));
