import type { ClientOptions } from 'ws';
import type { Clock } from '../clock.js';
import type { BackoffOptions } from './backoff.js';

/** Lifecycle of a `ReconnectingSocket`. */
export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why a new connection is being made: `dropped` (the socket closed), `stale` (watchdog),
 * `lifetime` (planned, before the server's 24 h cut), `open-failed` (handshake, URL or `onOpen`
 * failed), or the caller's own reason given to `reconnectNow` (such as `serverShutdown`).
 */
export type ReconnectReason = 'dropped' | 'stale' | 'lifetime' | 'open-failed' | (string & {});

/** The sending side of one physical connection, handed to `onOpen` before it carries traffic. */
export interface SocketSender {
  /** Sequence number of the physical connection (1, 2, ...). */
  readonly connectionId: number;
  /** Sends on this connection through its throttle; rejects once it closed. */
  send(text: string): Promise<void>;
  /** Messages of this connection while `onOpen` runs, such as the acks of replayed subscriptions. */
  onMessage(listener: (text: string) => void): () => void;
  /** Aborted once this connection closes or is given up: an answer awaited on it can no longer come. */
  readonly closed: AbortSignal;
}

/** Events of a `ReconnectingSocket`, each with its payload. */
export interface ReconnectingSocketEvents {
  state: { from: SocketState; to: SocketState };
  message: string;
  open: { connectionId: number; reconnect: boolean };
  reconnect: { reason: ReconnectReason; attempt: number; delayMs: number; code?: number };
  error: Error;
}

/** Counters of a `ReconnectingSocket`. */
export interface SocketMetrics {
  state: SocketState;
  /** Connections that became ready, the first one included. */
  connects: number;
  /** Reconnects started, in total and per reason. */
  reconnects: number;
  reconnectsByReason: Record<string, number>;
  messagesReceived: number;
  messagesSent: number;
  /** Epoch ms of the last message received, on any connection. */
  lastMessageAt: number | undefined;
  /** Epoch ms when the current connection became ready. */
  connectedSince: number | undefined;
}

/** Options of `ReconnectingSocket`. */
export interface ReconnectingSocketOptions {
  /** Where to connect; a function is called before every connect, so the URL can change (combined streams). */
  url: string | (() => string | Promise<string>);
  /** Runs on each new connection before it counts as ready: replay subscriptions, log on. A rejection retries. */
  onOpen?: (sender: SocketSender) => Promise<void>;
  /** @default systemClock */
  clock?: Clock;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Reconnect backoff; see `backoff.ts` for defaults. */
  backoff?: BackoffOptions;
  /**
   * A connection that received nothing (no message, ping or pong) for this long is pinged by the
   * client, so liveness never depends on the server's ping cadence (documented as 20 s, seen at
   * 3 minutes). `Infinity` turns the client's pings off.
   * @default 20_000
   */
  pingIntervalMs?: number;
  /** Wait for any frame after the client's ping; with none the connection is terminated and replaced. @default 10_000 */
  pongTimeoutMs?: number;
  /**
   * With nothing received for this long the connection is terminated and replaced, whatever the
   * pings. A live connection answers the client's pings well within it, so at the defaults this
   * only bounds how long a connection may stay silent; lower it to react sooner.
   * `Infinity` disables it.
   * @default 90_000
   */
  staleAfterMs?: number;
  /**
   * Age at which a connection is replaced by a fresh one, before Binance cuts it at 24 h. The
   * replacement is opened and made ready (its `onOpen` ran) before the old one closes, so no
   * message is missed. `Infinity` disables it.
   * @default 84_600_000 (23.5 h)
   */
  maxLifetimeMs?: number;
  /** Limit for the HTTP upgrade, enforced by `ws`. @default 10_000 */
  handshakeTimeoutMs?: number;
  /** Limit for `onOpen`, after which the connection is dropped and retried. @default 30_000 */
  readyTimeoutMs?: number;
  /**
   * Outgoing messages per connection in any 1.5 s: Binance allows 5 incoming a second, pongs
   * included, counted on arrival, so the window leaves room for frames that arrive bunched. @default 4
   */
  maxMessagesPerSecond?: number;
  /** Passed to `ws`; `autoPong` is always on because Binance drops clients that do not pong. */
  webSocketOptions?: Omit<ClientOptions, 'autoPong' | 'handshakeTimeout'>;
}
