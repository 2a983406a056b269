// Deno: Deno.serve(handler). Prints {"url"} once listening.
import {createApp} from './app.js';

declare const Deno: any;
const app = createApp(JSON.parse(Deno.env.get('CABLYAI_TEST_APP')));
Deno.serve(
	{
		port: 0,
		hostname: '127.0.0.1',
		onListen: ({port}: {port: number}) => console.log(JSON.stringify({url: `http://127.0.0.1:${port}`})),
	},
	app,
);
