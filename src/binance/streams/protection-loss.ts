import type { OrderUpdate, ProtectionLossReason } from '../../core/stream/events.js';
import { isStopOrderType } from '../../spec/binance/stop-orders.js';

/**
 * Which order updates mean that protection a bot relied on is gone, as Binance reports it: a stop
 * or take-profit that triggered and then expired short of its quantity, an order of a list (or a
 * stop) rejected or expired by the exchange instead of filling; OPO and OPOCO orders as OTO and
 * OTOCO ones. Normal ends are not losses: a fill,
 * a cancel the bot asked for, the other order of an OCO expiring because its pair worked.
 */

/** Expiry reasons of an order that triggered and could not execute in full (Binance's `eR`). */
const EXECUTION_EXPIRIES: ReadonlySet<string> = new Set([
  'INSUFFICIENT_LIQUIDITY', 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED', 'UNFILLED_IOC_QUANTITY_EXPIRED', 'UNFILLED_FOK_ORDER_EXPIRED',
]);

/** The loss an order update reports, or undefined when the update is not one. */
export function protectionLoss(update: OrderUpdate): ProtectionLossReason | undefined {
  const { order, execution } = update;
  const protective = isStopOrderType(order.type) || order.orderListId !== undefined;
  if (!protective) return undefined;
  if (execution.executionType === 'REJECTED' || order.status === 'REJECTED' || order.expiryReason === 'REJECTED') return 'REJECTED';
  // An OPO's pending order has no quantity (zero) until its working order fills: expired then, nothing of it was filled.
  const filledInFull = order.quantity.gt(0) && order.executedQuantity.gte(order.quantity);
  if (order.status !== 'EXPIRED' || filledInFull) return undefined;
  if (order.expiryReason === 'OCO_TRIGGER') return undefined;
  if (order.expiryReason !== undefined && EXECUTION_EXPIRIES.has(order.expiryReason) && isStopOrderType(order.type)) return 'EXPIRED_AFTER_TRIGGER';
  return 'EXPIRED';
}

/** A sentence for the notice: what was lost and why, in Binance's terms. */
export function protectionLossMessage(update: OrderUpdate, reason: ProtectionLossReason): string {
  const { order } = update;
  const what = `${order.side} ${order.type} ${order.orderId} (${order.clientOrderId}) on ${order.symbol}`
    + `${order.orderListId === undefined ? '' : ` in order list ${order.orderListId}`}`;
  const filled = `${order.executedQuantity.toFixed()} of ${order.quantity.toFixed()} filled`;
  switch (reason) {
    case 'REJECTED':
      return `${what} was rejected by the exchange (${update.execution.rejectReason !== 'NONE' ? update.execution.rejectReason : order.expiryReason ?? 'no reason given'}); it does not protect the position`;
    case 'EXPIRED_AFTER_TRIGGER':
      return `${what} triggered but expired with ${filled} (${order.expiryReason ?? 'no reason given'}); the rest is not protected`;
    case 'EXPIRED':
      return `${what} expired with ${filled} (${order.expiryReason ?? 'no reason given'}); it no longer protects the position`;
  }
}
