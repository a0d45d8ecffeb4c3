import { OrderStatusUnknownError } from '../core/errors.js';
import type { OrderList } from '../core/models.js';
import type { PreparedOrderList } from './order-list-request.js';
import {
  CREATED_AFTER_SEND_SLACK_MS, isExecutionUnknown, queries, reconcile, sendAndRead, type PlacementDeps,
} from './order-placement.js';
import type { RestRequest } from './rest/types.js';

/**
 * Order lists are placed and cancelled with the guarantees single orders have: sent once, a lost
 * answer resolved by reading the list back (by its list client id, or its id for a cancel) on the
 * same reconciliation schedule, OrderStatusUnknownError only when the reads cannot tell.
 */

/** Binance's `contingencyType` for each list type: an OTOCO, an OPO and an OPOCO report themselves as `OTO`. */
const CONTINGENCY_TYPE: Readonly<Record<PreparedOrderList['type'], string>> = { OCO: 'OCO', OTO: 'OTO', OTOCO: 'OTO', OPO: 'OTO', OPOCO: 'OTO' };

/**
 * True when `list`, found by the placement's list client id, is this placement: created no
 * earlier than `sentAt` (less the slack single orders allow), of the same symbol and contingency,
 * and made of exactly the orders sent (each was sent with its own client order id). Binance keeps
 * list client ids unique among open lists only, so an older list may carry the same id.
 */
export function isThisListPlacement(list: OrderList, prepared: PreparedOrderList, sentAt: number): boolean {
  if (list.createdAt < sentAt - CREATED_AFTER_SEND_SLACK_MS) return false;
  if (list.symbol !== prepared.symbol || list.contingencyType !== CONTINGENCY_TYPE[prepared.type]) return false;
  const sent = prepared.orders.map((o) => o.clientOrderId).sort();
  const found = list.orders.map((o) => o.clientOrderId).sort();
  return sent.length === found.length && sent.every((id, i) => id === found[i]);
}

/**
 * Sends the list's `POST /api/v3/orderList/...` exactly once and reads its answer. When the answer
 * is lost, it asks `GET /api/v3/orderList?origClientOrderId=` on the reconciliation schedule and
 * returns the list only when it is this placement (its orders' states are then not included:
 * the query does not carry them); it never sends the list again.
 */
export async function placeOrderListOnce(deps: PlacementDeps, prepared: PreparedOrderList, parse: (body: unknown) => OrderList): Promise<OrderList> {
  const sentAtLocal = deps.clock.now();
  const sentAtServer = deps.serverNow();
  try {
    return await sendAndRead(deps, { method: 'POST', path: prepared.path, params: prepared.params, security: 'signed', idempotent: false }, parse);
  } catch (original) {
    if (!isExecutionUnknown(original)) throw original;
    const sentAt = Math.min(sentAtServer, deps.serverNow() - (deps.clock.now() - sentAtLocal));
    const { symbol, listClientOrderId } = prepared;
    return reconcile(deps, { action: 'place', id: listClientOrderId }, async () => {
      const list = await sendAndRead(deps, {
        method: 'GET', path: '/api/v3/orderList', params: [['origClientOrderId', listClientOrderId]], security: 'signed', idempotent: true,
      }, parse);
      return isThisListPlacement(list, prepared, sentAt) ? { found: list } : { outcome: 'not-mine' };
    }, (last) => new OrderStatusUnknownError(
      `order list ${listClientOrderId} on ${symbol}: the placement answer was lost (${(original as Error).message}) and ${queries(deps)} did not find it`
        + `${last.outcome === 'not-mine' ? ' (a list with this client id exists, but it is not this placement)' : ''}; `
        + 'query it by listClientOrderId before placing it again',
      { exchange: 'binance', listClientOrderId, symbol, cause: last.error ?? original },
    ));
  }
}

/**
 * Cancels order list `orderListId` with `DELETE /api/v3/orderList` and reads the answer. When the
 * answer is lost, it reads the list on the reconciliation schedule: a list that is done is
 * returned as the exchange holds it; one still executing gets the cancel once more.
 */
export async function cancelOrderListOnce(
  deps: PlacementDeps, ids: { symbol: string; orderListId: string }, parse: (body: unknown) => OrderList,
): Promise<OrderList> {
  const { symbol, orderListId } = ids;
  const cancel: RestRequest = {
    method: 'DELETE', path: '/api/v3/orderList', params: [['symbol', symbol], ['orderListId', orderListId]], security: 'signed', idempotent: false,
  };
  try {
    return await sendAndRead(deps, cancel, parse);
  } catch (original) {
    if (!isExecutionUnknown(original)) throw original;
    return reconcile(deps, { action: 'cancel', id: orderListId }, async () => {
      const list = await sendAndRead(deps, {
        method: 'GET', path: '/api/v3/orderList', params: [['orderListId', orderListId]], security: 'signed', idempotent: true,
      }, parse);
      if (list.listOrderStatus === 'ALL_DONE') return { found: list };
      return { found: await sendAndRead(deps, cancel, parse) };
    }, (last) => new OrderStatusUnknownError(
      `cancel of order list ${orderListId} on ${symbol}: the cancel answer was lost (${(original as Error).message}) and ${queries(deps)} `
        + 'could not tell whether it was cancelled; query it by orderListId before cancelling it again',
      { exchange: 'binance', orderListId, symbol, cause: last.error ?? original },
    ));
  }
}
