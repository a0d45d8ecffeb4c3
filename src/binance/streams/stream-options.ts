import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { BackoffOptions } from '../../core/stream/backoff.js';
import type { ReconnectingSocketOptions } from '../../core/stream/socket-types.js';

/** Connection rules shared by market-stream and WebSocket API connections. */
export interface StreamConnectionOptions {
  /** Reconnect backoff (capped exponential with full jitter). @default { initialMs: 500, maxMs: 30_000, factor: 2 } */
  backoff?: BackoffOptions | undefined;
  /** A connection that received nothing for this long is pinged by the client. @default 20_000 */
  pingIntervalMs?: number | undefined;
  /** With nothing received within this long after the client's ping, the connection is replaced. @default 10_000 */
  pongTimeoutMs?: number | undefined;
  /** A connection that received nothing at all (no message, ping or pong) for this long is replaced. @default 90_000 */
  staleAfterMs?: number | undefined;
  /** Age at which a connection is replaced gaplessly, before Binance's 24 h cut. @default 84_600_000 (23.5 h) */
  maxLifetimeMs?: number | undefined;
  /** Wait for a first connection, or for the answer to a SUBSCRIBE/UNSUBSCRIBE or a WebSocket API request. @default 10_000 */
  requestTimeoutMs?: number | undefined;
  /**
   * Largest incoming WebSocket message, in bytes (`ws`'s `maxPayload`); a larger one closes the
   * connection (1009), which then reconnects. @default 16777216 (16 MiB; see DEFAULT_MAX_MESSAGE_BYTES)
   */
  maxMessageBytes?: number | undefined;
  /**
   * User-data re-subscriptions in a row that may fail with an error not known to pass (-1000, a
   * code outside the error table) before order updates end with a `failed` notice. @default 5
   */
  maxResubscribeFailures?: number | undefined;
  /** Waits before each further try of a recovery's REST reads (candle backfill, order recovery) after a failure. @default [1_000, 3_000, 10_000] */
  recoveryDelaysMs?: readonly number[] | undefined;
}

/**
 * Default cap on one stream or WebSocket API message: 16 MiB. The largest message the connector
 * can receive is the all-market ticker array, about 2 MB for every production symbol; `ws`'s own
 * default (100 MiB) would let a hostile server make the process hold far more.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** What every stream component receives from the connector. */
export interface StreamContext extends StreamConnectionOptions {
  clock: Clock;
  random: () => number;
  logger: Logger;
}

/** The socket options of a stream connection: the timing options that are set (so they spread under `exactOptionalPropertyTypes`) and the message-size cap. */
export function socketTiming(options: StreamConnectionOptions): Pick<ReconnectingSocketOptions, 'backoff' | TimingField> & { webSocketOptions: { maxPayload: number } } {
  const timing: Pick<ReconnectingSocketOptions, 'backoff' | TimingField> & { webSocketOptions: { maxPayload: number } } = {
    webSocketOptions: { maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES },
  };
  if (options.backoff !== undefined) timing.backoff = options.backoff;
  for (const field of TIMING_FIELDS) {
    const value = options[field];
    if (value !== undefined) timing[field] = value;
  }
  return timing;
}

/** The connection timings, each a number of ms. */
export const TIMING_FIELDS = ['pingIntervalMs', 'pongTimeoutMs', 'staleAfterMs', 'maxLifetimeMs'] as const;
type TimingField = (typeof TIMING_FIELDS)[number];
