import type { Candle } from './candle.js';
import type { CandleSource } from './candle-source.js';
import type { KlineInterval } from '../../spec/binance/intervals.js';
import { bucketOpen, nextBucketOpen, previousBucketOpen } from './intervals.js';
import { ASSET_PRECISION } from './symbols.js';
import { formatUnits } from './units.js';

/** A kline selection as Binance's `klines` parameters describe it. */
export interface KlineQuery {
  readonly interval: KlineInterval;
  readonly startTime?: number | undefined;
  readonly endTime?: number | undefined;
  readonly limit: number;
  /** timeZone shift in ms. */
  readonly offsetMs: number;
}

/** A candle with its bucket boundaries, as a kline. */
export interface Kline {
  readonly candle: Candle;
  /** Whether the bucket has ended at the time it was read. */
  readonly closed: boolean;
}

/**
 * Selects klines with Binance's rules: open times at or after `startTime` going forward, or the
 * last `limit` buckets opening at or before `endTime` (default: now) when only that is given.
 * Buckets before the listing and after now are never returned.
 */
export function selectKlines(source: CandleSource, query: KlineQuery, now: number): Kline[] {
  const { interval, offsetMs, limit } = query;
  const firstOpen = bucketOpen(interval, source.spec.listedAt, offsetMs);
  const lastOpen = bucketOpen(interval, Math.min(now, query.endTime ?? now), offsetMs);
  const opens: number[] = [];
  if (query.startTime !== undefined) {
    let open = bucketOpen(interval, Math.max(query.startTime, firstOpen), offsetMs);
    if (open < query.startTime) open = nextBucketOpen(interval, open, offsetMs);
    for (; open <= lastOpen && opens.length < limit; open = nextBucketOpen(interval, open, offsetMs)) opens.push(open);
  } else {
    for (let open = lastOpen; open >= firstOpen && opens.length < limit; open = previousBucketOpen(interval, open, offsetMs)) {
      opens.push(open);
    }
    opens.reverse();
  }
  const klines: Kline[] = [];
  for (const open of opens) {
    const close = nextBucketOpen(interval, open, offsetMs) - 1;
    const candle = source.candle(open, close, now);
    if (candle !== undefined) klines.push({ candle, closed: close < now });
  }
  return klines;
}

/** Binance's kline array: [openTime, o, h, l, c, v, closeTime, qv, trades, takerBase, takerQuote, "0"]. */
export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

/** Formats a candle as Binance's kline row, amounts with 8 decimals. */
export function klineRow(source: CandleSource, candle: Candle): KlineRow {
  const { tickDecimals, stepDecimals, quoteVolumeDecimals } = source.spec;
  const price = (ticks: number): string => formatUnits(ticks, tickDecimals, ASSET_PRECISION);
  const base = (steps: number): string => formatUnits(steps, stepDecimals, ASSET_PRECISION);
  const quote = (units: number): string => formatUnits(units, quoteVolumeDecimals, ASSET_PRECISION);
  return [
    candle.openTime, price(candle.open), price(candle.high), price(candle.low), price(candle.close),
    base(candle.volume), candle.closeTime, quote(candle.quoteVolume), candle.trades,
    base(candle.takerBuyVolume), quote(candle.takerBuyQuoteVolume), '0',
  ];
}
