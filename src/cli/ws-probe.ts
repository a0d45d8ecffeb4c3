/** Opens a WebSocket and closes it at once: proves the URL accepts connections. Resolves with the time taken, in ms. */
export async function probeWebSocket(url: string, timeoutMs: number): Promise<number> {
  // Loaded here: only the doctor needs a WebSocket client, and every other command starts faster without it.
  const { WebSocket } = await import('ws');
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
