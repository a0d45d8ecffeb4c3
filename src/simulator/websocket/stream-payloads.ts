import type { Candle } from '../market/candle.js';
import type { TradeEvent } from '../engine/engine-events.js';
import type { KlineInterval } from '../../spec/binance/intervals.js';
import { klineRow } from '../market/klines.js';
import { averagePrice, bookTicker, depth, rollingTicker, ticker24h } from '../market/market-data.js';
import type { SymbolMarket } from '../market/symbol-market.js';

/**
 * Binance's market stream payloads, built from the same functions the REST endpoints use, so a
 * stream and the matching REST call cannot disagree on a value or its formatting.
 */

const WINDOW_MS = { '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 } as const;

/** `<symbol>@trade`. */
export function tradePayload(trade: TradeEvent, now: number): Record<string, unknown> {
  return {
    e: 'trade', E: now, s: trade.symbol, t: trade.id, p: trade.price, q: trade.qty, T: trade.time,
    m: trade.isBuyerMaker, M: true,
  };
}

/** `<symbol>@aggTrade`: every simulated trade is its own aggregate, as REST aggTrades shows. */
export function aggTradePayload(trade: TradeEvent, now: number): Record<string, unknown> {
  return {
    e: 'aggTrade', E: now, s: trade.symbol, a: trade.id, p: trade.price, q: trade.qty, f: trade.id, l: trade.id,
    T: trade.time, m: trade.isBuyerMaker, M: true,
  };
}

/** `<symbol>@kline_<interval>`, with the values REST klines returns for the same candle. */
export function klinePayload(market: SymbolMarket, interval: KlineInterval, candle: Candle, closed: boolean, now: number): Record<string, unknown> {
  const [t, o, h, l, c, v, T, q, n, V, Q] = klineRow(market.source, candle);
  const s = market.spec.symbol;
  return {
    e: 'kline', E: now, s,
    k: { t, T, s, i: interval, f: candle.firstTradeId, L: candle.lastTradeId, o, c, h, l, v, n, x: closed, q, V, Q, B: '0' },
  };
}

/** `<symbol>@ticker` (24hrTicker). */
export function tickerPayload(market: SymbolMarket, now: number): Record<string, unknown> {
  const t = ticker24h(market, now, 'FULL');
  return {
    e: '24hrTicker', E: now, s: t.symbol, p: t.priceChange, P: t.priceChangePercent, w: t.weightedAvgPrice,
    x: t.prevClosePrice, c: t.lastPrice, Q: t.lastQty, b: t.bidPrice, B: t.bidQty, a: t.askPrice, A: t.askQty,
    o: t.openPrice, h: t.highPrice, l: t.lowPrice, v: t.volume, q: t.quoteVolume,
    O: t.openTime, C: t.closeTime, F: t.firstId, L: t.lastId, n: t.count,
  };
}

/** `<symbol>@miniTicker` (24hrMiniTicker), and the elements of `!miniTicker@arr`. */
export function miniTickerPayload(market: SymbolMarket, now: number): Record<string, unknown> {
  const t = ticker24h(market, now, 'MINI');
  return { e: '24hrMiniTicker', E: now, s: t.symbol, c: t.lastPrice, o: t.openPrice, h: t.highPrice, l: t.lowPrice, v: t.volume, q: t.quoteVolume };
}

/**
 * `<symbol>@ticker_<window>` (1hTicker, 4hTicker, 1dTicker), and the elements of
 * `!ticker_<window>@arr`. As `web-socket-streams.md` says, the window opens on a whole minute and
 * closes now, so it is up to 59 999 ms wider than its name (REST's rolling ticker is not).
 */
export function rollingTickerPayload(market: SymbolMarket, window: keyof typeof WINDOW_MS, now: number): Record<string, unknown> {
  const openTime = Math.floor((now - WINDOW_MS[window]) / 60_000) * 60_000;
  // The statistics run over whole seconds, to the end of the current one, as REST's do.
  const secondsEnd = Math.floor(now / 1000) * 1000 + 1000;
  const t = rollingTicker(market, now, secondsEnd - openTime, 'FULL');
  return {
    e: `${window}Ticker`, E: now, s: t.symbol, p: t.priceChange, P: t.priceChangePercent, o: t.openPrice,
    h: t.highPrice, l: t.lowPrice, c: t.lastPrice, w: t.weightedAvgPrice, v: t.volume, q: t.quoteVolume,
    O: openTime, C: t.closeTime, F: t.firstId, L: t.lastId, n: t.count,
  };
}

/** `<symbol>@avgPrice`. */
export function avgPricePayload(market: SymbolMarket, now: number): Record<string, unknown> {
  const average = averagePrice(market, now);
  return { e: 'avgPrice', E: now, s: market.spec.symbol, i: '5m', w: average.price, T: average.closeTime };
}

/** `<symbol>@bookTicker`: no event type or time, the book's update id instead. */
export function bookTickerPayload(market: SymbolMarket, updateId: number, now: number): Record<string, unknown> {
  const b = bookTicker(market, now);
  return { u: updateId, s: b.symbol, b: b.bidPrice, B: b.bidQty, a: b.askPrice, A: b.askQty };
}

/** `<symbol>@depth<levels>`: the same snapshot REST depth returns with that limit. */
export function partialDepthPayload(market: SymbolMarket, levels: number): Record<string, unknown> {
  return depth(market, levels);
}
