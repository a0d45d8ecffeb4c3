import type { Decimal, DecimalInput } from './decimal.js';
import type { ExchangeError } from './errors.js';

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

/**
 * What makes a stop or take-profit order trigger: the last trade price reaching `stopPrice`, the
 * price moving back `trailingDelta` basis points from its best since placement, or both (the
 * stop price then activates the trailing). At least one of the two, so a stop without either does
 * not compile.
 */
export type OrderTrigger =
  | { stopPrice: DecimalInput; trailingDelta?: number }
  | { stopPrice?: DecimalInput; trailingDelta: number };

/** STOP_LOSS or TAKE_PROFIT: waits for its trigger, then executes as a MARKET order for `quantity`. */
export type StopOrderRequest = OrderRequestBase & {
  type: 'STOP_LOSS' | 'TAKE_PROFIT';
  quantity: DecimalInput;
} & OrderTrigger;

/** STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT: waits for its trigger, then rests as a LIMIT order at `price`. */
export type StopLimitOrderRequest = OrderRequestBase & {
  type: 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT';
  quantity: DecimalInput;
  price: DecimalInput;
  /** Defaults to GTC. */
  timeInForce?: TimeInForce;
} & OrderTrigger;

/**
 * An order to place: a discriminated union, so a LIMIT order without a price, or a stop without
 * `stopPrice` or `trailingDelta`, does not compile.
 */
export type OrderRequest = OrderOptions & (
  | PlainOrder<MarketOrderRequest> | PlainOrder<MarketQuoteOrderRequest> | LimitOrderChoices | LimitMakerOrderChoices
  | PlainOrder<StopOrderRequest> | StopLimitOrderChoices
);

/** An order request as one order of a list: the list gives the symbol. */
export type ListOrderRequest<T> = T extends unknown ? Omit<T, 'symbol' | 'roundToFilters'> : never;

/**
 * One order of an OCO pair (or of an OTOCO's pending pair), without side and quantity, which the
 * pair shares: a LIMIT_MAKER, or a stop or take-profit order, with its own iceberg, peg and
 * strategy labels (the list sets self-trade prevention). Which leg may be which is Binance's
 * price rule: for a SELL, the above leg is the LIMIT_MAKER or take-profit and the below leg the
 * stop-loss; for a BUY the other way round.
 */
export type OcoLegRequest = ListOrderOptions & (PairOrderRequest<LimitMakerOrderChoices | PlainOrder<StopOrderRequest> | StopLimitOrderChoices>);

/** The working order of an OTO or OTOCO: a LIMIT or LIMIT_MAKER order, on the book from the start. */
export type WorkingOrderRequest = ListOrderOptions & ListOrderRequest<LimitOrderChoices | LimitMakerOrderChoices>;

/**
 * The pending order of an OTO, placed when the working order is fully filled: any order but a
 * quote-quantity MARKET.
 */
export type PendingOrderRequest = ListOrderOptions & ListOrderRequest<
  PlainOrder<MarketOrderRequest> | LimitOrderChoices | LimitMakerOrderChoices | PlainOrder<StopOrderRequest> | StopLimitOrderChoices
>;

interface OrderListRequestBase {
  symbol: string;
  /** Your id for the list; generated when absent. Makes placement idempotent. */
  listClientOrderId?: string;
  /** Round prices to the tick size and quantities down to the step size instead of rejecting. */
  roundToFilters?: boolean;
  /** How the list's orders may not match the account's own orders: Binance takes it once, for all of them. */
  selfTradePreventionMode?: SelfTradePreventionMode;
}

/** One-cancels-the-other: two orders on one side, when one fills or triggers the other is cancelled. */
export interface OcoOrderListRequest extends OrderListRequestBase {
  type: 'OCO';
  side: OrderSide;
  /** The quantity of both orders. */
  quantity: DecimalInput;
  above: OcoLegRequest;
  below: OcoLegRequest;
}

/** One-triggers-the-other: the pending order is placed when the working order is fully filled. */
export interface OtoOrderListRequest extends OrderListRequestBase {
  type: 'OTO';
  working: WorkingOrderRequest;
  pending: PendingOrderRequest;
}

/** One-triggers-a-one-cancels-the-other: when the working order is fully filled, an OCO pair is placed. */
export interface OtocoOrderListRequest extends OrderListRequestBase {
  type: 'OTOCO';
  working: WorkingOrderRequest;
  /** The side of both pending orders. */
  pendingSide: OrderSide;
  /** The quantity of both pending orders. */
  pendingQuantity: DecimalInput;
  pendingAbove: OcoLegRequest;
  pendingBelow: OcoLegRequest;
}

// ---- OPO and OPOCO order lists ----

/** The working order of an OPO or OPOCO: a BUY (Binance accepts no other side), on the book from the start. */
export type OpoWorkingOrderRequest = WorkingOrderRequest & { side: 'BUY' };

/**
 * The pending order of an OPO: an OTO's pending order without side and quantity. It sells what
 * the working order bought, net of commission, rounded down to the step size, so its quantity is
 * known (and checked against the filters) only once the working order has filled.
 */
export type OpoPendingOrderRequest = PendingOrderRequest extends infer T ? T extends unknown ? Omit<T, 'side' | 'quantity'> : never : never;

/** One-pays-the-other: an OTO whose pending SELL sells what the working BUY received. */
export interface OpoOrderListRequest extends OrderListRequestBase {
  type: 'OPO';
  working: OpoWorkingOrderRequest;
  pending: OpoPendingOrderRequest;
}

/** An OTOCO whose pending SELL pair sells what the working BUY received. */
export interface OpocoOrderListRequest extends OrderListRequestBase {
  type: 'OPOCO';
  working: OpoWorkingOrderRequest;
  pendingAbove: OcoLegRequest;
  pendingBelow: OcoLegRequest;
}

/** An order list to place (Binance's current `orderList` endpoints). */
export type OrderListRequest = OcoOrderListRequest | OtoOrderListRequest | OtocoOrderListRequest | OpoOrderListRequest | OpocoOrderListRequest;

/** Order list types the connector places. */
export const ORDER_LIST_TYPES = ['OCO', 'OTO', 'OTOCO', 'OPO', 'OPOCO'] as const;

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

/** Options for candle history. */
export interface CandleQuery {
  startTime?: number;
  endTime?: number;
  /** Number of candles wanted; may exceed one page, the connector pages through. */
  limit?: number;
}

// ---- changing and replacing orders ----

/** What `replaceOrder` does when the cancel fails: stop (`STOP_ON_FAILURE`), or place the new order anyway (`ALLOW_FAILURE`). */
export type ReplaceMode = 'STOP_ON_FAILURE' | 'ALLOW_FAILURE';

/** Cancel only an order in this status (Binance's `cancelRestrictions`). */
export type CancelRestriction = 'ONLY_NEW' | 'ONLY_PARTIALLY_FILLED';

/** Over the unfilled order count: do nothing (`DO_NOTHING`), or still cancel (`CANCEL_ONLY`). */
export type OrderRateLimitExceededMode = 'DO_NOTHING' | 'CANCEL_ONLY';

/** Options of `replaceOrder`. */
export interface ReplaceOptions {
  /** @default 'STOP_ON_FAILURE' */
  mode?: ReplaceMode;
  /** Cancel only an order in this status; otherwise the cancel half fails. */
  cancelRestrictions?: CancelRestriction;
  /** @default 'DO_NOTHING' (Binance's default) */
  orderRateLimitExceededMode?: OrderRateLimitExceededMode;
}

/** The new order of a replace: any order request, on the symbol of the order it replaces. */
export type ReplacementOrderRequest = OrderRequest extends infer T ? T extends unknown ? Omit<T, 'symbol'> & { symbol?: string } : never : never;

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

/** Options of `amendOrder`. */
export interface AmendOptions {
  /** The client order id the order has after the amendment. @default its current one */
  clientOrderId?: string;
}

// ---- Order options: iceberg, pegged price, self-trade prevention, strategy labels -----------------

/** Self-trade prevention modes, Binance's names: what happens when an order would match the account's own. */
export const SELF_TRADE_PREVENTION_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'] as const;
/** A self-trade prevention mode. */
export type SelfTradePreventionMode = (typeof SELF_TRADE_PREVENTION_MODES)[number];

/** Which best price a pegged order takes: its own side's (`PRIMARY_PEG`) or the other side's (`MARKET_PEG`). */
export type PegPriceType = 'PRIMARY_PEG' | 'MARKET_PEG';
/** How a peg's price level is offset: by price levels, deeper into the book. */
export type PegOffsetType = 'PRICE_LEVEL';

/** Options every order takes. */
export interface OrderOptions {
  /** How the order may not match the account's own orders; the symbol's default when absent. */
  selfTradePreventionMode?: SelfTradePreventionMode;
  /** Your label for the strategy the order belongs to (an integer). */
  strategyId?: number;
  /** Your label for the kind of strategy: an integer of at least 1000000. */
  strategyType?: number;
}

/**
 * A pegged price: the exchange sets the order's price once, from the book, when the order reaches
 * it. `pegOffsetType` and `pegOffsetValue` come together (a level 1 to 100 deeper than the best).
 */
export type PegInstructions<P extends PegPriceType = PegPriceType> = { pegPriceType: P } & (
  | { pegOffsetType?: never; pegOffsetValue?: never }
  | { pegOffsetType: PegOffsetType; pegOffsetValue: number }
);

/** No peg: the order's price is the one sent. */
interface NoPeg { pegPriceType?: never; pegOffsetType?: never; pegOffsetValue?: never }
/** Not an iceberg. */
interface NoIceberg { icebergQuantity?: never }
/** An iceberg: only `icebergQuantity` of the order shows on the book at a time. */
interface Iceberg { icebergQuantity?: DecimalInput }
/** A limit price, sent or pegged (a pegged order may still send a price, which must then pass the filters too). */
type LimitPrice<P extends PegPriceType> = ({ price: DecimalInput } & NoPeg) | ({ price?: DecimalInput } & PegInstructions<P>);

/** An order type that takes neither an iceberg quantity nor a peg. */
type PlainOrder<T> = T & NoIceberg & NoPeg;

/**
 * LIMIT choices, as Binance allows them: an iceberg only with GTC, a PRIMARY_PEG only with GTC, so
 * `{ icebergQuantity, timeInForce: 'IOC' }` does not compile.
 */
type LimitOrderChoices =
  | PlainOrder<LimitOrderRequest>
  | (Omit<LimitOrderRequest, 'price' | 'timeInForce'> & { timeInForce?: 'GTC' } & Iceberg & LimitPrice<PegPriceType>)
  | (Omit<LimitOrderRequest, 'price' | 'timeInForce'> & { timeInForce: 'IOC' | 'FOK' } & NoIceberg & LimitPrice<'MARKET_PEG'>);

/** LIMIT_MAKER choices: an iceberg, and a peg only to its own side (PRIMARY_PEG). */
type LimitMakerOrderChoices = Omit<LimitMakerOrderRequest, 'price'> & Iceberg & LimitPrice<'PRIMARY_PEG'>;

/** STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT choices: an iceberg only with GTC; the limit price (not the stop price) may be pegged. */
type StopLimitOrderChoices =
  | PlainOrder<StopLimitOrderRequest>
  | (OrderRequestBase & { type: StopLimitOrderRequest['type']; quantity: DecimalInput; timeInForce?: 'GTC' } & OrderTrigger & Iceberg & LimitPrice<PegPriceType>)
  | (OrderRequestBase & { type: StopLimitOrderRequest['type']; quantity: DecimalInput; timeInForce: 'IOC' | 'FOK' } & OrderTrigger & NoIceberg & LimitPrice<PegPriceType>);

/**
 * The options an order of a list takes: its strategy labels (iceberg and peg come with its type's
 * choices). Self-trade prevention is the list's (Binance takes `selfTradePreventionMode` once per
 * list), so an order of a list with its own does not compile.
 */
type ListOrderOptions = Omit<OrderOptions, 'selfTradePreventionMode'> & { selfTradePreventionMode?: never };

/** An order of an OCO pair: the pair gives the symbol, side and quantity. */
type PairOrderRequest<T> = T extends unknown ? Omit<T, 'symbol' | 'roundToFilters' | 'side' | 'quantity'> : never;

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
