import { WebSocket } from 'ws';

/** Opens a WebSocket and closes it at once: proves the URL accepts connections. Resolves with the time taken, in ms. */
export function probeWebSocket(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    socket.once('open', () => {
      socket.close(1000);
      resolve(Math.round(performance.now() - started));
    });
    socket.once('error', (error) => {
      socket.terminate();
      reject(error);
    });
  });
}
