import type { Decimal, DecimalInput } from './decimal.js';

/** Kline intervals, as Binance names them (case-sensitive). */
export const INTERVALS = [
  '1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M',
] as const;
/** A kline interval such as `1m` or `1d`. */
export type Interval = (typeof INTERVALS)[number];

/** Order sides. */
export const ORDER_SIDES = ['BUY', 'SELL'] as const;
/** Order side. */
export type OrderSide = (typeof ORDER_SIDES)[number];

/** Order types the connector places. */
export const ORDER_TYPES = ['MARKET', 'LIMIT', 'LIMIT_MAKER'] as const;
/** An order type the connector places. */
export type OrderType = (typeof ORDER_TYPES)[number];
/** Any order type an exchange may report, including ones we do not place. */
export type ReportedOrderType = OrderType | (string & {});

/** Time-in-force values. */
export const TIME_IN_FORCE = ['GTC', 'IOC', 'FOK'] as const;
/** Time in force. */
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

/** Order statuses, Binance's names; open-ended so new statuses do not break parsing. */
export type OrderStatus =
  | 'NEW' | 'PENDING_NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'PENDING_CANCEL'
  | 'REJECTED' | 'EXPIRED' | 'EXPIRED_IN_MATCH' | (string & {});

/** Statuses after which an order can no longer change. */
export const FINAL_ORDER_STATUSES: ReadonlySet<string> = new Set([
  'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH',
]);

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

interface OrderRequestBase {
  symbol: string;
  side: OrderSide;
  /** Your id for the order; generated when absent. Makes placement idempotent. */
  clientOrderId?: string;
  /** Round price to the tick size and quantity down to the step size instead of rejecting. */
  roundToFilters?: boolean;
}

/** MARKET order for a base-asset quantity. */
export interface MarketOrderRequest extends OrderRequestBase {
  type: 'MARKET';
  quantity: DecimalInput;
  quoteQuantity?: never;
}

/** MARKET order spending (BUY) or receiving (SELL) a quote-asset amount. */
export interface MarketQuoteOrderRequest extends OrderRequestBase {
  type: 'MARKET';
  quoteQuantity: DecimalInput;
  quantity?: never;
}

/** LIMIT order. */
export interface LimitOrderRequest extends OrderRequestBase {
  type: 'LIMIT';
  quantity: DecimalInput;
  price: DecimalInput;
  /** Defaults to GTC. */
  timeInForce?: TimeInForce;
}

/** LIMIT_MAKER order: rejected if it would match immediately. */
export interface LimitMakerOrderRequest extends OrderRequestBase {
  type: 'LIMIT_MAKER';
  quantity: DecimalInput;
  price: DecimalInput;
}

/** An order to place: a discriminated union, so a LIMIT order without a price does not compile. */
export type OrderRequest = MarketOrderRequest | MarketQuoteOrderRequest | LimitOrderRequest | LimitMakerOrderRequest;

/** One fill of an order. */
export interface Fill {
  price: Decimal;
  quantity: Decimal;
  commission: Decimal;
  commissionAsset: string;
  tradeId: number;
}

/** One fill of the account's own, with what it paid for it (Binance's `myTrades`). */
export interface AccountTrade {
  /** The exchange's trade id: fills of one symbol are numbered in order. */
  tradeId: number;
  orderId: string;
  /** The order list the order belongs to; undefined when none. */
  orderListId: string | undefined;
  symbol: string;
  /** The account's side in this fill. */
  side: OrderSide;
  price: Decimal;
  quantity: Decimal;
  quoteQuantity: Decimal;
  /** The fee, in `commissionAsset`: taken from what the fill gave the account when it is that asset. */
  commission: Decimal;
  commissionAsset: string;
  /** True when the account's order was resting on the book (it provided liquidity). */
  isMaker: boolean;
  isBuyer: boolean;
  /** When the trade happened, epoch ms. */
  time: number;
}

/**
 * Which of the account's fills to read, as Binance allows them together: nothing (the most
 * recent), `orderId` (with `fromId` or alone), `fromId`, or a time range of at most 24 hours.
 */
export interface AccountTradeQuery {
  startTime?: number;
  endTime?: number;
  /** The first trade id wanted (the page holds this id and later ones). */
  fromId?: number;
  /** Only the fills of this order (weight 5 instead of 20). */
  orderId?: string;
  /** At most this many fills, 1 to 1000. @default 500 */
  limit?: number;
}

/** An order as the exchange knows it. */
export interface Order {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: ReportedOrderType;
  timeInForce: TimeInForce | null;
  status: OrderStatus;
  price: Decimal;
  quantity: Decimal;
  executedQuantity: Decimal;
  cumulativeQuoteQuantity: Decimal;
  /** For quote-quantity MARKET orders, the requested quote amount; otherwise zero. */
  quoteQuantity: Decimal;
  /**
   * When the order was placed (epoch ms), never changed by a cancel; undefined when the answer
   * does not say, as Binance's cancel answer does not (query the order for it).
   */
  createdAt: number | undefined;
  /** When the order last changed (epoch ms): a cancel answer's is the cancel time. */
  updatedAt: number;
  /** Fills reported with the placement response (empty for queries). */
  fills: Fill[];
}

/** A spot holding of one asset. */
export interface Position {
  asset: string;
  free: Decimal;
  locked: Decimal;
  total: Decimal;
}

/** Options for candle history. */
export interface CandleQuery {
  startTime?: number;
  endTime?: number;
  /** Number of candles wanted; may exceed one page, the connector pages through. */
  limit?: number;
}
