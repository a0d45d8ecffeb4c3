import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { isLiveUrl, type BinanceEndpoints } from '../../../src/binance/environments.js';
import { keptHeaders, redactSecrets, withoutSigningParams, type RecordingWriter } from './recording-format.js';

/*
 * A recording proxy: a local server that the connector is pointed at through its documented URL
 * options (`restUrl`, `wsStreamUrl`, `wsApiUrl`), which relays every REST request and WebSocket
 * message to the real exchange unchanged and writes what it saw, credentials removed, to a
 * recording. The connector runs exactly as it would without it, so nothing in src/ knows about
 * recording.
 */

/** A running recording proxy. */
export interface RecordingProxy {
  /** URLs to give the connector in place of the exchange's. */
  readonly endpoints: BinanceEndpoints;
  /** Stops listening and closes every relayed connection. */
  close(): Promise<void>;
}

/** Answer headers that describe the relayed bytes rather than the answer, so they are not passed on. */
const HOP_HEADERS: ReadonlySet<string> = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** Request headers passed to the exchange. */
const FORWARDED_HEADERS: readonly string[] = ['x-mbx-apikey', 'content-type', 'accept'];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A WebSocket close code that may be sent on (1005 and 1006 only describe a close, they cannot be sent). */
function sendableCode(code: number): number {
  return code === 1005 || code === 1006 || code < 1000 ? 1000 : code;
}

/**
 * Starts a recording proxy on 127.0.0.1, port 0, relaying to `upstream`. Refuses a live upstream:
 * behind a loopback proxy the connector could no longer tell it trades real funds.
 */
export async function startRecordingProxy(upstream: BinanceEndpoints, writer: RecordingWriter): Promise<RecordingProxy> {
  for (const url of [upstream.restUrl, upstream.wsStreamUrl, upstream.wsApiUrl]) {
    if (isLiveUrl(url)) throw new Error(`the recording proxy relays only to the Spot Testnet, Demo Mode or this machine, not ${url}`);
  }
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const server: Server = createServer((req, res) => {
    relayRest(upstream.restUrl, writer, req, res).catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`recording proxy: ${(error as Error).message}`);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = req.url ?? '/';
    const target = path.startsWith('/ws-api/') ? `${upstream.wsApiUrl}${path.slice(path.indexOf('?') === -1 ? path.length : path.indexOf('?'))}` : `${upstream.wsStreamUrl}${path}`;
    const up = new WebSocket(target);
    const refuse = (): void => {
      socket.destroy();
    };
    up.once('error', refuse);
    up.once('unexpected-response', refuse);
    up.once('open', () => {
      up.off('error', refuse);
      wss.handleUpgrade(req, socket, head, (down) => relaySocket(down, up, path, writer, sockets));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoints: { restUrl: `http://${origin}`, wsStreamUrl: `ws://${origin}`, wsApiUrl: `ws://${origin}/ws-api/v3` },
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function relayRest(restUrl: string, writer: RecordingWriter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://proxy');
  const body = await readBody(req);
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (headers['x-mbx-apikey'] !== undefined) writer.addSecret(headers['x-mbx-apikey']);
  const method = req.method ?? 'GET';
  const answer = await fetch(`${restUrl}${url.pathname}${url.search}`, {
    method, headers, ...(body.length > 0 ? { body } : {}),
  });
  const text = await answer.text();
  const answerHeaders: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name)) answerHeaders[name] = value;
  });
  const sent = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body)]);
  const { params, signed } = withoutSigningParams(sent);
  writer.write({
    kind: 'rest', method, path: url.pathname, signed, params: params as Record<string, string>,
    status: answer.status, headers: keptHeaders(answerHeaders), body: redactSecrets(parseJson(text)),
  });
  res.writeHead(answer.status, answerHeaders).end(text);
}

function relaySocket(down: WebSocket, up: WebSocket, path: string, writer: RecordingWriter, sockets: Set<WebSocket>): void {
  sockets.add(down);
  sockets.add(up);
  const isApi = path.startsWith('/ws-api/');
  const pending = new Map<string, { id: string | number | null; method: string; params: Record<string, unknown>; signed: boolean }>();
  const text = (data: RawData): string => (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8');

  down.on('message', (data, isBinary) => {
    const message = parseJson(text(data));
    if (isApi && typeof message === 'object' && message !== null && 'method' in message) {
      const request = message as { id?: string | number | null; method: unknown; params?: Record<string, unknown> };
      const rawParams = request.params ?? {};
      if (typeof rawParams.apiKey === 'string') writer.addSecret(rawParams.apiKey);
      const { params, signed } = withoutSigningParams(rawParams);
      pending.set(JSON.stringify(request.id ?? null), { id: request.id ?? null, method: String(request.method), params, signed });
    } else {
      writer.write({ kind: 'stream', direction: 'sent', path, message: redactSecrets(message) });
    }
    up.send(data, { binary: isBinary });
  });
  up.on('message', (data, isBinary) => {
    const message = parseJson(text(data));
    const record = typeof message === 'object' && message !== null ? message as Record<string, unknown> : undefined;
    const request = isApi && record !== undefined && 'id' in record ? pending.get(JSON.stringify(record.id)) : undefined;
    if (request !== undefined && record !== undefined) {
      pending.delete(JSON.stringify(record.id));
      const { id: _id, ...response } = redactSecrets(record) as Record<string, unknown>;
      writer.write({ kind: 'ws-api', request, response: response as { status: number } });
    } else if (isApi && record !== undefined && typeof record.event === 'object' && record.event !== null) {
      writer.write({ kind: 'user-data', event: redactSecrets(record.event) as Record<string, unknown> });
    } else {
      writer.write({ kind: 'stream', direction: 'received', path, message: redactSecrets(message) });
    }
    if (down.readyState === WebSocket.OPEN) down.send(data, { binary: isBinary });
  });
  up.on('ping', (data) => {
    if (down.readyState === WebSocket.OPEN) down.ping(data);
  });
  const closeBoth = (code: number, reason: Buffer): void => {
    sockets.delete(down);
    sockets.delete(up);
    for (const socket of [down, up]) {
      if (socket.readyState === WebSocket.OPEN) socket.close(sendableCode(code), reason);
    }
  };
  down.on('close', closeBoth);
  up.on('close', closeBoth);
  down.on('error', () => up.terminate());
  up.on('error', () => down.terminate());
}
