import type { AggregateTrade, AveragePrice, BookTicker, RecentTrade, Ticker } from '../core/models.js';
import { parseTicker24hr } from './parsers.js';
import { dec, int, list, record, text } from './wire-fields.js';

/**
 * Parsers of the market-data reads (`trades`, `aggTrades`, `ticker/bookTicker`, `avgPrice`, several
 * 24-hour tickers), as `parsers.ts` parses the others: decimals from their strings, and a body or
 * field of the wrong shape a MalformedResponseError naming it.
 */

/** `GET /api/v3/trades` → trades, oldest first as Binance sends them. */
export function parseRecentTrades(body: unknown, symbol: string): RecentTrade[] {
  const w = 'trade';
  return list(body, 'trades').map((entry, i) => {
    const wire = record(entry, w, `[${i}]`);
    return {
      symbol,
      tradeId: int(wire.id, w, 'id'),
      price: dec(wire.price, w, 'price'),
      quantity: dec(wire.qty, w, 'qty'),
      quoteQuantity: dec(wire.quoteQty, w, 'quoteQty'),
      time: int(wire.time, w, 'time'),
      isBuyerMaker: wire.isBuyerMaker === true,
    };
  });
}

/** One aggregate trade, REST element or stream event (the same single-letter keys). */
export function parseAggregateTrade(wire: Readonly<Record<string, unknown>>, symbol: string, what: string): AggregateTrade {
  return {
    symbol,
    aggregateTradeId: int(wire.a, what, 'a'),
    price: dec(wire.p, what, 'p'),
    quantity: dec(wire.q, what, 'q'),
    firstTradeId: int(wire.f, what, 'f'),
    lastTradeId: int(wire.l, what, 'l'),
    time: int(wire.T, what, 'T'),
    isBuyerMaker: wire.m === true,
  };
}

/** `GET /api/v3/aggTrades` → aggregate trades, oldest first. */
export function parseAggregateTrades(body: unknown, symbol: string): AggregateTrade[] {
  return list(body, 'aggTrades').map((entry, i) => parseAggregateTrade(record(entry, 'aggTrade', `[${i}]`), symbol, 'aggTrade'));
}

/** One `ticker/bookTicker` object. */
export function parseBookTicker(body: unknown): BookTicker {
  const w = 'book ticker';
  const wire = record(body, w);
  return {
    symbol: text(wire.symbol, w, 'symbol'),
    bidPrice: dec(wire.bidPrice, w, 'bidPrice'),
    bidQuantity: dec(wire.bidQty, w, 'bidQty'),
    askPrice: dec(wire.askPrice, w, 'askPrice'),
    askQuantity: dec(wire.askQty, w, 'askQty'),
  };
}

/** `GET /api/v3/ticker/bookTicker` without `symbol` → one per symbol. */
export function parseBookTickers(body: unknown): BookTicker[] {
  return list(body, 'book tickers').map(parseBookTicker);
}

/** `GET /api/v3/ticker/24hr` without `symbol` → one Ticker per symbol. */
export function parseTickers(body: unknown): Ticker[] {
  return list(body, 'tickers').map(parseTicker24hr);
}

/** `GET /api/v3/avgPrice` → AveragePrice. */
export function parseAveragePrice(body: unknown, symbol: string): AveragePrice {
  const w = 'average price';
  const wire = record(body, w);
  return { symbol, minutes: int(wire.mins, w, 'mins'), price: dec(wire.price, w, 'price'), closeTime: int(wire.closeTime, w, 'closeTime') };
}
