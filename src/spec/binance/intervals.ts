/** Binance's kline intervals (`rest-api.md`, "Kline/Candlestick data"): names and fixed lengths. */

/** Binance's kline interval names (case-sensitive). */
export const KLINE_INTERVALS = [
  '1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M',
] as const;

/** One kline interval. */
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Fixed lengths in ms; `1M` is calendar months and has no entry. */
export const FIXED_INTERVAL_MS: Readonly<Record<Exclude<KlineInterval, '1M'>, number>> = {
  '1s': SECOND, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': HOUR, '2h': 2 * HOUR, '4h': 4 * HOUR, '6h': 6 * HOUR, '8h': 8 * HOUR, '12h': 12 * HOUR,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY,
};

/** Narrows a string to a kline interval. */
export function isKlineInterval(value: string): value is KlineInterval {
  return (KLINE_INTERVALS as readonly string[]).includes(value);
}

/** Length in ms of fixed-length intervals; undefined for `1M`, whose months differ in length. */
export function fixedLengthMs(interval: KlineInterval): number | undefined {
  return interval === '1M' ? undefined : FIXED_INTERVAL_MS[interval];
}

/** The windows of the rolling-window ticker streams (`<symbol>@ticker_<window>`, `!ticker_<window>@arr`). */
export const STREAM_TICKER_WINDOWS = ['1h', '4h', '1d'] as const;
/** A rolling-window ticker stream's window. */
export type StreamTickerWindow = (typeof STREAM_TICKER_WINDOWS)[number];

/** Narrows a string to a rolling-window ticker stream's window. */
export function isStreamTickerWindow(value: string): value is StreamTickerWindow {
  return (STREAM_TICKER_WINDOWS as readonly string[]).includes(value);
}
