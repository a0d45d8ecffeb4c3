/**
 * The order lists of every account: what Binance reports about a list (its ids, contingency,
 * status, the ids of its orders), kept apart from the orders themselves, which the matching engine
 * holds. A list is open until its `listOrderStatus` is `ALL_DONE`.
 */

/** A list's contingency as Binance reports it: an OTOCO is an `OTO`. */
export type ContingencyType = 'OCO' | 'OTO';

/** An order list as the exchange keeps it. Mutable status: the exchange owns every instance. */
export interface SimOrderList {
  readonly accountId: number;
  readonly orderListId: number;
  readonly listClientOrderId: string;
  readonly symbol: string;
  readonly contingencyType: ContingencyType;
  listStatusType: 'RESPONSE' | 'EXEC_STARTED' | 'UPDATED' | 'ALL_DONE';
  listOrderStatus: 'EXECUTING' | 'ALL_DONE' | 'REJECT';
  /** The list's orders, in the order Binance lists them (added as they are placed). */
  readonly orders: { readonly orderId: number; readonly clientOrderId: string }[];
  /** When the list was placed. */
  readonly time: number;
}

/** How a list is named: by id, or by its list client id (the latest list that has it). */
export interface OrderListLookup {
  readonly orderListId?: number | undefined;
  readonly listClientOrderId?: string | undefined;
}

/** Every account's order lists, oldest first. */
export class OrderListStore {
  private readonly lists: SimOrderList[] = [];
  private nextId = 1;

  /** Records a new list and gives it the next id; its orders are added as they are placed. */
  add(list: Omit<SimOrderList, 'orderListId'>): SimOrderList {
    const added: SimOrderList = { ...list, orderListId: this.nextId++ };
    this.lists.push(added);
    return added;
  }

  /** Forgets a list whose placement was refused before any of its orders stood. */
  discard(list: SimOrderList): void {
    const at = this.lists.indexOf(list);
    if (at >= 0) this.lists.splice(at, 1);
  }

  /** The list `lookup` names, of `accountId`; by id first, then its list client id must match too. */
  find(accountId: number, lookup: OrderListLookup): SimOrderList | undefined {
    if (lookup.orderListId !== undefined) {
      const list = this.lists.find((l) => l.accountId === accountId && l.orderListId === lookup.orderListId);
      return list !== undefined && (lookup.listClientOrderId === undefined || list.listClientOrderId === lookup.listClientOrderId) ? list : undefined;
    }
    // List client ids are reused once lists are done, so the latest list with the id wins.
    for (let i = this.lists.length - 1; i >= 0; i--) {
      const list = this.lists[i]!;
      if (list.accountId === accountId && list.listClientOrderId === lookup.listClientOrderId) return list;
    }
    return undefined;
  }

  /** Lists of `accountId` that are not done, oldest first; of one symbol when given. */
  open(accountId: number, symbol?: string): SimOrderList[] {
    return this.lists.filter((l) => l.accountId === accountId && l.listOrderStatus !== 'ALL_DONE' && (symbol === undefined || l.symbol === symbol));
  }

  /** Every list of `accountId`, oldest first. */
  all(accountId: number): SimOrderList[] {
    return this.lists.filter((l) => l.accountId === accountId);
  }
}

/** Binance's JSON shape of a list without its orders' states (`GET /api/v3/orderList`, `openOrderList`, `allOrderList`). */
export function orderListView(list: SimOrderList): Record<string, unknown> {
  return {
    orderListId: list.orderListId, contingencyType: list.contingencyType, listStatusType: list.listStatusType,
    listOrderStatus: list.listOrderStatus, listClientOrderId: list.listClientOrderId, transactionTime: list.time,
    symbol: list.symbol, orders: list.orders.map((o) => ({ symbol: list.symbol, orderId: o.orderId, clientOrderId: o.clientOrderId })),
  };
}
