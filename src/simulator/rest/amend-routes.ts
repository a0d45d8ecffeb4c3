import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { CLIENT_ORDER_ID_PATTERN } from '../../spec/binance/enums.js';
import { PAGE_LIMITS } from '../../spec/binance/page-limits.js';
import { ZERO } from '../../core/decimal.js';
import { decimalToSteps, fixed8, stepsToDecimal, ticksToDecimal } from '../engine/amounts.js';
import { checkAmendment } from '../engine/order-amend.js';
import type { SimOrderList } from '../engine/order-lists.js';
import { isLive, type SimOrder } from '../engine/order-types.js';
import { badRequest } from '../sim-error.js';
import { signedAccount, type Route, type RouteContext } from './route.js';
import { lookup } from './trading-routes.js';

/**
 * Order Amend Keep Priority: `PUT /api/v3/order/amend/keepPriority` (a live order's quantity
 * down, in place) and `GET /api/v3/order/amendments` (an order's amendments).
 */

/** rest-api.md's `amendedOrder`: the order after the amendment, with the client id it had before. */
function amendedOrderView(order: SimOrder, origClientOrderId: string): Record<string, unknown> {
  const { spec } = order;
  return {
    symbol: spec.symbol, orderId: order.orderId, orderListId: order.orderListId, origClientOrderId, clientOrderId: order.clientOrderId,
    price: fixed8(ticksToDecimal(spec, order.priceTicks)), qty: fixed8(stepsToDecimal(spec, order.origSteps)),
    executedQty: fixed8(stepsToDecimal(spec, order.executedSteps)), preventedQty: fixed8(ZERO),
    quoteOrderQty: fixed8(order.origQuoteOrderQty), cumulativeQuoteQty: fixed8(order.cummulativeQuote),
    status: order.status, timeInForce: order.timeInForce, type: order.type, side: order.side,
    ...(order.workingTime >= 0 ? { workingTime: order.workingTime } : {}),
    selfTradePreventionMode: order.selfTradePreventionMode,
  };
}

/** rest-api.md's `listStatus` of an amended order of a list. */
function listStatusView(list: SimOrderList): Record<string, unknown> {
  return {
    orderListId: list.orderListId, contingencyType: list.contingencyType, listOrderStatus: list.listOrderStatus,
    listClientOrderId: list.listClientOrderId, symbol: list.symbol,
    orders: list.orders.map((o) => ({ symbol: list.symbol, orderId: o.orderId, clientOrderId: o.clientOrderId })),
  };
}

function amend(context: RouteContext): { body: unknown; free: boolean } {
  const { exchange, params, now } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const which = lookup(context);
  const newQty = params.decimal('newQty');
  if (newQty === undefined) throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam('newQty'));
  const sentClientId = params.optional('newClientOrderId');
  if (sentClientId !== undefined && !CLIENT_ORDER_ID_PATTERN.test(sentClientId)) {
    throw badRequest(BinanceErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.`);
  }
  const newSteps = decimalToSteps(spec, newQty);
  if (newSteps === undefined || newQty.lt(spec.minQty) || newQty.gt(spec.maxQty)) {
    throw badRequest(BinanceErrorCode.INVALID_MESSAGE, BinanceMessage.filterFailure('LOT_SIZE'));
  }
  const found = exchange.engine.records.findOrder(account, spec.symbol, which);
  const order = found !== undefined && which.clientOrderId !== undefined && found.clientOrderId !== which.clientOrderId ? undefined : found;
  checkAmendment(order, newSteps, exchange.amendments.of(order?.orderId ?? -1).length);
  const list = order.orderListId < 0 ? undefined : exchange.orderLists.find(account.id, { orderListId: order.orderListId });
  // The FAQ: an OCO pair has one quantity, so "amending either order affects both orders"; an
  // OTO's working and pending orders are amended one by one.
  const paired = exchange.lists.pairedWith(order);
  const pair = paired !== undefined && isLive(paired) ? [paired] : [];
  if (sentClientId !== undefined && sentClientId !== order.clientOrderId && exchange.engine.records.hasLiveClientId(account, sentClientId)) {
    throw badRequest(BinanceErrorCode.ORDER_AMEND_REJECTED, BinanceMessage.duplicateOrder);
  }
  const origClientOrderId = order.clientOrderId;
  const origQty = stepsToDecimal(spec, order.origSteps);
  // rest-api.md: "If not sent, one will be randomly generated."
  const newClientOrderId = sentClientId ?? exchange.engine.generateClientOrderId();
  const executionId = exchange.engine.amendOrder(order, newSteps, newClientOrderId, now);
  exchange.amendments.add({ symbol: spec.symbol, orderId: order.orderId, executionId, origClientOrderId, newClientOrderId, origQty, newQty, time: now });
  for (const other of pair) {
    if (other.origSteps === newSteps) continue;
    const otherQty = stepsToDecimal(spec, other.origSteps);
    const id = exchange.engine.amendOrder(other, newSteps, other.clientOrderId, now);
    exchange.amendments.add({
      symbol: spec.symbol, orderId: other.orderId, executionId: id, origClientOrderId: other.clientOrderId,
      newClientOrderId: other.clientOrderId, origQty: otherQty, newQty, time: now,
    });
  }
  if (list !== undefined && newClientOrderId !== origClientOrderId) {
    // The FAQ: a list whose order got a new client id reports a listStatus of type UPDATED.
    const at = list.orders.findIndex((o) => o.orderId === order.orderId);
    if (at >= 0) list.orders[at] = { orderId: order.orderId, clientOrderId: newClientOrderId };
    if (list.listOrderStatus !== 'ALL_DONE') list.listStatusType = 'UPDATED';
    exchange.engine.events.emit('orderList', { accountId: account.id, list: { ...list, orders: [...list.orders] }, time: now });
  }
  return {
    body: {
      transactTime: now, executionId, amendedOrder: amendedOrderView(order, origClientOrderId),
      ...(list === undefined ? {} : { listStatus: listStatusView(list) }),
    },
    // CHANGELOG 2026-04-02: an amendment costs no weight when it expires the order.
    free: order.status === 'EXPIRED',
  };
}

function amendments(context: RouteContext): { body: unknown } {
  const { exchange, params } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const orderId = params.integer('orderId');
  if (orderId === undefined) throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam('orderId'));
  const order = exchange.engine.records.findOrder(account, spec.symbol, { orderId });
  if (order === undefined) throw badRequest(BinanceErrorCode.NO_SUCH_ORDER, BinanceMessage.orderDoesNotExist);
  const from = params.integer('fromExecutionId');
  const limit = params.limit(PAGE_LIMITS['GET /api/v3/order/amendments']);
  const selected = exchange.amendments.of(orderId).filter((a) => from === undefined || a.executionId >= from).slice(0, limit);
  return {
    body: selected.map((a) => ({
      symbol: a.symbol, orderId: a.orderId, executionId: a.executionId, origClientOrderId: a.origClientOrderId,
      newClientOrderId: a.newClientOrderId, origQty: fixed8(a.origQty), newQty: fixed8(a.newQty), time: a.time,
    })),
  };
}

/** The amend routes. */
export const amendRoutes: readonly Route[] = [
  { method: 'PUT', path: '/api/v3/order/amend/keepPriority', security: 'SIGNED', handle: amend },
  { method: 'GET', path: '/api/v3/order/amendments', security: 'SIGNED', handle: amendments },
];
