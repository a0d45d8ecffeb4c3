import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../../spec/binance/page-limits.js';
import type { PlacedList } from '../engine/contingencies.js';
import { orderCountCost } from '../../spec/binance/weights.js';
import {
  parseOcoParams, parseOpocoParams, parseOpoParams, parseOtocoParams, parseOtoParams, type ListContext, type ParsedList,
} from '../engine/order-list-request.js';
import { orderListView, type OrderListLookup } from '../engine/order-lists.js';
import { newOrderView } from '../engine/views.js';
import { cancelledListView } from './list-answers.js';
import type { Params } from './params.js';
import { badRequest } from '../sim-error.js';
import { signedAccount, type Route, type RouteContext } from './route.js';
import { filterContext, windowed } from './trading-routes.js';

/** Order lists: placing OCO, OTO, OTOCO, OPO and OPOCO, cancelling a list, reading one, the open ones, all of them in windows. */

/** Binance does not document the error of a query for a list it does not have; this is the order query's, with "list". */
const NO_SUCH_LIST = 'Order list does not exist.';

/** `orderListId` / `origClientOrderId`; -1102 when neither is sent. */
function lookup(context: RouteContext): OrderListLookup {
  const orderListId = context.params.integer('orderListId');
  const listClientOrderId = context.params.optional('origClientOrderId');
  if (orderListId === undefined && listClientOrderId === undefined) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam('orderListId', 'origClientOrderId'));
  }
  return { orderListId, listClientOrderId };
}

/** Places the list `parse` reads, counted as its orders in the ORDERS windows, answered with each order's report. */
function placeList(context: RouteContext, parse: (params: Params, list: ListContext) => ParsedList): { body: unknown } {
  const { exchange, now, params } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const market = exchange.engine.market(spec.symbol)!;
  const parsed = parse(params, {
    spec, generatedClientId: () => exchange.engine.generateClientOrderId(), lastTicks: exchange.engine.lastPrice(market, now),
    filters: filterContext(context, spec),
  });
  // Each order of the list counts (rest-api.md's Unfilled Order Count, in the spec).
  const count = orderCountCost('POST', `/api/v3/orderList/${parsed.request.kind.toLowerCase()}`);
  exchange.limiter.checkOrder(account.id, now);
  exchange.limiter.countOrder(account.id, now, count);
  let placed: PlacedList;
  try {
    placed = exchange.lists.place(account, spec.symbol, parsed.listClientOrderId, parsed.request, now);
  } catch (error) {
    exchange.limiter.countOrder(account.id, now, -count);
    throw error;
  }
  return {
    body: {
      ...orderListView(placed.list),
      orderReports: placed.orders.map((order) => newOrderView(order, placed.fills.get(order.orderId) ?? [], parsed.responseType, now)),
    },
  };
}

/** `DELETE /api/v3/orderList`: the whole list, by id or list client id. */
function cancelList(context: RouteContext): { body: unknown } {
  const { exchange, now, params } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const which = { orderListId: params.integer('orderListId'), listClientOrderId: params.optional('listClientOrderId') };
  if (which.orderListId === undefined && which.listClientOrderId === undefined) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam('orderListId', 'listClientOrderId'));
  }
  const list = exchange.orderLists.find(account.id, which);
  if (list === undefined || list.symbol !== spec.symbol || list.listOrderStatus === 'ALL_DONE') {
    throw badRequest(BinanceErrorCode.CANCEL_REJECTED, BinanceMessage.unknownOrder);
  }
  const cancelId = params.optional('newClientOrderId') ?? exchange.engine.generateClientOrderId();
  return { body: cancelledListView(exchange, account, list, cancelId, now) };
}

/** `GET /api/v3/orderList`, `openOrderList` and `allOrderList`; `POST /api/v3/orderList/oco|oto|otoco|opo|opoco`; `DELETE /api/v3/orderList`. */
export const orderListRoutes: Route[] = [
  { method: 'POST', path: '/api/v3/orderList/oco', security: 'SIGNED', handle: (c) => placeList(c, parseOcoParams) },
  { method: 'POST', path: '/api/v3/orderList/oto', security: 'SIGNED', handle: (c) => placeList(c, parseOtoParams) },
  { method: 'POST', path: '/api/v3/orderList/otoco', security: 'SIGNED', handle: (c) => placeList(c, parseOtocoParams) },
  { method: 'POST', path: '/api/v3/orderList/opo', security: 'SIGNED', handle: (c) => placeList(c, parseOpoParams) },
  { method: 'POST', path: '/api/v3/orderList/opoco', security: 'SIGNED', handle: (c) => placeList(c, parseOpocoParams) },
  { method: 'DELETE', path: '/api/v3/orderList', security: 'SIGNED', handle: cancelList },
  {
    method: 'GET', path: '/api/v3/orderList', security: 'SIGNED',
    handle: (context) => {
      const list = context.exchange.orderLists.find(signedAccount(context).id, lookup(context));
      if (list === undefined) throw badRequest(BinanceErrorCode.NO_SUCH_ORDER, NO_SUCH_LIST);
      return { body: orderListView(list) };
    },
  },
  {
    method: 'GET', path: '/api/v3/openOrderList', security: 'SIGNED',
    handle: (context) => ({ body: context.exchange.orderLists.open(signedAccount(context).id).map(orderListView) }),
  },
  {
    method: 'GET', path: '/api/v3/allOrderList', security: 'SIGNED',
    handle: (context) => {
      const timed = context.params.has('startTime') || context.params.has('endTime');
      if (timed && context.params.has('fromId')) throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
      const lists = context.exchange.orderLists.all(signedAccount(context).id);
      return {
        body: windowed(lists, context, (l) => l.orderListId, 'fromId', PAGE_LIMITS['GET /api/v3/allOrderList'], TIME_WINDOW_LIMITS_MS['GET /api/v3/allOrderList'])
          .map(orderListView),
      };
    },
  },
];
