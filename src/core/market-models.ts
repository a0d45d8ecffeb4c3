import type { Decimal } from './decimal.js';

/**
 * The market-data models: intervals, candles, tickers, public trades, order books and the
 * exchange-wide reads (aggregate trades, book tickers, average price, all-market tickers).
 * Re-exported by `models.ts` with the rest of the public models.
 */

/** Kline intervals, as Binance names them (case-sensitive). */
export const INTERVALS = [
  '1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M',
] as const;
/** A kline interval such as `1m` or `1d`. */
export type Interval = (typeof INTERVALS)[number];

/** One candle (kline). Times are epoch milliseconds. */
export interface Candlestick {
  symbol: string;
  interval: Interval;
  openTime: number;
  closeTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  trades: number;
  /** True once the interval has ended and the candle can no longer change. */
  closed: boolean;
  /**
   * When the exchange sent the stream event that carried this candle (Binance's `E`), so delivery
   * latency can be measured. Absent on candles from REST, including those backfilled after a reconnect.
   */
  eventTime?: number;
}

/** 24-hour rolling ticker. */
export interface Ticker {
  symbol: string;
  lastPrice: Decimal;
  bidPrice: Decimal;
  askPrice: Decimal;
  openPrice: Decimal;
  highPrice: Decimal;
  lowPrice: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  priceChangePercent: Decimal;
  closeTime: number;
}

/** One public trade of a symbol, as the trade stream reports it. Times are epoch milliseconds. */
export interface Trade {
  symbol: string;
  tradeId: number;
  price: Decimal;
  quantity: Decimal;
  /** When the trade happened. */
  time: number;
  /** True when the buyer's order was resting on the book, i.e. the seller took liquidity. */
  isBuyerMaker: boolean;
  /** When the exchange sent the stream event (Binance's `E`). */
  eventTime: number;
}

/** One price level of an order book. */
export interface PriceLevel {
  price: Decimal;
  quantity: Decimal;
}

/** An order book snapshot; bids and asks best first. */
export interface OrderBook {
  symbol: string;
  lastUpdateId: number;
  bids: PriceLevel[];
  asks: PriceLevel[];
}

/** Options for candle history. */
export interface CandleQuery {
  startTime?: number;
  endTime?: number;
  /** Number of candles wanted; may exceed one page, the connector pages through. */
  limit?: number;
}

// ---- market data: recent and aggregate trades, book tickers, average price, all-market tickers ----

/** One public trade read over REST (`getRecentTrades`): a Trade without a stream event time, with its quote amount. */
export interface RecentTrade {
  symbol: string;
  tradeId: number;
  price: Decimal;
  quantity: Decimal;
  /** `price × quantity` as the exchange reports it. */
  quoteQuantity: Decimal;
  /** When the trade happened. */
  time: number;
  /** True when the buyer's order was resting on the book, i.e. the seller took liquidity. */
  isBuyerMaker: boolean;
}

/**
 * An aggregate trade: the fills of one taker order at one price and time, their quantities summed.
 * `eventTime` is set only on trades from the stream.
 */
export interface AggregateTrade {
  symbol: string;
  aggregateTradeId: number;
  price: Decimal;
  quantity: Decimal;
  /** Ids of the first and last individual trade it sums. */
  firstTradeId: number;
  lastTradeId: number;
  time: number;
  isBuyerMaker: boolean;
  eventTime?: number;
}

/**
 * Which aggregate trades to read: from an aggregate trade id on, or by time (`startTime` and/or
 * `endTime`, each inclusive), never both; with neither, the most recent. `limit` 1 to 1000,
 * default 500.
 */
export interface AggregateTradeQuery {
  fromId?: number;
  startTime?: number;
  endTime?: number;
  limit?: number;
}

/** The best bid and ask of a symbol with their quantities. `updateId` (the book's) is set only on stream updates. */
export interface BookTicker {
  symbol: string;
  bidPrice: Decimal;
  bidQuantity: Decimal;
  askPrice: Decimal;
  askQuantity: Decimal;
  updateId?: number;
}

/** The exchange's average price of a symbol over the last `minutes` (the price its PERCENT_PRICE filters use). */
export interface AveragePrice {
  symbol: string;
  minutes: number;
  price: Decimal;
  /** Time of the last trade counted. */
  closeTime: number;
}

/** Windows of the all-market ticker stream: `24h` is `!miniTicker@arr`, the others `!ticker_<window>@arr`. */
export type MarketTickerWindow = '24h' | '1h' | '4h' | '1d';

/**
 * One symbol of an all-market ticker update (`subscribeAllTickers`). An update carries only the
 * symbols whose statistics changed since the previous one (about once a second), never the whole
 * market, and never a bid or an ask (`subscribeBookTicker` has those). With the default window
 * (`24h`, Binance's `!miniTicker@arr`) it carries prices and volumes only: `priceChangePercent`,
 * `weightedAveragePrice`, `openTime`, `closeTime` and `trades` are undefined. The rolling windows
 * (`1h`, `4h`, `1d`) carry them; their window opens on a whole minute, so it may be up to a minute
 * longer than its name.
 */
export interface MarketTicker {
  symbol: string;
  window: MarketTickerWindow;
  lastPrice: Decimal;
  openPrice: Decimal;
  highPrice: Decimal;
  lowPrice: Decimal;
  /** Base-asset and quote-asset volume over the window. */
  volume: Decimal;
  quoteVolume: Decimal;
  priceChangePercent: Decimal | undefined;
  weightedAveragePrice: Decimal | undefined;
  openTime: number | undefined;
  closeTime: number | undefined;
  trades: number | undefined;
  /** When the exchange sent the update (Binance's `E`). */
  eventTime: number;
}
