/**
 * Timing rules of the WebSocket side: Binance's documented values by default, every one
 * shortenable so tests run in milliseconds instead of minutes.
 */

/** Stream and WebSocket API timing; every field is optional and defaults to Binance's value. */
export interface StreamTiming {
  /** Server ping interval. @default 20_000 */
  readonly pingIntervalMs?: number;
  /** How long the server waits for a pong. @default 60_000 */
  readonly pongTimeoutMs?: number;
  /** Connection lifetime before the server cuts it. @default 86_400_000 (24 h) */
  readonly connectionLifetimeMs?: number;
  /** Update cadence of `@kline_<interval>` streams other than 1s. @default 2_000 */
  readonly klineUpdateMs?: number;
  /** Update cadence of `@kline_1s` streams. @default 1_000 */
  readonly secondKlineUpdateMs?: number;
  /** Cadence of `@ticker`, `@miniTicker`, `!miniTicker@arr`, `@ticker_<w>` and `@avgPrice`. @default 1_000 */
  readonly tickerUpdateMs?: number;
  /** Cadence of `@depth` and `@depth<N>` without `@100ms`. @default 1_000 */
  readonly depthUpdateMs?: number;
  /** Cadence of the `@100ms` depth streams. @default 100 */
  readonly fastDepthUpdateMs?: number;
  /**
   * Incoming messages (text, ping and pong frames) a market-stream connection may send per
   * second before it is closed with 1008. Raise it for tests that ping every few milliseconds.
   * @default 5
   */
  readonly incomingMessagesPerSecond?: number;
  /** Time between a `serverShutdown` announcement and the close. @default 1_000 */
  readonly shutdownGraceMs?: number;
}

/** The timing in force, every default applied. */
export type ResolvedTiming = Required<StreamTiming>;

const DEFAULTS: ResolvedTiming = {
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  connectionLifetimeMs: 86_400_000,
  klineUpdateMs: 2_000,
  secondKlineUpdateMs: 1_000,
  tickerUpdateMs: 1_000,
  depthUpdateMs: 1_000,
  fastDepthUpdateMs: 100,
  incomingMessagesPerSecond: 5,
  shutdownGraceMs: 1_000,
};

/** Applies the defaults; throws TypeError naming the first option that is not a positive integer. */
export function resolveTiming(timing: StreamTiming = {}): ResolvedTiming {
  const resolved: Record<string, number> = { ...DEFAULTS };
  for (const [name, value] of Object.entries(timing)) {
    if (value === undefined) continue;
    if (!(name in DEFAULTS)) throw new TypeError(`timing.${name} is not a timing option`);
    // Timers above 2^31-1 ms fire immediately in Node, so larger values are refused too.
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
      throw new TypeError(`timing.${name} must be a positive integer (at most 2147483647), got ${String(value)}`);
    }
    resolved[name] = value;
  }
  return resolved as unknown as ResolvedTiming;
}
