import type { Order } from '../core/models.js';
import { isoTime, table } from './format.js';
import { orderOptionsText } from './order-option-args.js';

/** Column headers of order tables. */
export const ORDER_HEADERS = ['orderId', 'clientOrderId', 'symbol', 'side', 'type', 'status', 'price', 'qty', 'executed', 'stop', 'trailing', 'working', 'created'];

/**
 * Whether the order is on the book: as reported, else from its working time (-1 while a stop
 * waits, as a placement answer says it); undefined when the exchange says neither.
 */
function workingState(order: Order): boolean | undefined {
  return order.isWorking ?? (order.workingTime === undefined ? undefined : order.workingTime !== -1);
}

/** A trailing delta in basis points as a percentage: 200 → `2%`, 15 → `0.15%`. */
function trailingText(delta: number | undefined): string {
  return delta === undefined ? '-' : `${delta / 100}%`;
}

/** One order as a table row; an expired order's status carries Binance's reason, such as `EXPIRED (INSUFFICIENT_LIQUIDITY)`. */
export function orderCells(order: Order): string[] {
  const working = workingState(order);
  return [
    order.orderId, order.clientOrderId, order.symbol, order.side, order.type,
    order.expiryReason === undefined ? order.status : `${order.status} (${order.expiryReason})`,
    order.price.toFixed(), order.quantity.toFixed(), order.executedQuantity.toFixed(),
    order.stopPrice?.toFixed() ?? '-', trailingText(order.trailingDelta), working === undefined ? '-' : working ? 'yes' : 'no',
    // A cancel answer does not say when the order was placed: show that, not the cancel time.
    order.createdAt === undefined ? '-' : isoTime(order.createdAt),
  ];
}

/** An order as text: its row, its options when it has any set (iceberg, STP, peg, strategy), and its fills when it has any. */
export function orderText(order: Order): string {
  const options = orderOptionsText(order);
  const main = table(ORDER_HEADERS, [orderCells(order)]) + (options === undefined ? '' : `\n${options}`);
  if (order.fills.length === 0) return main;
  const fills = order.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), `${f.commission.toFixed()} ${f.commissionAsset}`]);
  return `${main}\n\n${table(['fill price', 'qty', 'commission'], fills)}`;
}
