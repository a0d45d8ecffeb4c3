import type { Decimal } from '../../core/decimal.js';
import type { SymbolSpec } from '../market/symbols.js';
import { isStopOrderType, type StopOrderType } from '../../spec/binance/stop-orders.js';
import type { BINANCE_ORDER_SIDES, BINANCE_TIME_IN_FORCE, ExpiryReason } from '../../spec/binance/enums.js';

/** Order sides. */
export type Side = (typeof BINANCE_ORDER_SIDES)[number];
/** Stop and take-profit types: they wait off the book until their trigger fires (Binance's spec). */
export type { StopOrderType } from '../../spec/binance/stop-orders.js';
/** Order types the simulator executes. */
export type SimOrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER' | StopOrderType;
/** Time in force values. */
export type TimeInForce = (typeof BINANCE_TIME_IN_FORCE)[number];
/** Order statuses the simulator produces. */
export type OrderStatus = 'PENDING_NEW' | 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH' | 'REJECTED';

/** A validated order request, amounts on the symbol's grids. */
export interface NewOrder {
  readonly spec: SymbolSpec;
  readonly side: Side;
  readonly type: SimOrderType;
  readonly timeInForce?: TimeInForce | undefined;
  /** Quantity in steps. */
  readonly quantitySteps?: number | undefined;
  /** MARKET only: quote amount to spend or receive. */
  readonly quoteOrderQty?: Decimal | undefined;
  /** LIMIT types: price in ticks. */
  readonly priceTicks?: number | undefined;
  /** Stop types: the stop price in ticks, when given. */
  readonly stopPriceTicks?: number | undefined;
  /** Stop types: the trailing delta in basis points, when given. */
  readonly trailingDelta?: number | undefined;
  readonly clientOrderId: string;
  readonly selfTradePreventionMode: string;
  /** The order list it belongs to; absent for a single order. */
  readonly orderListId?: number | undefined;
  /**
   * True for the second order of an OCO pair: the pair's funds are held once, by its other order,
   * so this one holds nothing while it waits.
   */
  readonly heldByPair?: boolean | undefined;
  /** Iceberg: the part shown on the book, in steps. */
  readonly icebergSteps?: number | undefined;
  /** A pegged price: set from the book when the order reaches it. */
  readonly peg?: PegRequest | undefined;
  readonly strategyId?: number | undefined;
  readonly strategyType?: number | undefined;
}

/** A pegged order's instructions, as sent. */
export interface PegRequest {
  readonly priceType: 'PRIMARY_PEG' | 'MARKET_PEG';
  /** Price levels deeper than the best (`pegOffsetValue` with `pegOffsetType=PRICE_LEVEL`); absent when not sent. */
  readonly offsetLevels?: number | undefined;
  /** The price sent with it, in ticks; 0 when none (the order's `price` in answers). */
  readonly sentPriceTicks: number;
}

/** An order as the engine keeps it. Mutable: the engine owns every instance. */
export interface SimOrder {
  readonly accountId: number;
  readonly spec: SymbolSpec;
  readonly orderId: number;
  /** Changed only by an amendment (Binance gives the amended order a new one unless told to keep it). */
  clientOrderId: string;
  readonly side: Side;
  readonly type: SimOrderType;
  readonly timeInForce: TimeInForce;
  /** 0 for MARKET orders; a pegged order's is its pegged price once set (0 before). */
  priceTicks: number;
  /** Stop types: the stop price in ticks, 0 when not given. */
  readonly stopPriceTicks: number;
  /** Stop types: the trailing delta in basis points, 0 for orders that do not trail. */
  readonly trailingDelta: number;
  /** When a trailing order started trailing; -1 before (and for orders that do not trail). */
  trailingTime: number;
  /** Original quantity in steps (for quote-quantity orders: what was executed). */
  origSteps: number;
  executedSteps: number;
  cummulativeQuote: Decimal;
  readonly origQuoteOrderQty: Decimal;
  status: OrderStatus;
  readonly time: number;
  updateTime: number;
  /** When it reached the book; -1 while it never did. */
  workingTime: number;
  readonly selfTradePreventionMode: string;
  /** Funds reserved for the rest of the order (quote for BUY, base for SELL). */
  locked: Decimal;
  /** Arrival order, for time priority within a price level. */
  readonly sequence: number;
  /** Why it expired, when it did. */
  expiryReason?: ExpiryReason;
  /** The order list it belongs to; -1 for a single order. */
  readonly orderListId: number;
  /** Iceberg: the part shown on the book, in steps; 0 for an order that shows all of itself. */
  readonly icebergSteps: number;
  /** Iceberg: what is left of the part on show now. */
  shownSteps: number;
  /** Steps self-trade prevention expired. */
  preventedSteps: number;
  /** The last prevented match the order took part in; -1 when none. */
  preventedMatchId: number;
  /** A pegged order's instructions; its `priceTicks` stays 0 until the peg sets it, once. */
  readonly peg?: PegRequest | undefined;
  readonly strategyId?: number | undefined;
  readonly strategyType?: number | undefined;
}

/** One fill of a new order, as `POST /api/v3/order` FULL lists it. */
export interface Fill {
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly tradeId: number;
}

/** The outcome of a placement. */
export interface PlaceResult {
  readonly order: SimOrder;
  readonly fills: Fill[];
}

/** One fill of an order. */
export interface SimTrade {
  readonly id: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly orderId: number;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly quoteQty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
  /** The order list of its order; -1 when none. */
  readonly orderListId: number;
}

/** True for STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT and TAKE_PROFIT_LIMIT. */
export function isStopType(type: SimOrderType): type is StopOrderType {
  return isStopOrderType(type);
}

/** How an order trades once working: a stop as MARKET, a stop-limit as LIMIT, others as themselves. */
export function executesAs(type: SimOrderType): 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' {
  if (type === 'STOP_LOSS' || type === 'TAKE_PROFIT') return 'MARKET';
  if (type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT') return 'LIMIT';
  return type;
}

/** Steps the order can still trade: its quantity less what was executed and what self-trade prevention expired. */
export function openSteps(order: Pick<SimOrder, 'origSteps' | 'executedSteps' | 'preventedSteps'>): number {
  return order.origSteps - order.executedSteps - order.preventedSteps;
}

/** True while an order can still trade, or waits pending in a list: what a cancel can still reach. */
export function isLive(order: Pick<SimOrder, 'status'>): boolean {
  return isOpen(order) || order.status === 'PENDING_NEW';
}

/** True while an order can still trade. */
export function isOpen(order: Pick<SimOrder, 'status'>): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}
