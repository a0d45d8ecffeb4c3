import type { Decimal } from '../../core/decimal.js';
import type { SymbolSpec } from '../market/symbols.js';
import type { BINANCE_ORDER_SIDES, BINANCE_TIME_IN_FORCE } from '../../spec/binance/enums.js';

/** Order sides. */
export type Side = (typeof BINANCE_ORDER_SIDES)[number];
/** Order types the simulator executes. */
export type SimOrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER';
/** Time in force values. */
export type TimeInForce = (typeof BINANCE_TIME_IN_FORCE)[number];
/** Order statuses the simulator produces. */
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

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
  readonly clientOrderId: string;
  readonly selfTradePreventionMode: string;
}

/** An order as the engine keeps it. Mutable: the engine owns every instance. */
export interface SimOrder {
  readonly accountId: number;
  readonly spec: SymbolSpec;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: SimOrderType;
  readonly timeInForce: TimeInForce;
  /** 0 for MARKET orders. */
  readonly priceTicks: number;
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
  expiryReason?: string;
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
}

/** True while an order can still trade. */
export function isOpen(order: Pick<SimOrder, 'status'>): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}
