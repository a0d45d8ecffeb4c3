import { Decimal } from '../../core/decimal.js';
import { fixed8, stepsToDecimal, ticksToDecimal } from '../engine/amounts.js';
import type { PublicTrade, SymbolMarket } from './symbol-market.js';
import { RecentMemo } from './recent-memo.js';
import { ASSET_PRECISION } from './symbols.js';
import { formatUnits } from './units.js';
import { FIXED_INTERVAL_MS } from '../../spec/binance/intervals.js';

/** Tickers, average price, depth and recent trades of one symbol, shaped as Binance's. */

const DAY_MS = FIXED_INTERVAL_MS['1d'];

function price(market: SymbolMarket, ticks: number): string {
  return formatUnits(ticks, market.spec.tickDecimals, ASSET_PRECISION);
}

function quantity(market: SymbolMarket, steps: number): string {
  return formatUnits(steps, market.spec.stepDecimals, ASSET_PRECISION);
}

function quoteVolume(market: SymbolMarket, units: number): string {
  return formatUnits(units, market.spec.quoteVolumeDecimals, ASSET_PRECISION);
}

/** Best bid and ask with their quantities. */
export function bookTicker(market: SymbolMarket, now: number): Record<string, string> {
  const bid = market.bestLevel('bids', now);
  const ask = market.bestLevel('asks', now);
  return {
    symbol: market.spec.symbol,
    bidPrice: price(market, bid?.priceTicks ?? 0), bidQty: quantity(market, bid?.steps ?? 0),
    askPrice: price(market, ask?.priceTicks ?? 0), askQty: quantity(market, ask?.steps ?? 0),
  };
}

/** `ticker/price`: the last price. */
export function priceTicker(market: SymbolMarket, now: number): Record<string, string> {
  return { symbol: market.spec.symbol, price: price(market, market.source.lastPrice(now)) };
}

/** `avgPrice`: the volume-weighted price of the last 5 minutes; `closeTime` is the last trade's time. */
export function averagePrice(market: SymbolMarket, now: number): { mins: number; price: string; closeTime: number } {
  return { mins: 5, price: fixed8(averagePriceDecimal(market, now)), closeTime: market.recentTrades(now, 1)[0]?.time ?? now };
}

/** The 5-minute volume-weighted average price, as the PERCENT_PRICE and NOTIONAL filters use it. */
export function averagePriceDecimal(market: SymbolMarket, now: number): Decimal {
  const end = Math.floor(now / 1000) * 1000 + 1000;
  const span = market.source.span(end - 5 * 60_000, end, end - 5 * 60_000, end - 1);
  if (span === undefined || span.volume === 0) return ticksToDecimal(market.spec, market.source.lastPrice(now));
  const quote = new Decimal(formatUnits(span.quoteVolume, market.spec.quoteVolumeDecimals));
  return quote.div(stepsToDecimal(market.spec, span.volume)).round(ASSET_PRECISION, Decimal.roundHalfUp);
}

/** A window's statistics, formatted: everything a ticker shows but its open and close times. */
interface WindowStats {
  readonly openPrice: string;
  readonly highPrice: string;
  readonly lowPrice: string;
  readonly lastPrice: string;
  readonly volume: string;
  readonly quoteVolume: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly count: number;
  readonly priceChange: string;
  readonly priceChangePercent: string;
  readonly weightedAvgPrice: string;
  /** The close of the second before the window (the 24h ticker's `prevClosePrice`). */
  readonly prevClosePrice: string;
}

/** Windows kept per symbol: tickers of a few window sizes, over the current and the last second. */
const WINDOWS_KEPT = 8;
const windowsKept = new WeakMap<SymbolMarket, RecentMemo<string, WindowStats>>();

/** The statistics of the window [start, end) of whole seconds, from the computed candles. */
function computeWindowStats(market: SymbolMarket, start: number, end: number): WindowStats {
  const span = market.source.span(start, end, start, end - 1);
  const open = span?.open ?? market.source.lastPrice(end - 1000);
  const last = span?.close ?? open;
  const volume = span?.volume ?? 0;
  const quote = span?.quoteVolume ?? 0;
  const change = last - open;
  return {
    openPrice: price(market, open), highPrice: price(market, span?.high ?? open), lowPrice: price(market, span?.low ?? open),
    lastPrice: price(market, last), volume: quantity(market, volume), quoteVolume: quoteVolume(market, quote),
    firstId: span?.firstTradeId ?? -1, lastId: span?.lastTradeId ?? -1, count: span?.trades ?? 0,
    priceChange: (change < 0 ? '-' : '') + price(market, Math.abs(change)),
    priceChangePercent: (open === 0 ? new Decimal(0) : new Decimal(change).times(100).div(open)).toFixed(3),
    weightedAvgPrice: (volume === 0 ? new Decimal(0)
      : new Decimal(formatUnits(quote, market.spec.quoteVolumeDecimals)).div(stepsToDecimal(market.spec, volume))).toFixed(ASSET_PRECISION),
    prevClosePrice: price(market, market.source.second(start - 1000).close),
  };
}

/**
 * Statistics of the window of `windowMs` ending now. They depend only on the current second and
 * the window (the candles are a pure function of time), so every request within a second after the
 * first reuses them.
 */
function windowStats(market: SymbolMarket, now: number, windowMs: number) {
  const end = Math.floor(now / 1000) * 1000 + 1000;
  const start = end - windowMs;
  let memo = windowsKept.get(market);
  if (memo === undefined) windowsKept.set(market, memo = new RecentMemo(WINDOWS_KEPT));
  const stats = memo.get(`${end}/${windowMs}`, () => computeWindowStats(market, start, end));
  const mini = {
    symbol: market.spec.symbol,
    openPrice: stats.openPrice, highPrice: stats.highPrice, lowPrice: stats.lowPrice,
    lastPrice: stats.lastPrice, volume: stats.volume, quoteVolume: stats.quoteVolume,
    openTime: now - windowMs, closeTime: now,
    firstId: stats.firstId, lastId: stats.lastId, count: stats.count,
  };
  const changes = { priceChange: stats.priceChange, priceChangePercent: stats.priceChangePercent, weightedAvgPrice: stats.weightedAvgPrice };
  return { mini, changes, prevClosePrice: stats.prevClosePrice };
}

/** The rolling 24-hour ticker, FULL or MINI. */
export function ticker24h(market: SymbolMarket, now: number, type: 'FULL' | 'MINI'): Record<string, unknown> {
  const { mini, changes, prevClosePrice } = windowStats(market, now, DAY_MS);
  if (type === 'MINI') return mini;
  const lastTrade = market.recentTrades(now, 1)[0];
  const book = bookTicker(market, now);
  return {
    symbol: mini.symbol, ...changes,
    prevClosePrice,
    lastPrice: mini.lastPrice, lastQty: quantity(market, lastTrade?.steps ?? 0),
    bidPrice: book.bidPrice, bidQty: book.bidQty, askPrice: book.askPrice, askQty: book.askQty,
    openPrice: mini.openPrice, highPrice: mini.highPrice, lowPrice: mini.lowPrice,
    volume: mini.volume, quoteVolume: mini.quoteVolume,
    openTime: mini.openTime, closeTime: mini.closeTime, firstId: mini.firstId, lastId: mini.lastId, count: mini.count,
  };
}

/** The rolling-window ticker (`GET /api/v3/ticker`), FULL or MINI. */
export function rollingTicker(market: SymbolMarket, now: number, windowMs: number, type: 'FULL' | 'MINI'): Record<string, unknown> {
  const { mini, changes } = windowStats(market, now, windowMs);
  if (type === 'MINI') return mini;
  const { symbol, ...rest } = mini;
  return { symbol, ...changes, ...rest };
}

/** `depth`: the top `limit` levels each side and the book's update id. */
export function depth(market: SymbolMarket, limit: number): { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] } {
  const level = (l: { priceTicks: number; steps: number }): [string, string] => [price(market, l.priceTicks), quantity(market, l.steps)];
  return {
    lastUpdateId: market.updateId,
    bids: market.publishedSide('bids').slice(0, limit).map(level),
    asks: market.publishedSide('asks').slice(0, limit).map(level),
  };
}

/** `trades` and `historicalTrades` elements. */
export function tradeViews(market: SymbolMarket, trades: readonly PublicTrade[]): Record<string, unknown>[] {
  return trades.map((trade) => ({
    id: trade.id,
    price: price(market, trade.priceTicks),
    qty: quantity(market, trade.steps),
    quoteQty: fixed8(ticksToDecimal(market.spec, trade.priceTicks).times(stepsToDecimal(market.spec, trade.steps))),
    time: trade.time,
    isBuyerMaker: trade.isBuyerMaker,
    isBestMatch: true,
  }));
}

/** `aggTrades` elements: every simulated trade is its own aggregate. */
export function aggTradeViews(market: SymbolMarket, trades: readonly PublicTrade[]): Record<string, unknown>[] {
  return trades.map((trade) => ({
    a: trade.id, p: price(market, trade.priceTicks), q: quantity(market, trade.steps), f: trade.id, l: trade.id,
    T: trade.time, m: trade.isBuyerMaker, M: true,
  }));
}
