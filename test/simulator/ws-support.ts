import { request as httpRequest } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import { signPayload, type TestKey } from './support.js';

/** Test helpers: a plain `ws` client that queues what it receives, and a clock tests move by hand. */

/** A JSON message as received. */
export type Json = Record<string, unknown>;

/** How a connection ended. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A client connection that records messages, pings and the close. */
export class TestClient {
  private readonly queue: unknown[] = [];
  private readonly waiters: { accept: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  /** Ping payloads received, in order. */
  readonly pings: string[] = [];
  /** Resolves when the connection closes. */
  readonly closed: Promise<Closed>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message: unknown = JSON.parse(data.toString('utf8'));
      const index = this.waiters.findIndex((w) => w.accept(message));
      if (index < 0) {
        this.queue.push(message);
        return;
      }
      const [waiter] = this.waiters.splice(index, 1);
      waiter!.resolve(message);
    });
    ws.on('ping', (data: Buffer) => this.pings.push(data.toString('utf8')));
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  }

  /** The next message `accept` takes (the oldest queued one first); rejects after `timeoutMs`. */
  next<T = Json>(accept: (m: Json) => boolean = () => true, timeoutMs = 3_000): Promise<T> {
    const test = (m: unknown): boolean => typeof m === 'object' && m !== null && accept(m as Json);
    const index = this.queue.findIndex(test);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const waiter = { accept: test, resolve: (m: unknown) => { clearTimeout(timer); resolve(m as T); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching message within ${timeoutMs} ms; queued: ${JSON.stringify(this.queue).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Messages received and not taken yet. */
  pending(): unknown[] {
    return [...this.queue];
  }

  /** Drops every queued message. */
  drain(): void {
    this.queue.length = 0;
  }

  /** Sends a JSON value (or raw text). */
  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** A control message reply or WebSocket API response with this `id`. */
  reply<T = Json>(id: unknown, timeoutMs?: number): Promise<T> {
    return this.next<T>((m) => m.id === id && ('result' in m || 'error' in m), timeoutMs);
  }
}

const clients = new Set<TestClient>();

/** Opens a connection and waits until it is open. */
export async function connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options);
  const client = new TestClient(ws);
  clients.add(client);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}

/** Terminates every client opened by `connect`. */
export function closeClients(): void {
  for (const client of clients) client.ws.terminate();
  clients.clear();
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A server clock tests set by hand. */
export class ManualClock {
  constructor(public time: number) {}

  now = (): number => this.time;
}

/** Adds `signature` over the parameters sorted by name with raw values, as Binance documents it. */
export function signWsParams(params: Record<string, string | number | boolean>, key: TestKey): Record<string, string | number | boolean> {
  const payload = Object.keys(params).sort().map((name) => `${name}=${String(params[name])}`).join('&');
  return { ...params, signature: signPayload(key, payload) };
}

/** The answer to an upgrade request to `path` that the server refuses (rejects if it upgrades). */
export function refusedUpgrade(restUrl: string, path: string): Promise<{ status: number; retryAfter: string | undefined; body: unknown }> {
  const url = new URL(restUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname, port: url.port, path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      }));
    });
    req.on('upgrade', () => reject(new Error('upgraded')));
    req.on('error', reject);
    req.end();
  });
}
