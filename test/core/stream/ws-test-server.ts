import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A real local WebSocket server on port 0 that records what happens on it, in order. */
export interface TestServer {
  readonly url: string;
  readonly wss: WebSocketServer;
  /** Server-side sockets, in connection order (index 0 is connection 1). */
  readonly sockets: WebSocket[];
  /** Request URLs of the accepted connections. */
  readonly requestUrls: string[];
  /** `connect:N`, `msg:N:text`, `ping:N`, `close:N:code`, in the order the server saw them. */
  readonly log: string[];
  /** When false, upgrades are refused with HTTP 503. */
  accept: boolean;
  /** Called for each new connection with its 1-based number. */
  onConnection: (socket: WebSocket, n: number) => void;
  /** Called for each message received. */
  onMessage: (socket: WebSocket, text: string, n: number) => void;
  /** Resolves when the server has `count` connections in total. */
  waitForConnections(count: number): Promise<WebSocket>;
  /** Resolves when `predicate` holds for the log. */
  waitForLog(predicate: (log: readonly string[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link TestServer}; with `autoPong: false` it leaves pings unanswered. */
export async function startTestServer(options: { autoPong?: boolean } = {}): Promise<TestServer> {
  const waiters: (() => void)[] = [];
  const notify = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  const until = async (check: () => boolean): Promise<void> => {
    while (!check()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const server: TestServer = {
    url: '',
    wss: new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      autoPong: options.autoPong ?? true,
      verifyClient: (_info, done) => done(server.accept, 503),
    }),
    sockets: [],
    requestUrls: [],
    log: [],
    accept: true,
    onConnection: () => undefined,
    onMessage: () => undefined,
    async waitForConnections(count) {
      await until(() => server.sockets.length >= count);
      return server.sockets[count - 1] as WebSocket;
    },
    waitForLog: (predicate) => until(() => predicate(server.log)),
    async close() {
      for (const socket of server.wss.clients) socket.terminate();
      await new Promise<void>((resolve) => server.wss.close(() => resolve()));
    },
  };
  server.wss.on('connection', (socket, request) => {
    server.sockets.push(socket);
    server.requestUrls.push(request.url ?? '');
    const n = server.sockets.length;
    server.log.push(`connect:${n}`);
    socket.on('message', (data) => {
      const text = String(data);
      server.log.push(`msg:${n}:${text}`);
      server.onMessage(socket, text, n);
      notify();
    });
    socket.on('ping', () => {
      server.log.push(`ping:${n}`);
      notify();
    });
    socket.on('close', (code) => {
      server.log.push(`close:${n}:${code}`);
      notify();
    });
    server.onConnection(socket, n);
    notify();
  });
  await once(server.wss, 'listening');
  const { port } = server.wss.address() as AddressInfo;
  return Object.assign(server, { url: `ws://127.0.0.1:${port}` });
}

/** Resolves with the next payload passed to a listener registered through `on`. */
export function nextEvent<T>(on: (listener: (payload: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = on((payload) => {
      off();
      resolve(payload);
    });
  });
}
