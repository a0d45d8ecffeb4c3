import type { Order } from '../core/models.js';
import { isoTime, table } from './format.js';

/** Column headers of order tables. */
export const ORDER_HEADERS = ['orderId', 'clientOrderId', 'symbol', 'side', 'type', 'status', 'price', 'qty', 'executed', 'created'];

/** One order as a table row. */
export function orderCells(order: Order): string[] {
  return [
    order.orderId, order.clientOrderId, order.symbol, order.side, order.type, order.status,
    order.price.toFixed(), order.quantity.toFixed(), order.executedQuantity.toFixed(),
    // A cancel answer does not say when the order was placed: show that, not the cancel time.
    order.createdAt === undefined ? '-' : isoTime(order.createdAt),
  ];
}

/** An order as text: its row, and its fills when it has any. */
export function orderText(order: Order): string {
  const main = table(ORDER_HEADERS, [orderCells(order)]);
  if (order.fills.length === 0) return main;
  const fills = order.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), `${f.commission.toFixed()} ${f.commissionAsset}`]);
  return `${main}\n\n${table(['fill price', 'qty', 'commission'], fills)}`;
}
