import { FIXED_INTERVAL_MS, type KlineInterval } from '../../spec/binance/intervals.js';

/** Kline bucket boundaries, with Binance's alignment rules; the interval names and lengths are the spec's. */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Epoch offsets of the first bucket: weeks start on Monday (1970-01-05), and 3-day buckets fall on
 * 2017-08-17, the first 3d candle Binance ever published.
 */
const ANCHOR_MS: Partial<Record<KlineInterval, number>> = { '1w': 4 * DAY, '3d': 1 * DAY };

/** Open time of the bucket containing `time`; `offsetMs` is the timeZone shift (e.g. +8 h). */
export function bucketOpen(interval: KlineInterval, time: number, offsetMs = 0): number {
  if (interval === '1M') {
    const local = new Date(time + offsetMs);
    return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - offsetMs;
  }
  const length = FIXED_INTERVAL_MS[interval];
  const anchor = (ANCHOR_MS[interval] ?? 0) - offsetMs;
  return Math.floor((time - anchor) / length) * length + anchor;
}

/** Open time of the bucket after the one opening at `openTime`. */
export function nextBucketOpen(interval: KlineInterval, openTime: number, offsetMs = 0): number {
  if (interval === '1M') {
    const local = new Date(openTime + offsetMs);
    return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - offsetMs;
  }
  return openTime + FIXED_INTERVAL_MS[interval];
}

/** Open time of the bucket before the one opening at `openTime`. */
export function previousBucketOpen(interval: KlineInterval, openTime: number, offsetMs = 0): number {
  if (interval === '1M') return bucketOpen('1M', openTime - 1, offsetMs);
  return openTime - FIXED_INTERVAL_MS[interval];
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
