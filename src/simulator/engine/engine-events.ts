import type { Decimal } from '../../core/decimal.js';
import type { SimOrderList } from './order-lists.js';
import type { SimOrder } from './order-types.js';

/**
 * Events the engine emits, for the WebSocket streams and user-data events built on top of it.
 * Amounts in market events are already Binance strings; order and balance events carry decimals.
 */

/** A change of the order book (Binance `depthUpdate`: levels with absolute quantities, "0" removes). */
export interface DepthEvent {
  readonly symbol: string;
  readonly time: number;
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
  readonly bids: [string, string][];
  readonly asks: [string, string][];
}

/** A public trade (synthetic or by a user). */
export interface TradeEvent {
  readonly symbol: string;
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

/** Execution types the engine produces. */
export type EngineExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'REPLACED' | 'TRADE_PREVENTION';

/** What happened to an order in one step (the fields of Binance's `executionReport`). */
export interface Execution {
  readonly executionType: EngineExecutionType;
  readonly executionId: number;
  readonly time: number;
  readonly lastQty: Decimal;
  readonly lastPrice: Decimal;
  readonly lastQuoteQty: Decimal;
  readonly commission: Decimal;
  /** Null when there was no fill. */
  readonly commissionAsset: string | null;
  /** -1 when there was no fill. */
  readonly tradeId: number;
  readonly isMaker: boolean;
  /** The cancel's client order id, or for an amendment the order's client id before it; "" otherwise. */
  readonly origClientOrderId: string;
  /** TRADE_PREVENTION: the quantity this prevented match expired ("B" in executionReport). */
  readonly lastPreventedQty?: Decimal | undefined;
}

/** An order update of one account. `order` is a snapshot taken when the event was emitted. */
export interface OrderEvent {
  readonly accountId: number;
  readonly order: Readonly<SimOrder>;
  readonly execution: Execution;
}

/** One asset's balance after a change. */
export interface BalanceSnapshot {
  readonly asset: string;
  readonly free: Decimal;
  readonly locked: Decimal;
}

/** Balances of one account that changed in one operation (Binance `outboundAccountPosition`). */
export interface BalanceEvent {
  readonly accountId: number;
  readonly time: number;
  readonly balances: BalanceSnapshot[];
}

/** A deposit or withdrawal (Binance `balanceUpdate`); `delta` is a Binance decimal string. */
export interface TransferEvent {
  readonly accountId: number;
  readonly asset: string;
  readonly delta: string;
  readonly time: number;
}

/** An order list of one account changed status (Binance `listStatus`), after the order updates that changed it. */
export interface OrderListEvent {
  readonly accountId: number;
  readonly list: Readonly<SimOrderList>;
  readonly time: number;
}

/** Event map of the engine's hub. */
export interface EngineEvents {
  depth: DepthEvent;
  trade: TradeEvent;
  order: OrderEvent;
  orderList: OrderListEvent;
  balance: BalanceEvent;
  transfer: TransferEvent;
}
