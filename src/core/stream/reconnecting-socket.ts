import type { RawData, WebSocket } from 'ws';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { ConfigurationError, ConnectionError, NotConnectedError, RateLimitError, TimeoutError } from '../errors.js';
import { reconnectDelay, resolveBackoff, type BackoffOptions } from './backoff.js';
import type {
  ReconnectReason, ReconnectingSocketEvents, ReconnectingSocketOptions, SocketMetrics, SocketSender, SocketState,
} from './socket-types.js';
import { MessageThrottle } from './throttle.js';
import { TypedEvents, type Listener } from './typed-events.js';
import { Liveness } from './liveness.js';

let webSocketClass: typeof WebSocket | undefined;

/** ws, imported when the first socket connects rather than with the package: it is a large share of the import cost. */
async function loadWebSocket(): Promise<typeof WebSocket> {
  webSocketClass ??= (await import('ws')).default;
  return webSocketClass;
}

interface Connection {
  readonly id: number;
  readonly ws: WebSocket;
  readonly throttle: MessageThrottle;
  readonly closed: Promise<void>;
  /** Aborted when the connection closes or is given up, so waits in `onOpen` end with it. */
  readonly ended: AbortController;
  readonly senderListeners: Set<(text: string) => void>;
  ready: boolean;
  /** Superseded, failed or closing on purpose: its close is not a drop. */
  retired: boolean;
  closeReason: ReconnectReason | undefined;
  /** The exchange's `Retry-After` when set-up was rate limited: the next attempt waits at least this long. */
  retryAfterMs: number | undefined;
  /** Pings and the watchdog: whether the connection is alive. */
  readonly liveness: Liveness;
  readyTimer: TimerHandle | undefined;
  lifetimeTimer: TimerHandle | undefined;
}

/**
 * One logical WebSocket connection kept alive across drops: a state machine over physical
 * connections, with backoff, pings of its own (a connection quiet for `pingIntervalMs` is pinged,
 * and one that sends nothing back within `pongTimeoutMs` is replaced, whatever the server's own
 * ping cadence), a staleness watchdog, a gapless planned replacement and an outgoing throttle. `send()` rejects with NotConnectedError while no connection is ready instead of
 * queueing: whatever must be sent on every connection belongs in `onOpen`, which is replayed.
 */
export class ReconnectingSocket {
  private readonly events = new TypedEvents<ReconnectingSocketEvents>((error, event) => {
    if (event !== 'error') this.events.emit('error', asError(error));
  });
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: Required<BackoffOptions>;
  private readonly staleAfterMs: number;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly maxLifetimeMs: number;
  private readonly readyTimeoutMs: number;
  private readonly handshakeTimeoutMs: number;
  private readonly maxPerSecond: number;
  private currentState: SocketState = 'idle';
  private current: Connection | undefined;
  private next: Connection | undefined;
  private readonly retiring = new Set<Connection>();
  private starting = false;
  private backoffTimer: TimerHandle | undefined;
  private attempt = 0;
  private connectionSeq = 0;
  private readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly counters = {
    connects: 0, reconnects: 0, messagesReceived: 0, messagesSent: 0,
    reconnectsByReason: {} as Record<string, number>,
    lastMessageAt: undefined as number | undefined, connectedSince: undefined as number | undefined,
  };

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = resolveBackoff(options.backoff);
    this.staleAfterMs = positive('staleAfterMs', options.staleAfterMs ?? 90_000);
    this.pingIntervalMs = positive('pingIntervalMs', options.pingIntervalMs ?? 20_000);
    this.pongTimeoutMs = positive('pongTimeoutMs', options.pongTimeoutMs ?? 10_000);
    this.maxLifetimeMs = positive('maxLifetimeMs', options.maxLifetimeMs ?? 84_600_000);
    this.readyTimeoutMs = positive('readyTimeoutMs', options.readyTimeoutMs ?? 30_000);
    this.handshakeTimeoutMs = positive('handshakeTimeoutMs', options.handshakeTimeoutMs ?? 10_000);
    this.maxPerSecond = options.maxMessagesPerSecond ?? 4;
    if (!Number.isInteger(this.maxPerSecond) || this.maxPerSecond < 1) {
      throw new ConfigurationError(`maxMessagesPerSecond must be a positive integer, got ${this.maxPerSecond}`);
    }
  }

  /** Current state. */
  get state(): SocketState {
    return this.currentState;
  }

  /** A snapshot of the counters. */
  get metrics(): SocketMetrics {
    const c = this.counters;
    return { ...c, state: this.currentState, reconnectsByReason: { ...c.reconnectsByReason } };
  }

  /** Adds an event listener; returns a function that removes it. */
  on<K extends keyof ReconnectingSocketEvents>(event: K, listener: Listener<ReconnectingSocketEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  /** Listens to state transitions. */
  onStateChange(listener: Listener<ReconnectingSocketEvents['state']>): () => void {
    return this.events.on('state', listener);
  }

  /** Starts connecting; resolves when a connection is ready, retrying until then. Rejects only on `close()`. */
  connect(): Promise<void> {
    if (this.currentState === 'closed') return Promise.reject(new NotConnectedError('The socket was closed'));
    if (this.current?.ready === true) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    if (this.currentState === 'idle') {
      this.setState('connecting');
      void this.startConnection();
    }
    return ready;
  }

  /** Sends on the ready connection through its throttle; rejects with NotConnectedError when none is ready. */
  send(text: string): Promise<void> {
    const conn = this.current;
    if (conn === undefined || !conn.ready) {
      return Promise.reject(new NotConnectedError(
        `Cannot send while the socket is ${this.currentState}; state to restore belongs in onOpen`,
      ));
    }
    return conn.throttle.send(text);
  }

  /** Replaces the connection now, gaplessly when one is open (for example on a `serverShutdown` event). */
  reconnectNow(reason: ReconnectReason): void {
    if (this.currentState === 'idle' || this.currentState === 'closed') return;
    if (this.next !== undefined || this.starting) return;
    if (this.backoffTimer !== undefined) {
      this.clock.clearTimeout(this.backoffTimer);
      this.backoffTimer = undefined;
    } else if (this.current === undefined) {
      return;
    }
    this.countReconnect(reason, 0);
    void this.startConnection();
  }

  /** Stops for good: clears every timer and terminates every socket; resolves once all have closed. */
  close(): Promise<void> {
    const closing = [this.current, this.next, ...this.retiring].filter((c): c is Connection => c !== undefined);
    this.current = undefined;
    this.next = undefined;
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.backoffTimer = undefined;
    this.setState('closed');
    for (const conn of closing) this.retire(conn, 'terminate');
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new NotConnectedError('The socket was closed'));
    return Promise.all(closing.map((c) => c.closed)).then(() => undefined);
  }

  private async startConnection(): Promise<void> {
    if (this.next !== undefined || this.starting) return;
    this.starting = true;
    let url: string;
    let WebSocketClass: typeof WebSocket;
    let step = 'resolve the WebSocket URL';
    try {
      url = typeof this.options.url === 'function' ? await this.options.url() : this.options.url;
      step = 'load the ws module';
      WebSocketClass = webSocketClass ?? await loadWebSocket();
    } catch (error) {
      this.starting = false;
      if (this.currentState === 'closed') return;
      this.events.emit('error', new ConnectionError(`Could not ${step}`, { cause: error }));
      this.scheduleReconnect('open-failed');
      return;
    } finally {
      this.starting = false;
    }
    if (this.currentState === 'closed') return;
    this.next = this.createConnection(WebSocketClass, url);
  }

  private createConnection(WebSocketClass: typeof WebSocket, url: string): Connection {
    const ws = new WebSocketClass(url, {
      ...this.options.webSocketOptions,
      handshakeTimeout: this.handshakeTimeoutMs,
      autoPong: true,
    });
    const throttle = new MessageThrottle((text) => {
      if (ws.readyState !== ws.OPEN) throw new ConnectionError('The connection is not open');
      ws.send(text);
      this.counters.messagesSent += 1;
    }, { maxPerWindow: this.maxPerSecond, clock: this.clock });
    const conn: Connection = {
      id: ++this.connectionSeq, ws, throttle, senderListeners: new Set(),
      closed: new Promise((resolve) => ws.once('close', () => resolve())), ended: new AbortController(),
      ready: false, retired: false, closeReason: undefined, retryAfterMs: undefined,
      liveness: new Liveness(this.clock, { pingIntervalMs: this.pingIntervalMs, pongTimeoutMs: this.pongTimeoutMs, staleAfterMs: this.staleAfterMs }, {
        // An empty payload, as Binance recommends for frames the client sends on its own.
        ping: () => {
          if (ws.readyState !== ws.OPEN) return false;
          ws.ping();
          return true;
        },
        dead: () => {
          if (!conn.retired) this.abandon(conn, 'stale');
        },
      }),
      readyTimer: undefined, lifetimeTimer: undefined,
    };
    ws.on('open', () => void this.onSocketOpen(conn));
    ws.on('message', (data) => this.onSocketMessage(conn, data));
    ws.on('ping', () => conn.liveness.activity());
    ws.on('pong', () => conn.liveness.pong());
    ws.on('error', (error) => {
      if (!conn.retired) this.events.emit('error', new ConnectionError(`WebSocket error: ${error.message}`, { cause: error }));
    });
    ws.on('close', (code) => this.onSocketClose(conn, code));
    return conn;
  }

  private async onSocketOpen(conn: Connection): Promise<void> {
    if (conn.retired) return;
    conn.liveness.start();
    if (Number.isFinite(this.readyTimeoutMs)) {
      conn.readyTimer = this.clock.setTimeout(() => {
        conn.readyTimer = undefined;
        this.events.emit('error', new TimeoutError(`onOpen did not finish within ${this.readyTimeoutMs} ms`));
        this.abandon(conn, 'open-failed');
      }, this.readyTimeoutMs);
    }
    const sender: SocketSender = {
      connectionId: conn.id,
      send: (text) => conn.throttle.send(text),
      onMessage: (listener) => {
        conn.senderListeners.add(listener);
        return () => conn.senderListeners.delete(listener);
      },
      closed: conn.ended.signal,
    };
    try {
      await this.options.onOpen?.(sender);
    } catch (error) {
      // A connection already given up failed its set-up because it ended: its close decides what follows.
      if (conn.retired || conn.ended.signal.aborted) return;
      this.events.emit('error', new ConnectionError('onOpen failed', { cause: error }));
      if (error instanceof RateLimitError) conn.retryAfterMs = error.retryAfterMs;
      this.abandon(conn, 'open-failed');
      return;
    }
    if (!conn.retired) this.promote(conn);
  }

  /** Makes `conn` the serving connection, then closes the one it replaces (the gapless handover). */
  private promote(conn: Connection): void {
    clearTimer(this.clock, conn.readyTimer);
    conn.readyTimer = undefined;
    conn.ready = true;
    conn.senderListeners.clear();
    const previous = this.current;
    this.current = conn;
    this.next = undefined;
    this.attempt = 0;
    const reconnect = this.counters.connects > 0;
    this.counters.connects += 1;
    this.counters.connectedSince = this.clock.now();
    if (Number.isFinite(this.maxLifetimeMs)) {
      conn.lifetimeTimer = this.clock.setTimeout(() => {
        conn.lifetimeTimer = undefined;
        if (this.current === conn) this.reconnectNow('lifetime');
      }, this.maxLifetimeMs);
    }
    if (previous !== undefined) this.retire(previous, 'close');
    this.setState('open');
    this.events.emit('open', { connectionId: conn.id, reconnect });
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
  }

  private onSocketMessage(conn: Connection, data: RawData): void {
    if (conn.retired) return;
    conn.liveness.activity();
    this.counters.messagesReceived += 1;
    this.counters.lastMessageAt = conn.liveness.lastActivity;
    const text = toText(data);
    if (!conn.ready) {
      for (const listener of [...conn.senderListeners]) {
        try {
          listener(text);
        } catch (error) {
          this.events.emit('error', asError(error));
        }
      }
    }
    // During a handover only the old connection feeds consumers, so nothing is delivered twice.
    if (conn === (this.current ?? this.next)) this.events.emit('message', text);
  }

  private onSocketClose(conn: Connection, code: number): void {
    this.retiring.delete(conn);
    this.stopTimers(conn);
    conn.throttle.close();
    if (conn.retired || this.currentState === 'closed') return;
    conn.retired = true;
    const reason = conn.closeReason ?? (conn.ready ? 'dropped' : 'open-failed');
    if (conn === this.next) this.next = undefined;
    if (conn === this.current) {
      this.current = undefined;
      this.counters.connectedSince = undefined;
      // A replacement already on its way takes over; do not start a second one.
      if (this.next !== undefined || this.starting || this.backoffTimer !== undefined) {
        this.setState('reconnecting');
        return;
      }
    }
    this.scheduleReconnect(reason, code, conn.retryAfterMs);
  }

  private scheduleReconnect(reason: ReconnectReason, code?: number, minDelayMs = 0): void {
    if (this.backoffTimer !== undefined || this.currentState === 'closed') return;
    const delayMs = Math.max(minDelayMs, reconnectDelay(this.attempt, this.backoff, this.random));
    const attempt = this.attempt;
    this.attempt += 1;
    // While the old connection still serves (a failed handover), the state stays open.
    if (this.current === undefined) this.setState(this.counters.connects === 0 ? 'connecting' : 'reconnecting');
    this.countReconnect(reason, attempt, delayMs, code);
    this.backoffTimer = this.clock.setTimeout(() => {
      this.backoffTimer = undefined;
      void this.startConnection();
    }, delayMs);
  }

  private countReconnect(reason: ReconnectReason, attempt: number, delayMs = 0, code?: number): void {
    const byReason = this.counters.reconnectsByReason;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    this.counters.reconnects += 1;
    this.events.emit('reconnect', code === undefined ? { reason, attempt, delayMs } : { reason, attempt, delayMs, code });
  }

  /** Drops a connection that failed to become ready or went silent; its close event reconnects. */
  private abandon(conn: Connection, reason: ReconnectReason): void {
    if (conn.retired) return;
    conn.closeReason = reason;
    this.stopTimers(conn);
    conn.ws.terminate();
  }

  /** Closes a connection on purpose (replaced or shutting down); its close is not treated as a drop. */
  private retire(conn: Connection, how: 'close' | 'terminate'): void {
    conn.retired = true;
    this.stopTimers(conn);
    conn.throttle.close(new NotConnectedError('The connection was closed'));
    if (conn.ws.readyState === conn.ws.CLOSED) return;
    this.retiring.add(conn);
    if (how === 'close' && conn.ws.readyState === conn.ws.OPEN) conn.ws.close(1000, 'replaced');
    else conn.ws.terminate();
  }

  /** Ends what runs for `conn`: its timers, and any wait of its `onOpen` for an answer on it. */
  private stopTimers(conn: Connection): void {
    conn.ended.abort();
    conn.liveness.stop();
    clearTimer(this.clock, conn.readyTimer);
    clearTimer(this.clock, conn.lifetimeTimer);
    conn.readyTimer = conn.lifetimeTimer = undefined;
  }

  private setState(to: SocketState): void {
    const from = this.currentState;
    if (from === to) return;
    this.currentState = to;
    this.events.emit('state', { from, to });
  }
}

function clearTimer(clock: Clock, handle: TimerHandle | undefined): void {
  if (handle !== undefined) clock.clearTimeout(handle);
}

function positive(name: string, value: number): number {
  if (Number.isNaN(value) || value <= 0) throw new ConfigurationError(`${name} must be a positive number, got ${value}`);
  return value;
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
