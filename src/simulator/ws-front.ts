import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Exchange } from './exchange.js';
import type { Fault } from './faults.js';
import { isSimError } from './sim-error.js';
import { StreamHub } from './stream-hub.js';
import { MAX_STREAMS_PER_CONNECTION, StreamSession } from './stream-session.js';
import { wantsMicroseconds } from './time-unit.js';
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

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Streams named by a `/ws/<a>/<b>` path or a `/stream?streams=<a>/<b>` query. */
function streamsOf(raw: string | null): string[] {
  if (raw === null || raw.length === 0) return [];
  // Percent-encoded names (btcusdt%40trade) have been accepted since 2025-12.
  return raw.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
}

/** The WebSocket endpoints of the simulator. */
export class WsFront {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: MAX_FRAME_BYTES });
  private readonly live = new Set<Live>();
  private readonly hub: StreamHub;
  private readonly userData: UserDataHub;
  private readonly offFault: () => void;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => this.upgrade(request, socket, head);

  /** Attaches to `server`'s upgrade requests. */
  constructor(private readonly server: Server, private readonly exchange: Exchange, private readonly timing: ResolvedTiming) {
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

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'ws://simulator');
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/ws-api/v3') {
      this.upgradeApi(request, socket, head, url);
      return;
    }
    let streams: string[];
    let combined: boolean;
    if (path === '/ws' || path.startsWith('/ws/')) {
      streams = streamsOf(path.slice('/ws'.length));
      combined = false;
    } else if (path === '/stream') {
      streams = streamsOf(url.searchParams.get('streams'));
      combined = true;
    } else {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (new Set(streams).size > MAX_STREAMS_PER_CONNECTION) {
      refuse(socket, 400, 'Bad Request');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const holder: { session?: StreamSession } = {};
      const connection = this.connect(ws, true, (text) => holder.session?.handle(text), () => holder.session?.dispose());
      const session = new StreamSession(connection, this.hub, combined, streams);
      holder.session = session;
      this.track(connection, (now) => session.announceShutdown(now));
    });
  }

  private upgradeApi(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const address = request.socket.remoteAddress ?? 'unknown';
    const now = this.exchange.now();
    try {
      this.exchange.limiter.charge(address, WS_API_CONNECT_WEIGHT, now);
    } catch (error) {
      if (!isSimError(error)) throw error;
      refuse(socket, error.status, error.status === 418 ? "I'm a teapot" : 'Too Many Requests');
      return;
    }
    const returnRateLimits = url.searchParams.get('returnRateLimits') !== 'false';
    let microseconds: boolean;
    try {
      microseconds = wantsMicroseconds(url.searchParams.get('timeUnit') ?? undefined);
    } catch {
      refuse(socket, 400, 'Bad Request');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const holder: { session?: WsApiSession } = {};
      const connection = this.connect(ws, false, (text) => holder.session?.handle(text), () => holder.session?.dispose());
      const session = new WsApiSession(connection, {
        exchange: this.exchange, userData: this.userData, address, connectedSince: now, returnRateLimits, microseconds,
      });
      holder.session = session;
      this.track(connection, (at) => session.announceShutdown(at));
    });
  }

  private connect(ws: WebSocket, limitIncoming: boolean, onText: (text: string) => void, onClose: () => void): WsConnection {
    const connection: WsConnection = new WsConnection(ws, this.exchange.faults, this.timing, { limitIncoming }, {
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
