import type { Candle } from './candle.js';
import { unitAt } from './hash.js';
import { splitBounded, splitProportional } from './units.js';
import { FIXED_INTERVAL_MS } from '../../spec/binance/intervals.js';

/**
 * The market is generated top-down: a day is drawn on its own, and every candle's children are
 * derived inside it (hours in a day, minutes in an hour, seconds in a minute), so a candle of any
 * length costs its own generation only and the children always aggregate back to it exactly.
 */

const MINUTE_MS = FIXED_INTERVAL_MS['1m'];
const HOUR_MS = FIXED_INTERVAL_MS['1h'];

/** Trade ids are minute-scoped: id = epochMinute * TRADE_ID_STRIDE + index within the minute. */
export const TRADE_ID_STRIDE = 10_000;
/** Synthetic trades of a minute use indexes below this; user trades take the indexes above it. */
export const SYNTHETIC_TRADE_CAP = 9_000;
/** Every minute holds at least this many trades and quantity steps, so each second has one. */
export const MINUTE_MINIMUM = 60;

/** Noise draws of one cell: the walk and the per-child draws use disjoint index ranges. */
const WALK_DRAWS = 100;
const CHILD_DRAWS = 200;
/** A uniform step in [-1, 1) has this standard deviation (1 / sqrt(3)). */
const UNIFORM_STEP_STD = 0.577;
/**
 * The price path's long octaves give days more spread than the nominal volatility, and a bridge
 * pinned at both ends moves less than a free walk: steps are widened so hours and minutes keep the
 * spread of returns they had when minutes were read off the path itself.
 */
const BRIDGE_SPREAD = 1.3;

/** How a parent's children are laid out: their count and length, and the minutes each spans. */
export interface ChildLayout {
  readonly count: number;
  readonly childMs: number;
  /** Minutes a child spans, whose trade ids are minute-scoped; 0 for seconds, numbered on within their minute. */
  readonly childMinutes: number;
}

/** The 24 hours of a day. */
export const HOURS_OF_DAY: ChildLayout = { count: 24, childMs: HOUR_MS, childMinutes: 60 };
/** The 60 minutes of an hour. */
export const MINUTES_OF_HOUR: ChildLayout = { count: 60, childMs: MINUTE_MS, childMinutes: 1 };
/** The 60 seconds of a minute. */
export const SECONDS_OF_MINUTE: ChildLayout = { count: 60, childMs: 1_000, childMinutes: 0 };

/** Children whose prices are given rather than drawn: the path through them and each one's range. */
export interface ChildShape {
  /** Opens of the children, then the last one's close: count + 1 prices, from the parent's open to its close. */
  readonly path: readonly number[];
  /** Each child's highest and lowest price, within the parent's range. */
  readonly highs: readonly number[];
  readonly lows: readonly number[];
}

/** Busier during the European and US sessions: the weight of the hour of day that `time` falls in. */
export function sessionWeight(time: number): number {
  const hourOfDay = Math.floor(time / HOUR_MS) % 24;
  return 1 + 0.35 * Math.sin(((hourOfDay - 8) / 24) * 2 * Math.PI);
}

/**
 * Trades in the last minute of a span of `minutes` holding `trades`: about the span's mean, kept so
 * that every other minute can still hold between MINUTE_MINIMUM and SYNTHETIC_TRADE_CAP.
 */
export function lastMinuteTrades(trades: number, minutes: number, draw: number): number {
  const wanted = Math.round((trades / minutes) * (0.7 + 0.6 * draw));
  const least = Math.max(MINUTE_MINIMUM, trades - (minutes - 1) * SYNTHETIC_TRADE_CAP);
  const most = Math.min(SYNTHETIC_TRADE_CAP, trades - (minutes - 1) * MINUTE_MINIMUM);
  return Math.min(most, Math.max(least, wanted));
}

/** Trades in the last minute of `candle`, read back from its last trade id. */
function tailTrades(candle: Candle): number {
  const lastMinute = (candle.closeTime + 1) / MINUTE_MS - 1;
  return candle.lastTradeId - lastMinute * TRADE_ID_STRIDE + 1;
}

/**
 * Folds `price` into [low, high] by reflecting it off the bounds, as a walk between two walls would
 * move: the path keeps its texture instead of running flat along a bound.
 */
function reflect(price: number, low: number, high: number): number {
  const range = high - low;
  if (range <= 0) return low;
  const folded = (((price - low) % (2 * range)) + 2 * range) % (2 * range);
  return low + (folded > range ? 2 * range - folded : folded);
}

/** A Brownian bridge of `count` steps from `open` to `close` with steps of about `sigma`, inside [low, high]. */
function bridge(parent: Candle, count: number, cell: number, sigma: number): number[] {
  const walk = [0];
  for (let i = 1; i <= count; i++) walk.push(walk[i - 1]! + (unitAt(cell, WALK_DRAWS + i) * 2 - 1));
  const end = walk[count]!;
  const scale = (sigma * BRIDGE_SPREAD) / UNIFORM_STEP_STD;
  return walk.map((w, i) => {
    if (i === 0) return parent.open;
    if (i === count) return parent.close;
    const drift = parent.open + ((parent.close - parent.open) * i) / count;
    return Math.round(reflect(drift + (w - (end * i) / count) * scale, parent.low, parent.high));
  });
}

/** Index of the child whose body reaches highest (`sign` 1) or lowest (`sign` -1), skipping `skip`. */
function extremeChild(path: readonly number[], count: number, sign: 1 | -1, skip = -1): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = sign * Math.max(sign * path[i]!, sign * path[i + 1]!);
    if (i !== skip && sign * value > bestValue) {
      best = i;
      bestValue = sign * value;
    }
  }
  return best;
}

/**
 * The children of `parent` laid out by `layout`: a Brownian bridge from its open to its close with
 * steps of `sigma` ticks, its high reached in the child whose body is highest and its low in another,
 * the other children's wicks kept inside its range; amounts split so they sum back to it exactly
 * (weighted by the session and by how far each child moves), trade ids as its level numbers them.
 * With `shape`, the path and the children's ranges are given (a cross pair's, from its legs) instead.
 */
export function deriveChildren(parent: Candle, layout: ChildLayout, cell: number, sigma: number, shape?: ChildShape): Candle[] {
  const { count, childMs, childMinutes } = layout;
  const path = shape?.path ?? bridge(parent, count, cell, sigma);
  const highChild = extremeChild(path, count, 1);
  const lowChild = extremeChild(path, count, -1, highChild);
  const least = Math.max(1, childMinutes * MINUTE_MINIMUM);
  // Per-child arrays built in one pass (this runs for every hour and minute generated).
  const highs: number[] = [];
  const lows: number[] = [];
  const minimums: number[] = [];
  const unbounded: number[] = [];
  const zeros: number[] = [];
  const tradeMaximums: number[] = [];
  const volumeWeights: number[] = [];
  const tradeWeights: number[] = [];
  const takerShares: number[] = [];
  const lastTradeDraws: number[] = [];
  for (let i = 0; i < count; i++) {
    const open = path[i]!;
    const close = path[i + 1]!;
    const draws = CHILD_DRAWS + i * 8;
    const wickUp = Math.floor(unitAt(cell, draws) ** 2 * sigma * 1.5);
    const wickDown = Math.floor(unitAt(cell, draws + 1) ** 2 * sigma * 1.5);
    highs.push(i === highChild ? parent.high : Math.min(parent.high, shape?.highs[i] ?? Math.max(open, close) + wickUp));
    lows.push(i === lowChild ? parent.low : Math.max(parent.low, shape?.lows[i] ?? Math.min(open, close) - wickDown));
    const move = Math.abs(close - open) / Math.max(1, sigma);
    const activity = sessionWeight(parent.openTime + i * childMs) * (0.4 + 1.2 * unitAt(cell, draws + 2)) * (0.8 + 0.25 * move);
    volumeWeights.push(activity * 1e6);
    tradeWeights.push(activity * (0.7 + 0.6 * unitAt(cell, draws + 3)) * 1e6);
    takerShares.push(0.35 + 0.3 * unitAt(cell, draws + 4));
    lastTradeDraws.push(unitAt(cell, draws + 5));
    minimums.push(least);
    unbounded.push(Number.POSITIVE_INFINITY);
    zeros.push(0);
    tradeMaximums.push(Math.max(1, childMinutes) * SYNTHETIC_TRADE_CAP);
  }
  const volumes = splitBounded(parent.volume, volumeWeights, minimums, unbounded);
  const tail = childMinutes > 0 ? tailTrades(parent) : 0;
  const tradeMinimums = minimums.slice();
  if (childMinutes > 0) {
    // The last child ends where the parent does, so its last minute holds the parent's last trades.
    tradeMinimums[count - 1] = (childMinutes - 1) * MINUTE_MINIMUM + tail;
    tradeMaximums[count - 1] = (childMinutes - 1) * SYNTHETIC_TRADE_CAP + tail;
  }
  const trades = splitBounded(parent.trades, tradeWeights, tradeMinimums, tradeMaximums);
  const quoteWeights: number[] = [];
  const takerWeights: number[] = [];
  for (let i = 0; i < count; i++) {
    quoteWeights.push(volumes[i]! * (path[i]! + path[i + 1]! + highs[i]! + lows[i]!));
    takerWeights.push(volumes[i]! * takerShares[i]! * 1e3);
  }
  const quoteVolumes = splitProportional(parent.quoteVolume, quoteWeights);
  const takerVolumes = splitBounded(parent.takerBuyVolume, takerWeights, zeros, volumes);
  const takerQuoteWeights: number[] = [];
  for (let i = 0; i < count; i++) takerQuoteWeights.push((quoteVolumes[i]! * takerVolumes[i]! * 1e3) / Math.max(1, volumes[i]!));
  const takerQuotes = splitBounded(parent.takerBuyQuoteVolume, takerQuoteWeights, zeros, quoteVolumes);
  const candles: Candle[] = [];
  let nextTradeId = parent.firstTradeId;
  for (let i = 0; i < count; i++) {
    const openTime = parent.openTime + i * childMs;
    let firstTradeId = nextTradeId;
    let lastTradeId = nextTradeId + trades[i]! - 1;
    if (childMinutes > 0) {
      const firstMinute = openTime / MINUTE_MS;
      const lastTrades = i === count - 1 ? tail : lastMinuteTrades(trades[i]!, childMinutes, lastTradeDraws[i]!);
      firstTradeId = firstMinute * TRADE_ID_STRIDE;
      lastTradeId = (firstMinute + childMinutes - 1) * TRADE_ID_STRIDE + lastTrades - 1;
    }
    nextTradeId = lastTradeId + 1;
    candles.push({
      openTime, closeTime: openTime + childMs - 1, open: path[i]!, high: highs[i]!, low: lows[i]!, close: path[i + 1]!,
      volume: volumes[i]!, quoteVolume: quoteVolumes[i]!, trades: trades[i]!,
      takerBuyVolume: takerVolumes[i]!, takerBuyQuoteVolume: takerQuotes[i]!, firstTradeId, lastTradeId,
    });
  }
  return candles;
}
