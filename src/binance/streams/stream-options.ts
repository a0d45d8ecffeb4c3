import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { BackoffOptions } from '../../core/stream/backoff.js';

/** Connection rules shared by market-stream and WebSocket API connections. */
export interface StreamConnectionOptions {
  /** Reconnect backoff (capped exponential with full jitter). @default { initialMs: 500, maxMs: 30_000, factor: 2 } */
  backoff?: BackoffOptions | undefined;
  /** A connection with no message and no ping for this long is replaced. @default 90_000 */
  staleAfterMs?: number | undefined;
  /** Age at which a connection is replaced gaplessly, before Binance's 24 h cut. @default 84_600_000 (23.5 h) */
  maxLifetimeMs?: number | undefined;
  /** Wait for a first connection, or for the answer to a SUBSCRIBE/UNSUBSCRIBE or a WebSocket API request. @default 10_000 */
  requestTimeoutMs?: number | undefined;
}

/** What every stream component receives from the connector. */
export interface StreamContext extends StreamConnectionOptions {
  clock: Clock;
  random: () => number;
  logger: Logger;
}

/** Only the options that are set, so they can be spread under `exactOptionalPropertyTypes`. */
export function socketTiming(options: StreamConnectionOptions): { backoff?: BackoffOptions; staleAfterMs?: number; maxLifetimeMs?: number } {
  return {
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
    ...(options.maxLifetimeMs === undefined ? {} : { maxLifetimeMs: options.maxLifetimeMs }),
  };
}
