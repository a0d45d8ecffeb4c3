import type { HttpMethod } from './endpoints.js';

/**
 * REQUEST_WEIGHT of each Binance Spot REST endpoint and its effect on the unfilled-order count,
 * as `rest-api.md` documents them (mid-2026), checked against that document by
 * `test/spec/binance-docs.test.ts`. Read by the connector (to pace requests) and the simulator
 * (to charge them).
 */

/** Parameter lookup, satisfied by URLSearchParams and by a plain record. */
export interface ParamReader {
  get(name: string): string | null;
}

function symbolCount(params: ParamReader): number | undefined {
  const symbols = params.get('symbols');
  if (symbols === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(symbols);
    return Array.isArray(parsed) ? parsed.length : 1;
  } catch {
    return 1;
  }
}

/** Weight of `GET /api/v3/depth` for a given limit (default 100). */
export function depthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

type WeightRule = number | ((params: ParamReader) => number);

const WEIGHTS: Readonly<Record<string, WeightRule>> = {
  'GET /api/v3/ping': 1,
  'GET /api/v3/time': 1,
  'GET /api/v3/exchangeInfo': 20,
  'GET /api/v3/depth': (p) => depthWeight(Number(p.get('limit') ?? 100)),
  'GET /api/v3/trades': 25,
  'GET /api/v3/historicalTrades': 25,
  'GET /api/v3/aggTrades': 4,
  'GET /api/v3/klines': 2,
  'GET /api/v3/uiKlines': 2,
  'GET /api/v3/avgPrice': 2,
  'GET /api/v3/ticker/24hr': (p) => {
    if (p.get('symbol') !== null) return 2;
    const count = symbolCount(p);
    if (count === undefined) return 80;
    if (count <= 20) return 2;
    if (count <= 100) return 40;
    return 80;
  },
  'GET /api/v3/ticker/price': (p) => (p.get('symbol') !== null ? 2 : 4),
  'GET /api/v3/ticker/bookTicker': (p) => (p.get('symbol') !== null ? 2 : 4),
  'GET /api/v3/ticker': (p) => Math.min(200, 4 * (p.get('symbol') !== null ? 1 : (symbolCount(p) ?? 1))),
  'GET /api/v3/ticker/tradingDay': (p) => Math.min(200, 4 * (p.get('symbol') !== null ? 1 : (symbolCount(p) ?? 1))),
  'GET /api/v3/account': 20,
  'POST /api/v3/order': 1,
  'POST /api/v3/order/test': (p) => (p.get('computeCommissionRates') === 'true' ? 20 : 1),
  'DELETE /api/v3/order': 1,
  'GET /api/v3/order': 4,
  'GET /api/v3/openOrders': (p) => (p.get('symbol') !== null ? 6 : 80),
  'DELETE /api/v3/openOrders': 1,
  'GET /api/v3/allOrders': 20,
  'GET /api/v3/myTrades': (p) => (p.get('orderId') !== null ? 5 : 20),
  'GET /api/v3/myPreventedMatches': (p) => (p.get('orderId') !== null ? 20 : 2),
  'POST /api/v3/order/cancelReplace': 1,
  'PUT /api/v3/order/amend/keepPriority': 4,
  'GET /api/v3/order/amendments': 4,
  'POST /api/v3/order/oco': 1,
  'POST /api/v3/orderList/oco': 1,
  'POST /api/v3/orderList/oto': 1,
  'POST /api/v3/orderList/otoco': 1,
  'POST /api/v3/orderList/opo': 1,
  'POST /api/v3/orderList/opoco': 1,
  'DELETE /api/v3/orderList': 1,
  'GET /api/v3/orderList': 4,
  'GET /api/v3/allOrderList': 20,
  'GET /api/v3/openOrderList': 6,
  'POST /api/v3/sor/order': 1,
  'POST /api/v3/sor/order/test': (p) => (p.get('computeCommissionRates') === 'true' ? 20 : 1),
  'GET /api/v3/rateLimit/order': 40,
  'GET /api/v3/account/commission': 20,
  // The listenKey endpoints were removed on 2026-02-20; their weight is from the docs before that.
  'POST /api/v3/userDataStream': 2,
  'PUT /api/v3/userDataStream': 2,
  'DELETE /api/v3/userDataStream': 2,
};

/**
 * Endpoints that cost 0 weight when they succeed (CHANGELOG 2026-03-27, in force since 2026-04-02).
 * `PUT /api/v3/order/amend/keepPriority` is free only when the amendment expires the order, so it
 * is charged here like any other request.
 */
const FREE_ON_SUCCESS: ReadonlySet<string> = new Set([
  'POST /api/v3/order',
  'POST /api/v3/sor/order',
  'DELETE /api/v3/order',
  'DELETE /api/v3/openOrders',
  'POST /api/v3/order/cancelReplace',
  'POST /api/v3/order/oco',
  'POST /api/v3/orderList/oco',
  'POST /api/v3/orderList/oto',
  'POST /api/v3/orderList/otoco',
  'POST /api/v3/orderList/opo',
  'POST /api/v3/orderList/opoco',
  'DELETE /api/v3/orderList',
]);

/** Endpoints that add to the unfilled-order count (ORDERS limits), with how much ("Unfilled Order Count" in `rest-api.md`). */
const ORDER_COUNT: Readonly<Record<string, number>> = {
  'POST /api/v3/order': 1,
  'POST /api/v3/order/cancelReplace': 1,
  'POST /api/v3/order/oco': 2,
  'POST /api/v3/orderList/oco': 2,
  'POST /api/v3/orderList/oto': 2,
  'POST /api/v3/orderList/otoco': 3,
  'POST /api/v3/orderList/opo': 2,
  'POST /api/v3/orderList/opoco': 3,
  'POST /api/v3/sor/order': 1,
};

/** REQUEST_WEIGHT charged up front for a request; unknown endpoints cost 1. */
export function requestWeight(method: HttpMethod, path: string, params: ParamReader): number {
  const rule = WEIGHTS[`${method} ${path}`];
  if (rule === undefined) return 1;
  return typeof rule === 'number' ? rule : rule(params);
}

/** True when a successful response to this endpoint costs no weight. */
export function isFreeOnSuccess(method: HttpMethod, path: string): boolean {
  return FREE_ON_SUCCESS.has(`${method} ${path}`);
}

/** How much the request adds to the unfilled-order count (0 for non-order endpoints). */
export function orderCountCost(method: HttpMethod, path: string): number {
  return ORDER_COUNT[`${method} ${path}`] ?? 0;
}

