import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../../spec/binance/page-limits.js';
import { orderListView, type OrderListLookup } from '../engine/order-lists.js';
import { badRequest } from '../sim-error.js';
import { signedAccount, type Route, type RouteContext } from './route.js';
import { windowed } from './trading-routes.js';

/** The order list reads: one list, the open ones, all of them in windows. */

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

/** `GET /api/v3/orderList`, `openOrderList` and `allOrderList`. */
export const orderListRoutes: Route[] = [
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
