/** Kline intervals: names, lengths and bucket boundaries, with Binance's alignment rules. */

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

/** Fixed lengths; `1M` is calendar months and has no entry. */
const FIXED_MS: Readonly<Record<Exclude<KlineInterval, '1M'>, number>> = {
  '1s': SECOND, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': HOUR, '2h': 2 * HOUR, '4h': 4 * HOUR, '6h': 6 * HOUR, '8h': 8 * HOUR, '12h': 12 * HOUR,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY,
};

/**
 * Epoch offsets of the first bucket: weeks start on Monday (1970-01-05), and 3-day buckets fall on
 * 2017-08-17, the first 3d candle Binance ever published.
 */
const ANCHOR_MS: Partial<Record<KlineInterval, number>> = { '1w': 4 * DAY, '3d': 1 * DAY };

/** Narrows a string to a kline interval. */
export function isKlineInterval(value: string): value is KlineInterval {
  return (KLINE_INTERVALS as readonly string[]).includes(value);
}

/** Length in ms of fixed-length intervals; undefined for `1M`. */
export function fixedLengthMs(interval: KlineInterval): number | undefined {
  return interval === '1M' ? undefined : FIXED_MS[interval];
}

/** Open time of the bucket containing `time`; `offsetMs` is the timeZone shift (e.g. +8 h). */
export function bucketOpen(interval: KlineInterval, time: number, offsetMs = 0): number {
  if (interval === '1M') {
    const local = new Date(time + offsetMs);
    return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - offsetMs;
  }
  const length = FIXED_MS[interval];
  const anchor = (ANCHOR_MS[interval] ?? 0) - offsetMs;
  return Math.floor((time - anchor) / length) * length + anchor;
}

/** Open time of the bucket after the one opening at `openTime`. */
export function nextBucketOpen(interval: KlineInterval, openTime: number, offsetMs = 0): number {
  if (interval === '1M') {
    const local = new Date(openTime + offsetMs);
    return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - offsetMs;
  }
  return openTime + FIXED_MS[interval];
}

/** Open time of the bucket before the one opening at `openTime`. */
export function previousBucketOpen(interval: KlineInterval, openTime: number, offsetMs = 0): number {
  if (interval === '1M') return bucketOpen('1M', openTime - 1, offsetMs);
  return openTime - FIXED_MS[interval];
}

/**
 * Parses Binance's `timeZone` parameter (`0`, `8`, `-1:00`, `05:45`, range -12:00..+14:00) into
 * milliseconds; undefined when malformed or out of range.
 */
export function parseTimeZone(text: string): number | undefined {
  const match = /^([+-])?(\d{1,2})(?::(\d{2}))?$/.exec(text);
  if (match === null) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  const hours = Number(match[2]);
  const minutes = match[3] === undefined ? 0 : Number(match[3]);
  if (minutes >= 60) return undefined;
  const total = sign * (hours * 60 + minutes);
  if (total < -12 * 60 || total > 14 * 60) return undefined;
  return total * MINUTE;
}
