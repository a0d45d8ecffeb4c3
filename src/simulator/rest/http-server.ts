import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { authenticateSigned } from './auth.js';
import { EncodedBody } from './encoded-body.js';
import type { Exchange } from '../exchange.js';
import { controlRequest } from '../control/control-api.js';
import { Params } from './params.js';
import { findRoute, runRoute } from './routes.js';
import { isSimError, SimError } from '../sim-error.js';
import { toMicroseconds, wantsMicroseconds } from './time-unit.js';
import type { TimerHandle } from '../../core/clock.js';

/**
 * The REST front: a plain node:http server. One pipeline for every request — faults, routing,
 * weight, authentication, handler — and one place where thrown SimErrors become Binance's
 * `{code,msg}` responses with the weight headers.
 */

const MAX_BODY_BYTES = 1_000_000;

/** The simulator's own answer to the listenKey endpoints Binance removed on 2026-02-20 (Binance has no text for it). */
const USER_DATA_STREAM_GONE = 'The listenKey user data stream was removed; use the WebSocket API userDataStream.subscribe.';

interface Reply {
  status: number;
  body: unknown;
  /** The body already encoded as JSON bytes, sent instead of `body`. */
  json?: Buffer;
  headers: Record<string, string>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answered, then the connection is closed: destroying the request here would leave the client with no answer.
        reject(new SimError(413, BinanceErrorCode.UNKNOWN, 'Request body too large.', { Connection: 'close' }));
        request.removeAllListeners('data');
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.destroyed) return;
  const payload = reply.json ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  // Every reply owns its header record (built for it by the limiter or the error path).
  const headers: Record<string, string | number> = reply.headers;
  if (payload.length > 0) headers['Content-Type'] = 'application/json;charset=UTF-8';
  headers['Content-Length'] = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function errorReply(error: SimError, headers: Record<string, string>): Reply {
  return { status: error.status, body: error.body(), headers: { ...headers, ...error.headers } };
}

/** Answers a forced failure of the http-error fault. */
function forcedError(status: number): SimError {
  if (status === 429 || status === 418) {
    return new SimError(status, BinanceErrorCode.TOO_MANY_REQUESTS, BinanceMessage.tooMuchWeight(0, 'injected'), { 'Retry-After': '1' });
  }
  return status >= 500
    ? new SimError(status, BinanceErrorCode.DISCONNECTED, BinanceMessage.disconnected)
    : new SimError(status, BinanceErrorCode.UNKNOWN, BinanceMessage.unknown);
}

/** Runs one REST request through the pipeline. */
async function handle(exchange: Exchange, request: IncomingMessage, sleep: (ms: number) => Promise<void>, options: HttpFrontOptions): Promise<Reply> {
  const method = request.method ?? 'GET';
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  // The raw query, exactly as sent: signatures cover these bytes, not a re-encoding of them.
  const rawQuery = queryStart < 0 ? '' : target.slice(queryStart + 1);
  const rawBody = await readBody(request);
  if (path.startsWith('/sim/')) return { ...controlRequest(exchange, request.method ?? 'GET', request.headers, path, rawBody, options.controlToken), headers: {} };

  const latency = exchange.faults.latencyMs();
  if (latency > 0) await sleep(latency);
  const now = exchange.now();
  const address = request.socket.remoteAddress ?? 'unknown';
  const route = findRoute(method, path);
  if (path === '/api/v3/userDataStream') {
    return { status: 410, body: { code: BinanceErrorCode.UNSUPPORTED_OPERATION, msg: USER_DATA_STREAM_GONE }, headers: {} };
  }
  if (route === undefined) return { status: 404, body: undefined, headers: {} };

  const forced = exchange.faults.take('http-error');
  if (forced !== undefined) return errorReply(forcedError(forced.status), {});
  const limited = exchange.faults.take('rate-limit');
  if (limited !== undefined) {
    const rule = exchange.limiter.rules.find((r) => r.rateLimitType === 'REQUEST_WEIGHT');
    return errorReply(new SimError(429, BinanceErrorCode.TOO_MANY_REQUESTS,
      BinanceMessage.tooMuchWeight(rule?.limit ?? 0, rule === undefined ? '' : `${rule.intervalNum} ${rule.interval}`),
      { 'Retry-After': String(limited.retryAfterSeconds ?? 1) }), exchange.limiter.weightHeaders(address, now));
  }

  let charged = false;
  let orderAccount: number | undefined;
  try {
    // Binance reads GET parameters from the query string only.
    const params = Params.fromRaw(rawQuery, method === 'GET' ? '' : rawBody);
    const microseconds = wantsMicroseconds(headerValue(request, 'x-mbx-time-unit'));
    const result = runRoute({
      exchange, route, params, address, now,
      authenticate: () => authenticateSigned(headerValue(request, 'x-mbx-apikey'), params, rawQuery, method === 'GET' ? '' : rawBody, exchange.accountsByKey, now),
      onCharged: () => {
        charged = true;
      },
      onOrderAccount: (id) => {
        orderAccount = id;
      },
    });
    const headers = usageHeaders(exchange, address, orderAccount, now);
    const status = result.status ?? 200;
    if (result.body instanceof EncodedBody) return { status, body: undefined, json: result.body.encode(microseconds), headers };
    return { status, body: microseconds ? toMicroseconds(result.body) : result.body, headers };
  } catch (error) {
    const headers = charged || isSimError(error) ? usageHeaders(exchange, address, orderAccount, now) : {};
    if (isSimError(error)) return errorReply(error, headers);
    console.error('simulator request failed', error);
    return internalError(headers);
  }
}

/** `X-MBX-USED-WEIGHT-*`, and `X-MBX-ORDER-COUNT-*` when the request was an order from a known account. */
function usageHeaders(exchange: Exchange, address: string, orderAccount: number | undefined, now: number): Record<string, string> {
  const headers = exchange.limiter.weightHeaders(address, now);
  return orderAccount === undefined ? headers : { ...headers, ...exchange.limiter.orderHeaders(orderAccount, now) };
}

/** Answers one request whatever happens: the one place where anything thrown becomes a response. */
async function serve(
  exchange: Exchange, request: IncomingMessage, response: ServerResponse, sleep: (ms: number) => Promise<void>, options: HttpFrontOptions,
): Promise<void> {
  let reply: Reply;
  try {
    reply = await handle(exchange, request, sleep, options);
  } catch (error) {
    if (!isSimError(error)) console.error('simulator request failed', error);
    reply = isSimError(error) ? errorReply(error, {}) : internalError({});
  }
  try {
    send(response, reply);
  } catch (error) {
    console.error('simulator response failed', error);
    response.destroy();
  }
}

function internalError(headers: Record<string, string>): Reply {
  return { status: 500, body: { code: BinanceErrorCode.UNKNOWN, msg: BinanceMessage.unknown }, headers };
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A running REST front. */
export interface HttpFront {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** What the REST front is configured with besides its address. */
export interface HttpFrontOptions {
  /** Bearer token the control API requires; none when undefined. */
  readonly controlToken?: string | undefined;
}

/** Starts the REST front on `host:port` (0 picks a free port). */
export async function startHttpFront(exchange: Exchange, port: number, host: string, options: HttpFrontOptions = {}): Promise<HttpFront> {
  const timers = new Set<{ timer: TimerHandle; resolve: () => void }>();
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const entry = { timer: exchange.timers.setTimeout(() => { timers.delete(entry); resolve(); }, ms), resolve };
    timers.add(entry);
  });
  const server = createServer((request, response) => {
    void serve(exchange, request, response, sleep, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    host,
    close: () => new Promise<void>((resolve) => {
      // Delayed requests are released so their sockets can close.
      for (const entry of timers) {
        exchange.timers.clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
