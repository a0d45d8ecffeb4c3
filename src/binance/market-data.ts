import type { Decimal } from '../core/decimal.js';
import type {
  AggregateTrade, AggregateTradeQuery, AveragePrice, BookTicker, CandleQuery, Candlestick, Interval, MarketTickerWindow, OrderBook,
  RecentTrade, Ticker,
} from '../core/models.js';
import { PAGE_LIMITS } from '../spec/binance/page-limits.js';
import { fetchCandleRange, intervalMs, iterateCandlePages, type CandlePageQuery } from './candles.js';
import {
  parseAggregateTrades, parseAveragePrice, parseBookTicker, parseBookTickers, parseRecentTrades, parseTickers,
} from './market-data-parsers.js';
import { parseDepth, parseKlines, parseTicker24hr } from './parsers.js';
import type { Params } from './rest/types.js';
import { STREAM_TICKER_WINDOWS } from '../spec/binance/intervals.js';
import {
  checkCandleQuery, checkDepthLimit, checkHistoryRange, checkInterval, checkObject, checkTimeRange, invalid,
} from './validation.js';

/**
 * The public market-data reads (candles of any range, 24-hour tickers, order book snapshots,
 * recent and aggregate trades, book tickers, the average price): arguments checked as Binance
 * documents them before any request, then one GET each (several for a range of candles).
 */

/** Klines pages `candleHistory()` keeps in flight for fixed-length intervals. */
const HISTORY_PAGES_IN_FLIGHT = 3;

/** What the reads take from the connector. */
export interface MarketDataDeps {
  /** A public GET through the connector's pipeline. */
  get(path: string, params: Params): Promise<unknown>;
  /** The normalised symbol, known to exchangeInfo (InvalidArgumentError otherwise). */
  symbolName(symbol: string): Promise<string>;
  /** Server-aligned now: when a candle is final, and the default end of a range. */
  serverNow(): number;
  /** The last price seen per symbol, the reference of a MARKET order's checks: tickers and open candles update it. */
  lastPrices: Map<string, Decimal>;
  /** Klines pages `candles()` fetches at once when both ends of the range are known. */
  candleConcurrency: number;
}

/** Checks a `limit` of a paged endpoint: an integer from 1 to its documented maximum. */
function checkLimit(limit: unknown, endpoint: keyof typeof PAGE_LIMITS): void {
  const { max } = PAGE_LIMITS[endpoint];
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max)) {
    throw invalid('limit', 'RANGE', `must be an integer from 1 to ${max}, got ${String(limit)}`);
  }
}

/**
 * Checks an `aggTrades` query as Binance documents it: `limit` 1 to 1000, integer times with the end
 * not before the start, a non-negative integer `fromId`, and `fromId` never with a time range.
 */
function checkAggregateTradeQuery(query: AggregateTradeQuery): void {
  checkObject(query, 'query');
  checkLimit(query.limit, 'GET /api/v3/aggTrades');
  checkTimeRange(query);
  const fromId: unknown = query.fromId;
  if (fromId === undefined) return;
  if (typeof fromId !== 'number' || !Number.isInteger(fromId) || fromId < 0) {
    throw invalid('fromId', 'INTEGER', `must be a non-negative integer aggregate trade id, got ${String(fromId)}`);
  }
  if (query.startTime !== undefined || query.endTime !== undefined) {
    throw invalid('fromId', 'COMBINATION', 'cannot be combined with startTime or endTime (Binance\'s rule for aggTrades)');
  }
}

/**
 * The `symbols` parameter as Binance reads it, `["BTCUSDT","ETHUSDT"]`: each name checked against
 * exchangeInfo, duplicates dropped. Undefined (no parameter: every symbol) when `symbols` is.
 */
export async function symbolsParam(symbols: readonly string[] | undefined, deps: Pick<MarketDataDeps, 'symbolName'>): Promise<string | undefined> {
  if (symbols === undefined) return undefined;
  if (!Array.isArray(symbols) || symbols.length === 0) {
    throw invalid('symbols', 'REQUIRED', 'must be a non-empty array of symbols, or left out for every symbol');
  }
  const names = [...new Set(await Promise.all(symbols.map((symbol) => deps.symbolName(symbol))))];
  return JSON.stringify(names);
}

/** Options of `subscribeAllTickers`. */
export interface AllTickersOptions {
  /** `24h`: `!miniTicker@arr`; `1h`, `4h`, `1d`: the rolling-window `!ticker_<window>@arr`. @default '24h' */
  window?: MarketTickerWindow;
}

// 24h is `!miniTicker@arr`; the others are Binance's rolling windows.
const TICKER_WINDOWS: readonly MarketTickerWindow[] = ['24h', ...STREAM_TICKER_WINDOWS];

/** Checks the all-market ticker window; returns it, `24h` when absent. */
export function checkTickerWindow(options: AllTickersOptions): MarketTickerWindow {
  checkObject(options, 'options');
  const window = options.window ?? '24h';
  if (!TICKER_WINDOWS.includes(window)) {
    throw invalid('window', 'ENUM', `must be one of ${TICKER_WINDOWS.join(', ')}, got ${JSON.stringify(window)}`);
  }
  return window;
}

/** The reads, bound to one connector. */
export class MarketDataReads {
  readonly #deps: MarketDataDeps;

  constructor(deps: MarketDataDeps) {
    this.#deps = deps;
  }

  /** `GET /api/v3/klines` pages of any range, in order without duplicates (see `fetchCandleRange`). */
  async candles(symbol: string, interval: Interval, query: CandleQuery): Promise<Candlestick[]> {
    const name = await this.#deps.symbolName(symbol);
    checkInterval(interval);
    checkCandleQuery(query);
    return fetchCandleRange(this.#candlePage(name, interval), interval, query, {
      now: this.#deps.serverNow(), concurrency: this.#deps.candleConcurrency,
    });
  }

  /** The `GET /api/v3/klines` pages of `[startTime, endTime]` (end defaults to now), in order; checks the arguments when the first page is asked for. */
  async *candleHistoryPages(symbol: string, interval: Interval, range: { startTime: number; endTime?: number }): AsyncGenerator<Candlestick[], void, undefined> {
    const name = await this.#deps.symbolName(symbol);
    checkInterval(interval);
    checkHistoryRange(range);
    const now = this.#deps.serverNow();
    const stepMs = intervalMs(interval);
    yield* iterateCandlePages(
      this.#candlePage(name, interval),
      { startTime: range.startTime, endTime: range.endTime ?? now },
      stepMs === undefined ? undefined : { stepMs, now, depth: HISTORY_PAGES_IN_FLIGHT },
    );
  }

  /** `GET /api/v3/ticker/24hr?symbol=`; its last price becomes the symbol's reference. */
  async ticker(symbol: string): Promise<Ticker> {
    const name = await this.#deps.symbolName(symbol);
    const ticker = parseTicker24hr(await this.#deps.get('/api/v3/ticker/24hr', [['symbol', name]]));
    this.#deps.lastPrices.set(name, ticker.lastPrice);
    return ticker;
  }

  /** `GET /api/v3/depth`, `limit` levels a side. */
  async orderBook(symbol: string, limit: number): Promise<OrderBook> {
    const name = await this.#deps.symbolName(symbol);
    checkDepthLimit(limit);
    return parseDepth(await this.#deps.get('/api/v3/depth', [['symbol', name], ['limit', limit]]), name);
  }

  /** `GET /api/v3/trades` (weight 25): the last `limit` trades (default 500, at most 1000), oldest first. */
  async recentTrades(symbol: string, limit?: number): Promise<RecentTrade[]> {
    const name = await this.#deps.symbolName(symbol);
    checkLimit(limit, 'GET /api/v3/trades');
    return parseRecentTrades(await this.#deps.get('/api/v3/trades', [['symbol', name], ['limit', limit]]), name);
  }

  /** `GET /api/v3/aggTrades` (weight 4). */
  async aggregateTrades(symbol: string, query: AggregateTradeQuery): Promise<AggregateTrade[]> {
    const name = await this.#deps.symbolName(symbol);
    checkAggregateTradeQuery(query);
    return parseAggregateTrades(await this.#deps.get('/api/v3/aggTrades', [
      ['symbol', name], ['fromId', query.fromId], ['startTime', query.startTime], ['endTime', query.endTime], ['limit', query.limit],
    ]), name);
  }

  /** `GET /api/v3/ticker/bookTicker?symbol=` (weight 2). */
  async bookTicker(symbol: string): Promise<BookTicker> {
    const name = await this.#deps.symbolName(symbol);
    return parseBookTicker(await this.#deps.get('/api/v3/ticker/bookTicker', [['symbol', name]]));
  }

  /** `GET /api/v3/ticker/bookTicker` with `symbols`, or without for every symbol (weight 4 either way). */
  async bookTickers(symbols?: readonly string[]): Promise<BookTicker[]> {
    const param = await symbolsParam(symbols, this.#deps);
    return parseBookTickers(await this.#deps.get('/api/v3/ticker/bookTicker', [['symbols', param]]));
  }

  /** `GET /api/v3/ticker/24hr` with `symbols` (weight 2 up to 20 symbols, 40 up to 100, 80 beyond), or without (80); last prices become the references. */
  async tickers(symbols?: readonly string[]): Promise<Ticker[]> {
    const param = await symbolsParam(symbols, this.#deps);
    const tickers = parseTickers(await this.#deps.get('/api/v3/ticker/24hr', [['symbols', param]]));
    for (const ticker of tickers) this.#deps.lastPrices.set(ticker.symbol, ticker.lastPrice);
    return tickers;
  }

  /** `GET /api/v3/avgPrice` (weight 2). */
  async averagePrice(symbol: string): Promise<AveragePrice> {
    const name = await this.#deps.symbolName(symbol);
    return parseAveragePrice(await this.#deps.get('/api/v3/avgPrice', [['symbol', name]]), name);
  }

  /** One klines page of `symbol`; an open last candle's close becomes the symbol's reference price. */
  #candlePage(symbol: string, interval: Interval): (query: CandlePageQuery) => Promise<Candlestick[]> {
    return async (query) => {
      // Taken before sending: the server answered no earlier, so a candle ended by then is final; one
      // that ended while the answer travelled may lack its last trades and is not closed.
      const sentAt = this.#deps.serverNow();
      const wire = await this.#deps.get('/api/v3/klines', [
        ['symbol', symbol], ['interval', interval], ['startTime', query.startTime], ['endTime', query.endTime], ['limit', query.limit],
      ]);
      const candles = parseKlines(wire, symbol, interval, sentAt);
      const latest = candles.at(-1);
      if (latest !== undefined && !latest.closed) this.#deps.lastPrices.set(symbol, latest.close);
      return candles;
    };
  }
}
