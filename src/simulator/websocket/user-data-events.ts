import { ZERO } from '../../core/decimal.js';
import { fixed8, stepsToDecimal, ticksToDecimal } from '../engine/amounts.js';
import type { BalanceEvent, OrderEvent, OrderListEvent } from '../engine/engine-events.js';
import { executesAs, isOpen, type SimOrder } from '../engine/order-types.js';
import { optionReportFields, sentPriceTicks } from '../engine/option-views.js';

/** Binance's user data events (`executionReport`, `outboundAccountPosition`, `balanceUpdate`). */

/** Whether the order sits on the book: working orders of resting types that are still open. */
function onBook(order: Readonly<SimOrder>): boolean {
  const kind = executesAs(order.type);
  return isOpen(order) && order.workingTime >= 0 && (kind === 'LIMIT_MAKER' || (kind === 'LIMIT' && order.timeInForce === 'GTC'));
}

/**
 * `executionReport` for one order change, fields in Binance's order. On a cancel, `c` is the
 * cancel request's client id and `C` the order's own, as Binance reports them.
 */
export function executionReport({ order, execution }: OrderEvent): Record<string, unknown> {
  const { spec } = order;
  // An amendment reports the order's new client id as `c` and the one it had as `C`.
  const amended = execution.executionType === 'REPLACED';
  const canceled = execution.origClientOrderId !== '' && !amended;
  const report: Record<string, unknown> = {
    e: 'executionReport', E: execution.time, s: spec.symbol,
    c: canceled ? execution.origClientOrderId : order.clientOrderId,
    S: order.side, o: order.type, f: order.timeInForce,
    q: fixed8(stepsToDecimal(spec, order.origSteps)), p: fixed8(ticksToDecimal(spec, sentPriceTicks(order))),
    P: fixed8(ticksToDecimal(spec, order.stopPriceTicks)), F: fixed8(order.icebergSteps > 0 ? stepsToDecimal(spec, order.icebergSteps) : ZERO), g: order.orderListId,
    C: canceled ? order.clientOrderId : amended ? execution.origClientOrderId : '',
    x: execution.executionType, X: order.status, r: 'NONE', i: order.orderId,
    l: fixed8(execution.lastQty), z: fixed8(stepsToDecimal(spec, order.executedSteps)), L: fixed8(execution.lastPrice),
    n: fixed8(execution.commission), N: execution.commissionAsset, T: execution.time, t: execution.tradeId,
    I: execution.executionId, w: onBook(order), m: execution.isMaker, M: false, O: order.time,
    Z: fixed8(order.cummulativeQuote), Y: fixed8(execution.lastQuoteQty), Q: fixed8(order.origQuoteOrderQty),
  };
  // user-data-stream.md: `d` on trailing stops, `D` once one trails; `W` once the order works.
  if (order.trailingDelta > 0) report.d = order.trailingDelta;
  if (order.trailingDelta > 0 && order.trailingTime >= 0) report.D = order.trailingTime;
  if (order.workingTime >= 0) report.W = order.workingTime;
  report.V = order.selfTradePreventionMode;
  Object.assign(report, optionReportFields(order, execution.lastPreventedQty));
  if (execution.executionType === 'EXPIRED' && order.expiryReason !== undefined) report.eR = order.expiryReason;
  return report;
}

/** `listStatus`: an order list's status after the order updates that changed it. */
export function listStatus({ list, time }: OrderListEvent): Record<string, unknown> {
  return {
    e: 'listStatus', E: time, s: list.symbol, g: list.orderListId, c: list.contingencyType, l: list.listStatusType,
    L: list.listOrderStatus, r: 'NONE', C: list.listClientOrderId, T: time,
    O: list.orders.map((o) => ({ s: list.symbol, i: o.orderId, c: o.clientOrderId })),
  };
}

/** `outboundAccountPosition`: the balances one operation changed. */
export function accountPosition(event: BalanceEvent): Record<string, unknown> {
  return {
    e: 'outboundAccountPosition', E: event.time, u: event.time,
    B: event.balances.map((b) => ({ a: b.asset, f: fixed8(b.free), l: fixed8(b.locked) })),
  };
}
