import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** A WebSocket API front on port 0 that forwards to the simulator's and can refuse user-data subscriptions. */
export interface WsApiProxy {
  /** `ws://127.0.0.1:<port>/ws-api/v3`, for `--ws-api-url`. */
  readonly url: string;
  /** From now on, answer every `userDataStream.subscribe*` request with Binance's -1000 unknown error. */
  failSubscriptions(): void;
  /** Closes every client connection, as a network drop would. */
  dropClients(): void;
  close(): Promise<void>;
}

/** The error Binance answers for an unknown failure (-1000), as the WebSocket API sends it. */
export const UNKNOWN_ERROR = { code: -1000, msg: 'An unknown error occurred while processing the request.' };

/** Starts a forwarding WebSocket API front in front of `upstreamUrl`. */
export async function startWsApiProxy(upstreamUrl: string): Promise<WsApiProxy> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  let failing = false;
  server.on('connection', (client) => {
    const upstream = new WebSocket(upstreamUrl);
    const queued: RawData[] = [];
    upstream.on('open', () => {
      for (const data of queued.splice(0)) upstream.send(data);
    });
    upstream.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    upstream.on('close', () => client.terminate());
    upstream.on('error', () => client.terminate());
    client.on('message', (data) => {
      const request = JSON.parse(data.toString()) as { id?: unknown; method?: unknown };
      if (failing && typeof request.method === 'string' && request.method.startsWith('userDataStream.subscribe')) {
        client.send(JSON.stringify({ id: request.id, status: 400, error: UNKNOWN_ERROR }));
        return;
      }
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data);
      else queued.push(data);
    });
    client.on('close', () => upstream.terminate());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws-api/v3`,
    failSubscriptions: () => {
      failing = true;
    },
    dropClients: () => {
      for (const client of server.clients) client.terminate();
    },
    close: () => new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    }),
  };
}
