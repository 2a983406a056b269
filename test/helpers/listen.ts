import type {Server} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';

/**
Starts `server` on a free port of 127.0.0.1, keeping track of its connections so that `close()` ends at once, even
with keep-alive or streaming connections still open.
*/
export async function listenOnLoopback(server: Server): Promise<{url: string; close(): Promise<void>}> {
	const sockets = new Set<Socket>();
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise(done => server.close(done));
		},
	};
}
