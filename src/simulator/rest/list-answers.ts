import type { SimAccount } from '../engine/accounts.js';
import { orderListView, type SimOrderList } from '../engine/order-lists.js';
import { cancelView } from '../engine/views.js';
import type { Exchange } from '../exchange.js';

/** Cancels `list` and answers as Binance does: the list, ALL_DONE, with each order's cancel report. */
export function cancelledListView(exchange: Exchange, account: SimAccount, list: SimOrderList, cancelId: string, now: number): Record<string, unknown> {
  const orders = exchange.lists.cancel(account, list, cancelId, now);
  return { ...orderListView(list), transactionTime: now, orderReports: orders.map((order) => cancelView(order, cancelId, now)) };
}
