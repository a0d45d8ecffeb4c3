import type { AggregateTrade, BookTicker, MarketTicker, MarketTickerWindow } from '../../core/models.js';
import { parseAggregateTrade } from '../market-data-parsers.js';
import { dec, int, list, record, text } from '../wire-fields.js';

/**
 * Parsers of the book-ticker, aggregate-trade and all-market ticker streams (shapes in Binance's
 * `web-socket-streams.md`), as `stream-parsers.ts` parses the others. They run for every message of
 * busy streams, so each reads the fields it needs once, straight into the model.
 */

/** A `<symbol>@bookTicker` event (no event type or time: the book's update id `u`) → BookTicker. */
export function parseBookTickerEvent(event: unknown): BookTicker {
  const w = 'bookTicker event';
  const wire = record(event, w);
  return {
    symbol: text(wire.s, w, 's'),
    bidPrice: dec(wire.b, w, 'b'),
    bidQuantity: dec(wire.B, w, 'B'),
    askPrice: dec(wire.a, w, 'a'),
    askQuantity: dec(wire.A, w, 'A'),
    updateId: int(wire.u, w, 'u'),
  };
}

/** An `aggTrade` event → AggregateTrade with its event time. */
export function parseAggregateTradeEvent(event: unknown): AggregateTrade {
  const w = 'aggTrade event';
  const wire = record(event, w);
  const trade = parseAggregateTrade(wire, text(wire.s, w, 's'), w);
  trade.eventTime = int(wire.E, w, 'E');
  return trade;
}

/** One element of `!miniTicker@arr` (a `24hrMiniTicker`): prices and volumes only. */
function parseMiniTicker(entry: unknown, i: number): MarketTicker {
  const w = '24hrMiniTicker event';
  const wire = record(entry, w, `[${i}]`);
  return {
    symbol: text(wire.s, w, 's'),
    window: '24h',
    lastPrice: dec(wire.c, w, 'c'),
    openPrice: dec(wire.o, w, 'o'),
    highPrice: dec(wire.h, w, 'h'),
    lowPrice: dec(wire.l, w, 'l'),
    volume: dec(wire.v, w, 'v'),
    quoteVolume: dec(wire.q, w, 'q'),
    priceChangePercent: undefined,
    weightedAveragePrice: undefined,
    openTime: undefined,
    closeTime: undefined,
    trades: undefined,
    eventTime: int(wire.E, w, 'E'),
  };
}

/**
 * One element of `!ticker_<window>@arr` (a `1hTicker`, `4hTicker` or `1dTicker`). Written out in
 * full rather than built on the mini ticker's fields: one object literal keeps every ticker of
 * every update in one shape, which V8 reads and builds fastest.
 */
function parseWindowTicker(entry: unknown, i: number, window: MarketTickerWindow): MarketTicker {
  const w = `${window}Ticker event`;
  const wire = record(entry, w, `[${i}]`);
  return {
    symbol: text(wire.s, w, 's'),
    window,
    lastPrice: dec(wire.c, w, 'c'),
    openPrice: dec(wire.o, w, 'o'),
    highPrice: dec(wire.h, w, 'h'),
    lowPrice: dec(wire.l, w, 'l'),
    volume: dec(wire.v, w, 'v'),
    quoteVolume: dec(wire.q, w, 'q'),
    priceChangePercent: dec(wire.P, w, 'P'),
    weightedAveragePrice: dec(wire.w, w, 'w'),
    openTime: int(wire.O, w, 'O'),
    closeTime: int(wire.C, w, 'C'),
    trades: int(wire.n, w, 'n'),
    eventTime: int(wire.E, w, 'E'),
  };
}

/** A `!miniTicker@arr` (window `24h`) or `!ticker_<window>@arr` message → the tickers that changed. */
export function parseAllTickersEvent(event: unknown, window: MarketTickerWindow): MarketTicker[] {
  const entries = list(event, window === '24h' ? '!miniTicker@arr event' : `!ticker_${window}@arr event`);
  const out: MarketTicker[] = new Array<MarketTicker>(entries.length);
  if (window === '24h') for (let i = 0; i < entries.length; i += 1) out[i] = parseMiniTicker(entries[i], i);
  else for (let i = 0; i < entries.length; i += 1) out[i] = parseWindowTicker(entries[i], i, window);
  return out;
}

/** The stream name of the all-market tickers of a window. */
export function allTickersStream(window: MarketTickerWindow): string {
  return window === '24h' ? '!miniTicker@arr' : `!ticker_${window}@arr`;
}
