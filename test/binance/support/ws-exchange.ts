import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifySignature, type VerifyKey } from '../../../src/simulator/rest/signature.js';
import { wsApiSignaturePayload, type ParamValue } from '../../../src/spec/binance/signature.js';

/** One connection the server accepted. */
export interface WsConnection {
  readonly kind: 'market' | 'api';
  readonly url: string;
  readonly socket: WebSocket;
  /** Market: streams carried now. */
  readonly streams: Set<string>;
  /** API: user-data subscription id, when subscribed. */
  subscriptionId: number | undefined;
  /** Text frames received, parsed. */
  readonly received: Record<string, unknown>[];
}

/** A WebSocket API request as received. */
export interface ApiRequest {
  id: unknown;
  method: string;
  params: Record<string, ParamValue>;
  connection: WsConnection;
}

/** What an API handler answers: a full frame (minus id), or undefined for the defaults; `silent` sends nothing. */
export type ApiReply = { status: number; result?: unknown; error?: { code: number; msg: string; data?: { retryAfter?: number } }; rateLimits?: unknown[] } | 'silent' | undefined;

/** A local server speaking Binance's stream framing (`/stream`, `/ws`) and WebSocket API (`/ws-api/v3`) on port 0. */
export interface WsExchange {
  readonly origin: string;
  readonly apiUrl: string;
  readonly connections: WsConnection[];
  /** Every market control message (`SUBSCRIBE`, `UNSUBSCRIBE`) with its connection index, in order. */
  readonly control: { connection: number; method: string; params: string[]; id: unknown }[];
  /** API requests, in order. */
  readonly requests: ApiRequest[];
  /** Answers API requests first; undefined falls back to the defaults. */
  onApiRequest: (req: ApiRequest) => ApiReply | Promise<ApiReply>;
  /** When false, the server answers no SUBSCRIBE. */
  ackSubscriptions: boolean;
  /** Sends `{"stream","data"}` on every open connection carrying `stream`. */
  publish(stream: string, data: unknown): number;
  /** Sends a user-data event to every subscribed API connection. */
  pushUserEvent(event: Record<string, unknown>): number;
  /** Open connections of a kind. */
  open(kind: 'market' | 'api'): WsConnection[];
  /** Terminates every connection (a network drop). */
  dropAll(): void;
  /** Resolves when `predicate` holds. */
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link WsExchange}; API signatures are checked with `verifyKey` when given. */
export async function startWsExchange(options: { verifyKey?: VerifyKey } = {}): Promise<WsExchange> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let nextSubscription = 0;
  const server: WsExchange = {
    origin: '',
    apiUrl: '',
    connections: [],
    control: [],
    requests: [],
    onApiRequest: () => undefined,
    ackSubscriptions: true,
    publish(stream, data) {
      let sent = 0;
      for (const c of server.open('market')) {
        if (!c.streams.has(stream)) continue;
        c.socket.send(JSON.stringify({ stream, data }));
        sent += 1;
      }
      return sent;
    },
    pushUserEvent(event) {
      let sent = 0;
      for (const c of server.open('api')) {
        if (c.subscriptionId === undefined) continue;
        c.socket.send(JSON.stringify({ subscriptionId: c.subscriptionId, event }));
        sent += 1;
      }
      return sent;
    },
    open: (kind) => server.connections.filter((c) => c.kind === kind && c.socket.readyState === c.socket.OPEN),
    dropAll() {
      for (const c of server.connections) c.socket.terminate();
    },
    async until(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };

  const defaultApi = (req: ApiRequest): Exclude<ApiReply, undefined> => {
    const signed = req.params.signature !== undefined;
    if (signed && options.verifyKey !== undefined) {
      const valid = verifySignature(options.verifyKey, wsApiSignaturePayload(req.params), String(req.params.signature));
      if (!valid) return { status: 400, error: { code: -1022, msg: 'Signature for this request is not valid.' } };
    }
    switch (req.method) {
      case 'userDataStream.subscribe.signature':
      case 'userDataStream.subscribe':
        req.connection.subscriptionId = nextSubscription++;
        return { status: 200, result: { subscriptionId: req.connection.subscriptionId } };
      case 'session.logon':
        return { status: 200, result: { apiKey: req.params.apiKey } };
      case 'userDataStream.unsubscribe':
        req.connection.subscriptionId = undefined;
        return { status: 200, result: {} };
      default:
        return { status: 400, error: { code: -1000, msg: `unknown method ${req.method}` } };
    }
  };

  wss.on('connection', (socket, request) => {
    const url = request.url ?? '/';
    const parsed = new URL(url, 'ws://localhost');
    const kind = parsed.pathname.startsWith('/ws-api') ? 'api' : 'market';
    const connection: WsConnection = { kind, url, socket, streams: new Set(), subscriptionId: undefined, received: [] };
    for (const stream of (parsed.searchParams.get('streams') ?? '').split('/')) if (stream !== '') connection.streams.add(stream);
    server.connections.push(connection);
    const index = server.connections.length - 1;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      connection.received.push(message);
      if (kind === 'market') {
        const method = String(message.method);
        const params = (message.params ?? []) as string[];
        server.control.push({ connection: index, method, params, id: message.id });
        if (method === 'SUBSCRIBE') for (const s of params) connection.streams.add(s);
        if (method === 'UNSUBSCRIBE') for (const s of params) connection.streams.delete(s);
        if (method !== 'SUBSCRIBE' || server.ackSubscriptions) socket.send(JSON.stringify({ result: null, id: message.id }));
        return;
      }
      const req: ApiRequest = { id: message.id, method: String(message.method), params: (message.params ?? {}) as Record<string, ParamValue>, connection };
      server.requests.push(req);
      void (async () => {
        const reply = (await server.onApiRequest(req)) ?? defaultApi(req);
        if (reply === 'silent' || socket.readyState !== socket.OPEN) return;
        socket.send(JSON.stringify({ id: req.id, ...reply }));
      })();
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  Object.assign(server, { origin: `ws://127.0.0.1:${port}`, apiUrl: `ws://127.0.0.1:${port}/ws-api/v3` });
  return server;
}
