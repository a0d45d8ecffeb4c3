/**
 * WebSocket API methods that are REST endpoints under another name: they run through the same
 * route handlers, validators, weights and errors as their REST twins.
 */

/** Method name → `METHOD /path` of the REST route it runs (a Map: names come from clients, and `constructor` must not be found). */
export const ROUTE_OF_METHOD: ReadonlyMap<string, string> = new Map(Object.entries({
  ping: 'GET /api/v3/ping',
  time: 'GET /api/v3/time',
  exchangeInfo: 'GET /api/v3/exchangeInfo',
  depth: 'GET /api/v3/depth',
  'trades.recent': 'GET /api/v3/trades',
  'trades.historical': 'GET /api/v3/historicalTrades',
  'trades.aggregate': 'GET /api/v3/aggTrades',
  klines: 'GET /api/v3/klines',
  uiKlines: 'GET /api/v3/uiKlines',
  avgPrice: 'GET /api/v3/avgPrice',
  'ticker.24hr': 'GET /api/v3/ticker/24hr',
  ticker: 'GET /api/v3/ticker',
  'ticker.price': 'GET /api/v3/ticker/price',
  'ticker.book': 'GET /api/v3/ticker/bookTicker',
  'order.place': 'POST /api/v3/order',
  'order.test': 'POST /api/v3/order/test',
  'order.status': 'GET /api/v3/order',
  'order.cancel': 'DELETE /api/v3/order',
  'openOrders.status': 'GET /api/v3/openOrders',
  'openOrders.cancelAll': 'DELETE /api/v3/openOrders',
  allOrders: 'GET /api/v3/allOrders',
  'orderList.place.oco': 'POST /api/v3/orderList/oco',
  'orderList.place.oto': 'POST /api/v3/orderList/oto',
  'orderList.place.otoco': 'POST /api/v3/orderList/otoco',
  'orderList.place.opo': 'POST /api/v3/orderList/opo',
  'orderList.place.opoco': 'POST /api/v3/orderList/opoco',
  'orderList.cancel': 'DELETE /api/v3/orderList',
  'orderList.status': 'GET /api/v3/orderList',
  'openOrderLists.status': 'GET /api/v3/openOrderList',
  allOrderLists: 'GET /api/v3/allOrderList',
  myTrades: 'GET /api/v3/myTrades',
  myPreventedMatches: 'GET /api/v3/myPreventedMatches',
  'account.status': 'GET /api/v3/account',
  'account.commission': 'GET /api/v3/account/commission',
  'account.rateLimits.orders': 'GET /api/v3/rateLimit/order',
  'order.cancelReplace': 'POST /api/v3/order/cancelReplace',
  'order.amend.keepPriority': 'PUT /api/v3/order/amend/keepPriority',
  'order.amendments': 'GET /api/v3/order/amendments',
}));

/** Weight of the session and user-data-stream methods. */
export const SESSION_METHOD_WEIGHT = 2;

/** Binance's caps on user data subscriptions of one connection. */
export const MAX_LIFETIME_SUBSCRIPTIONS = 65_535;
