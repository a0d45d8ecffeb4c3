import type { SimAccount } from './accounts.js';
import { isLive, type SimOrder, type SimTrade } from './order-types.js';

/**
 * Every account's orders and fills, in the order they came: what the engine looks orders up in
 * and what the order and trade queries read. The engine changes the orders; this keeps them.
 */

/** How an existing order is named: by id, by client id, or both (then both must match). */
export interface OrderLookup {
  readonly orderId?: number | undefined;
  readonly clientOrderId?: string | undefined;
}

/** The orders and fills of each account, oldest first. */
export class OrderRecords {
  private readonly orders = new Map<number, SimOrder[]>();
  private readonly trades = new Map<number, SimTrade[]>();

  /** Starts the records of `accounts`. */
  constructor(accounts: readonly SimAccount[]) {
    for (const account of accounts) {
      this.orders.set(account.id, []);
      this.trades.set(account.id, []);
    }
  }

  /** Keeps a new order. */
  addOrder(order: SimOrder): void {
    this.orders.get(order.accountId)!.push(order);
  }

  /** Keeps a fill. */
  addTrade(trade: SimTrade): void {
    this.trades.get(trade.accountId)!.push(trade);
  }

  /** Whether a live order of `account` (open or pending) has this client order id: Binance keeps them unique among those. */
  hasLiveClientId(account: SimAccount, clientOrderId: string): boolean {
    return this.of(account).some((o) => isLive(o) && o.clientOrderId === clientOrderId);
  }

  /**
   * Finds an order of `account` on `symbol`: by id when given (its client id is then checked by
   * the caller, whose error differs between query and cancel), else the latest with the client id.
   */
  findOrder(account: SimAccount, symbol: string, lookup: OrderLookup): SimOrder | undefined {
    const orders = this.of(account);
    if (lookup.orderId !== undefined) return orders.find((o) => o.orderId === lookup.orderId && o.spec.symbol === symbol);
    // Client ids are reused once orders close, so the most recent order with the id wins.
    for (let i = orders.length - 1; i >= 0; i--) {
      const order = orders[i]!;
      if (order.spec.symbol === symbol && order.clientOrderId === lookup.clientOrderId) return order;
    }
    return undefined;
  }

  /** Open orders of `account` (pending orders of lists included), on one symbol or all, oldest first. */
  openOrders(account: SimAccount, symbol?: string): SimOrder[] {
    return this.of(account).filter((o) => isLive(o) && (symbol === undefined || o.spec.symbol === symbol));
  }

  /** Every order of `account` on `symbol`, oldest first. */
  allOrders(account: SimAccount, symbol: string): SimOrder[] {
    return this.of(account).filter((o) => o.spec.symbol === symbol);
  }

  /** Fills of `account` on `symbol`, oldest first. */
  accountTrades(account: SimAccount, symbol: string): SimTrade[] {
    return (this.trades.get(account.id) ?? []).filter((t) => t.symbol === symbol);
  }

  /** The fills of one order, oldest first. */
  orderTrades(order: SimOrder): SimTrade[] {
    return (this.trades.get(order.accountId) ?? []).filter((t) => t.orderId === order.orderId);
  }

  private of(account: SimAccount): SimOrder[] {
    return this.orders.get(account.id) ?? [];
  }
}
