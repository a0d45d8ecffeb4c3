/**
 * Binance Spot endpoints with their security type and the WebSocket API method that does the
 * same, as Binance's `rest-api.md` and `web-socket-api.md` show them next to each endpoint name
 * (mid-2026). Data only: the connector decides from it which requests trade and which go over
 * the WebSocket API; the simulator may read it too.
 */

/** HTTP methods Binance uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The security type Binance shows next to an endpoint: `TRADE` places, changes or cancels orders. */
export type SecurityType = 'NONE' | 'USER_DATA' | 'USER_STREAM' | 'TRADE';

/** One endpoint: its REST method and path, its WebSocket API method when there is one, and its security type. */
export interface EndpointSpec {
  readonly rest: `${HttpMethod} /api/v3/${string}`;
  readonly wsApi: string | undefined;
  readonly security: SecurityType;
}

const spec = (rest: EndpointSpec['rest'], wsApi: string | undefined, security: SecurityType): EndpointSpec => ({ rest, wsApi, security });

/** The endpoints the connector knows; every `TRADE` endpoint of both documents is listed. */
export const ENDPOINTS: readonly EndpointSpec[] = [
  spec('GET /api/v3/ping', 'ping', 'NONE'),
  spec('GET /api/v3/time', 'time', 'NONE'),
  spec('GET /api/v3/exchangeInfo', 'exchangeInfo', 'NONE'),
  spec('GET /api/v3/depth', 'depth', 'NONE'),
  spec('GET /api/v3/trades', 'trades.recent', 'NONE'),
  spec('GET /api/v3/historicalTrades', 'trades.historical', 'NONE'),
  spec('GET /api/v3/aggTrades', 'trades.aggregate', 'NONE'),
  spec('GET /api/v3/klines', 'klines', 'NONE'),
  spec('GET /api/v3/uiKlines', 'uiKlines', 'NONE'),
  spec('GET /api/v3/avgPrice', 'avgPrice', 'NONE'),
  spec('GET /api/v3/ticker/24hr', 'ticker.24hr', 'NONE'),
  spec('GET /api/v3/ticker/tradingDay', 'ticker.tradingDay', 'NONE'),
  spec('GET /api/v3/ticker', 'ticker', 'NONE'),
  spec('GET /api/v3/ticker/price', 'ticker.price', 'NONE'),
  spec('GET /api/v3/ticker/bookTicker', 'ticker.book', 'NONE'),
  spec('POST /api/v3/order', 'order.place', 'TRADE'),
  spec('POST /api/v3/order/test', 'order.test', 'TRADE'),
  spec('DELETE /api/v3/order', 'order.cancel', 'TRADE'),
  spec('DELETE /api/v3/openOrders', 'openOrders.cancelAll', 'TRADE'),
  spec('POST /api/v3/order/cancelReplace', 'order.cancelReplace', 'TRADE'),
  spec('PUT /api/v3/order/amend/keepPriority', 'order.amend.keepPriority', 'TRADE'),
  spec('POST /api/v3/order/oco', 'orderList.place', 'TRADE'),
  spec('POST /api/v3/orderList/oco', 'orderList.place.oco', 'TRADE'),
  spec('POST /api/v3/orderList/oto', 'orderList.place.oto', 'TRADE'),
  spec('POST /api/v3/orderList/otoco', 'orderList.place.otoco', 'TRADE'),
  spec('POST /api/v3/orderList/opo', 'orderList.place.opo', 'TRADE'),
  spec('POST /api/v3/orderList/opoco', 'orderList.place.opoco', 'TRADE'),
  spec('DELETE /api/v3/orderList', 'orderList.cancel', 'TRADE'),
  spec('POST /api/v3/sor/order', 'sor.order.place', 'TRADE'),
  spec('POST /api/v3/sor/order/test', 'sor.order.test', 'TRADE'),
  spec('GET /api/v3/order', 'order.status', 'USER_DATA'),
  spec('GET /api/v3/order/amendments', 'order.amendments', 'USER_DATA'),
  spec('GET /api/v3/openOrders', 'openOrders.status', 'USER_DATA'),
  spec('GET /api/v3/allOrders', 'allOrders', 'USER_DATA'),
  spec('GET /api/v3/orderList', 'orderList.status', 'USER_DATA'),
  spec('GET /api/v3/openOrderList', 'openOrderLists.status', 'USER_DATA'),
  spec('GET /api/v3/allOrderList', 'allOrderLists', 'USER_DATA'),
  spec('GET /api/v3/account', 'account.status', 'USER_DATA'),
  spec('GET /api/v3/myTrades', 'myTrades', 'USER_DATA'),
  spec('GET /api/v3/myPreventedMatches', 'myPreventedMatches', 'USER_DATA'),
  spec('GET /api/v3/rateLimit/order', 'account.rateLimits.orders', 'USER_DATA'),
  spec('GET /api/v3/account/commission', 'account.commission', 'USER_DATA'),
];

const BY_REST = new Map(ENDPOINTS.map((e) => [e.rest as string, e]));

/** The spec of `METHOD /path`, or undefined for an endpoint the table does not list. */
export function endpointSpec(method: HttpMethod, path: string): EndpointSpec | undefined {
  return BY_REST.get(`${method} ${path}`);
}
