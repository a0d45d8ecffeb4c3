import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Exchange } from '../exchange.js';
import type { Fault } from '../control/faults.js';
import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import type { ConnectionLimiter } from '../limits/connection-limiter.js';
import { checkOrigin } from '../control/origin-guard.js';
import { decodeComponent, parseEncoded } from '../rest/params.js';
import { badRequest, isSimError } from '../sim-error.js';
import { StreamHub } from './stream-hub.js';
import { MAX_STREAMS_PER_CONNECTION, StreamSession } from './stream-session.js';
import { wantsMicroseconds } from '../rest/time-unit.js';
import type { ResolvedTiming } from './stream-timing.js';
import { UserDataHub } from './user-data-hub.js';
import { WsApiSession } from './ws-api-session.js';
import { WsConnection } from './ws-connection.js';

/**
 * The WebSocket side, on the REST server's port: market streams at `/ws` and `/stream`, the
 * WebSocket API at `/ws-api/v3`. It owns every socket and reacts to the connection faults
 * (drop, server shutdown); the others are read by each connection as it sends.
 */

/** What the front needs from a live connection. */
interface Live {
  readonly connection: WsConnection;
  announceShutdown(now: number): void;
}

/** Binance charges 2 weight for opening a WebSocket API connection. */
const WS_API_CONNECT_WEIGHT = 2;
const MAX_FRAME_BYTES = 1_000_000;

function refuse(socket: Duplex, status: number, reason: string, headers: Readonly<Record<string, string>> = {}, body = ''): void {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const type = body.length > 0 ? 'Content-Type: application/json;charset=UTF-8\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${type}${lines}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 418: "I'm a teapot", 429: 'Too Many Requests' };

/** Answers a refused upgrade: a SimError with its status, headers and `{code,msg}`, anything else as a 500. */
function refuseWith(socket: Duplex, error: unknown): void {
  if (!isSimError(error)) {
    console.error('simulator WebSocket upgrade failed', error);
    refuse(socket, 500, 'Internal Server Error');
    return;
  }
  refuse(socket, error.status, REASONS[error.status] ?? 'Error', error.headers, JSON.stringify(error.body()));
}

/** Streams named by a `/ws/<a>/<b>` path or a `/stream?streams=<a>/<b>` query; 400 when one is not well encoded. */
function streamsOf(raw: string | undefined): string[] {
  if (raw === undefined || raw.length === 0) return [];
  // Percent-encoded names (btcusdt%40trade) have been accepted since 2025-12.
  return raw.split('/').filter((s) => s.length > 0).map((s) => {
    const name = decodeComponent(s, false);
    if (name === undefined) throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, BinanceMessage.illegalCharacters);
    return name;
  });
}

/** The query of an upgrade URL, decoded as strictly as REST parameters are. */
function queryOf(target: string): Map<string, string> {
  const start = target.indexOf('?');
  const values = new Map<string, string>();
  if (start >= 0) parseEncoded(target.slice(start + 1), values, true);
  return values;
}

/** The WebSocket endpoints of the simulator. */
export class WsFront {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: MAX_FRAME_BYTES });
  private readonly live = new Set<Live>();
  private readonly hub: StreamHub;
  private readonly userData: UserDataHub;
  private readonly offFault: () => void;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node removes its own error listener from a socket it hands to 'upgrade': a client resetting it must not crash the process.
    socket.on('error', () => undefined);
    try {
      this.upgrade(request, socket, head);
    } catch (error) {
      refuseWith(socket, error);
    }
  };

  /** Attaches to `server`'s upgrade requests; `attempts` counts new connections of each service. */
  constructor(
    private readonly server: Server,
    private readonly exchange: Exchange,
    private readonly timing: ResolvedTiming,
    private readonly attempts: { readonly streams: ConnectionLimiter; readonly api: ConnectionLimiter },
  ) {
    this.hub = new StreamHub(exchange, timing);
    this.userData = new UserDataHub(exchange);
    server.on('upgrade', this.onUpgrade);
    this.offFault = exchange.faults.events.on('inject', (fault) => this.applyFault(fault));
  }

  /** Number of open connections (streams and WebSocket API). */
  get connectionCount(): number {
    return this.live.size;
  }

  /** Terminates every socket and stops every timer. */
  close(): void {
    this.server.off('upgrade', this.onUpgrade);
    this.offFault();
    for (const live of [...this.live]) live.connection.terminate();
    this.live.clear();
    this.hub.close();
    this.userData.close();
    this.wss.close();
  }

  private applyFault(fault: Fault): void {
    if (fault.kind === 'drop-streams') {
      for (const live of [...this.live]) live.connection.terminate();
    } else if (fault.kind === 'server-shutdown') {
      const now = this.exchange.now();
      for (const live of [...this.live]) {
        live.announceShutdown(now);
        live.connection.later(() => live.connection.close(1001, 'Server shutdown'), this.timing.shutdownGraceMs);
      }
    }
  }

  /** Routes one upgrade; anything it throws is answered by `onUpgrade`. */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    checkOrigin(request.headers);
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = (queryStart < 0 ? target : target.slice(0, queryStart)).replace(/\/+$/, '');
    const address = request.socket.remoteAddress ?? 'unknown';
    if (path === '/ws-api/v3') {
      this.attempts.api.attempt(address, this.exchange.now());
      this.upgradeApi(request, socket, head, queryOf(target));
      return;
    }
    const combined = path === '/stream';
    if (!combined && path !== '/ws' && !path.startsWith('/ws/')) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    this.attempts.streams.attempt(address, this.exchange.now());
    const query = queryOf(target);
    const streams = combined ? streamsOf(query.get('streams')) : streamsOf(path.slice('/ws'.length));
    const microseconds = wantsMicroseconds(query.get('timeUnit'));
    if (new Set(streams).size > MAX_STREAMS_PER_CONNECTION) {
      refuse(socket, 400, 'Bad Request');
      return;
    }
    this.accept(request, socket, head, (ws) => {
      const holder: { session?: StreamSession } = {};
      const connection = this.connect(ws, true, (text) => holder.session?.handle(text), () => holder.session?.dispose());
      const session = new StreamSession(connection, this.hub, combined, streams, microseconds);
      holder.session = session;
      this.track(connection, (now) => session.announceShutdown(now));
    });
  }

  private upgradeApi(request: IncomingMessage, socket: Duplex, head: Buffer, query: ReadonlyMap<string, string>): void {
    const address = request.socket.remoteAddress ?? 'unknown';
    const now = this.exchange.now();
    this.exchange.limiter.charge(address, WS_API_CONNECT_WEIGHT, now);
    const returnRateLimits = query.get('returnRateLimits') !== 'false';
    const microseconds = wantsMicroseconds(query.get('timeUnit'));
    this.accept(request, socket, head, (ws) => {
      const holder: { session?: WsApiSession } = {};
      const connection = this.connect(ws, false, (text) => holder.session?.handle(text), () => holder.session?.dispose());
      const session = new WsApiSession(connection, {
        exchange: this.exchange, userData: this.userData, address, connectedSince: now, returnRateLimits, microseconds,
      });
      holder.session = session;
      this.track(connection, (at) => session.announceShutdown(at));
    });
  }

  /** Completes the upgrade; a session that fails to start closes its socket with 1011 instead of throwing. */
  private accept(request: IncomingMessage, socket: Duplex, head: Buffer, open: (ws: WebSocket) => void): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      try {
        open(ws);
      } catch (error) {
        console.error('simulator WebSocket session failed to start', error);
        ws.close(1011, 'Internal error');
      }
    });
  }

  private connect(ws: WebSocket, limitIncoming: boolean, onText: (text: string) => void, onClose: () => void): WsConnection {
    const connection: WsConnection = new WsConnection(ws, this.exchange.timers, this.exchange.faults, this.timing, { limitIncoming }, {
      onText,
      onClose: () => {
        onClose();
        for (const live of this.live) if (live.connection === connection) this.live.delete(live);
      },
    });
    return connection;
  }

  private track(connection: WsConnection, announceShutdown: (now: number) => void): void {
    if (connection.open) this.live.add({ connection, announceShutdown });
  }
}
