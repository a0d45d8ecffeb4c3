import type { DecimalInput } from './decimal.js';
import type { OrderSide, TimeInForce } from './models.js';

/**
 * What `placeOrder`, `placeOrderList`, `replaceOrder` and `amendOrder` take: the order requests
 * by type, the options every order takes (iceberg, pegged price, self-trade prevention, strategy
 * labels), the order lists' requests and the replace and amend options. Re-exported by `models.ts`.
 */

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
