import type { Decimal } from './decimal.js';
import type { ExchangeError } from './errors.js';
import type { PegOffsetType, PegPriceType, SelfTradePreventionMode } from './order-requests.js';

/**
 * The public models of every connector: orders as the exchange knows them, fills, order lists,
 * positions and account reads. The market-data models (`market-models.ts`) and what order
 * placement takes (`order-requests.ts`) live beside it and are re-exported here, so code imports
 * every model from this one module.
 */
export * from './market-models.js';
export * from './order-requests.js';

/** Order sides. */
export const ORDER_SIDES = ['BUY', 'SELL'] as const;
/** Order side. */
export type OrderSide = (typeof ORDER_SIDES)[number];

/** Order types the connector places. */
export const ORDER_TYPES = [
  'MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT',
] as const;
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

// ---- commission rates and order rate limits ----

/** One kind of commission's rates, as fractions of the amount received (0.001 is 0.1 %). */
export interface CommissionRateSet {
  maker: Decimal;
  taker: Decimal;
  buyer: Decimal;
  seller: Decimal;
}

/**
 * An account's commission rates on one symbol, as Binance reports them. A fill pays, on what it
 * received, the sum over the three kinds of its role's rate (maker or taker) plus its side's
 * (buyer or seller); the discount lowers only the standard part, when paid in `discountAsset`.
 */
export interface CommissionRates {
  symbol: string;
  standard: CommissionRateSet;
  special: CommissionRateSet;
  tax: CommissionRateSet;
  discount: {
    enabledForAccount: boolean;
    enabledForSymbol: boolean;
    discountAsset: string;
    /** Binance's `discount`: the rate by which standard commission is reduced when paid in `discountAsset`. */
    discount: Decimal;
  };
}

/** One ORDERS window of the account's unfilled order count (`rateLimit/order`). */
export interface OrderRateLimit {
  /** `SECOND`, `MINUTE`, `HOUR` or `DAY`. */
  interval: string;
  intervalNum: number;
  limit: number;
  /** Orders counted in the current window. */
  count: number;
}

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
  /** The trigger price of a stop or take-profit order; absent when the exchange reports none. The fields to `expiryReason` are absent when not reported. */
  stopPrice?: Decimal | undefined;
  /** The trailing delta in basis points, for trailing stops. */
  trailingDelta?: number | undefined;
  /** When a trailing stop began to trail (epoch ms), once it has. */
  trailingTime?: number | undefined;
  /** False while the order waits off the book (an untriggered stop, a pending leg); undefined when not reported. */
  isWorking?: boolean | undefined;
  /** When the order reached the book (epoch ms); -1 while it has not. */
  workingTime?: number | undefined;
  /** The order list this order belongs to; undefined when none. */
  orderListId?: string | undefined;
  /** Why the order expired (such as `INSUFFICIENT_LIQUIDITY`), when Binance says. */
  expiryReason?: string | undefined;
  /** The visible part of an iceberg order; absent for an order that is not one. The fields to `strategyType` are absent when not reported. */
  icebergQuantity?: Decimal | undefined;
  /** How the order may not match the account's own orders (Binance's STP mode). */
  selfTradePreventionMode?: SelfTradePreventionMode | (string & {}) | undefined;
  /** The prevented match that expired (part of) the order, to look up with the symbol. */
  preventedMatchId?: number | undefined;
  /** How much of the order self-trade prevention expired, over its life. */
  preventedQuantity?: Decimal | undefined;
  /** Which best price a pegged order took. */
  pegPriceType?: PegPriceType | (string & {}) | undefined;
  /** How a pegged order's price level was offset (`PRICE_LEVEL`). */
  pegOffsetType?: PegOffsetType | (string & {}) | undefined;
  /** How many price levels deeper than the best a pegged order's price was taken. */
  pegOffsetValue?: number | undefined;
  /** The price a pegged order was given, once it was (`price` is then the price sent, zero when none). */
  peggedPrice?: Decimal | undefined;
  /** Your label for the strategy the order belongs to. */
  strategyId?: number | undefined;
  /** Your label for the kind of strategy (at least 1000000). */
  strategyType?: number | undefined;
}

/** A list's status type, Binance's names (`RESPONSE`, `EXEC_STARTED`, `UPDATED`, `ALL_DONE`). */
export type OrderListStatusType = 'RESPONSE' | 'EXEC_STARTED' | 'UPDATED' | 'ALL_DONE' | (string & {});

/** A list's order status, Binance's names (`EXECUTING`, `ALL_DONE`, `REJECT`). */
export type OrderListOrderStatus = 'EXECUTING' | 'ALL_DONE' | 'REJECT' | (string & {});

/** One order of a list: its ids, and its state when the answer carried it. */
export interface OrderListEntry {
  orderId: string;
  clientOrderId: string;
  /** The order's state: placement and cancel answers carry it; list queries and events do not. */
  order: Order | undefined;
}

/** An order list as the exchange knows it. */
export interface OrderList {
  orderListId: string;
  listClientOrderId: string;
  symbol: string;
  /** As Binance reports it: `OCO` for an OCO, `OTO` for an OTO and an OTOCO. */
  contingencyType: string;
  listStatusType: OrderListStatusType;
  listOrderStatus: OrderListOrderStatus;
  /** Why the list was rejected, or `NONE` (events only). */
  listRejectReason: string | undefined;
  orders: OrderListEntry[];
  /** When the list was placed, or (for events and cancel answers) when it last changed, epoch ms. */
  createdAt: number;
}

/**
 * Which order lists to read: a time range, or the lists after `fromId`; Binance allows `fromId`
 * with neither `startTime` nor `endTime`.
 */
export interface OrderListQuery {
  startTime?: number;
  endTime?: number;
  /** The first list id wanted. */
  fromId?: string;
  /** At most this many lists, 1 to 1000. @default 500 */
  limit?: number;
}

/** A spot holding of one asset. */
export interface Position {
  asset: string;
  free: Decimal;
  locked: Decimal;
  total: Decimal;
}

/** How one half of a replace went, Binance's names. */
export type ReplaceHalfResult = 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED';

/** What a replace did: which half happened, the orders it cancelled and placed, and why a half failed. */
export interface ReplaceResult {
  cancelResult: ReplaceHalfResult;
  newOrderResult: ReplaceHalfResult;
  /** The cancelled order as the exchange reported it, when the cancel worked. */
  cancelledOrder: Order | undefined;
  /** The new order, when it was placed. */
  newOrder: Order | undefined;
  /** Why the cancel failed (such as OrderNotFoundError), when it did. */
  cancelError: ExchangeError | undefined;
  /** Why the new order failed (such as InvalidOrderError or RateLimitError), when it did. */
  newOrderError: ExchangeError | undefined;
  /**
   * True when the order was cancelled and the new one was not placed: nothing works in the old
   * order's place any more. The connector logs a warning saying so.
   */
  orderLost: boolean;
}
