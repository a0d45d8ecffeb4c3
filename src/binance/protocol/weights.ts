/**
 * REQUEST_WEIGHT of each Binance Spot REST endpoint and its effect on the unfilled-order count,
 * as documented in mid-2026. Shared by the connector (to pace requests) and the simulator
 * (to charge them).
 */

/** HTTP methods Binance uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Parameter lookup, satisfied by URLSearchParams and by a plain record. */
export interface ParamReader {
  get(name: string): string | null;
}

/** Wraps a plain record as a ParamReader. */
export function paramsOf(record: Readonly<Record<string, string | number | undefined>>): ParamReader {
  return {
    get(name) {
      const value = record[name];
      return value === undefined ? null : String(value);
    },
  };
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
  'POST /api/v3/order/cancelReplace': 1,
  'PUT /api/v3/order/amend/keepPriority': 4,
  'GET /api/v3/rateLimit/order': 40,
  'GET /api/v3/account/commission': 20,
  'POST /api/v3/userDataStream': 2,
  'PUT /api/v3/userDataStream': 2,
  'DELETE /api/v3/userDataStream': 2,
};

/** Endpoints that cost 0 weight when they succeed (order placement and cancel, since 2026-04-02). */
const FREE_ON_SUCCESS: ReadonlySet<string> = new Set([
  'POST /api/v3/order',
  'DELETE /api/v3/order',
  'DELETE /api/v3/openOrders',
  'POST /api/v3/order/cancelReplace',
  'POST /api/v3/sor/order',
]);

/** Endpoints that add to the unfilled-order count (ORDERS limits), with how much. */
const ORDER_COUNT: Readonly<Record<string, number>> = {
  'POST /api/v3/order': 1,
  'POST /api/v3/order/cancelReplace': 1,
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

/** Header letter for a rate-limit interval, as in `X-MBX-USED-WEIGHT-1M`. */
export const INTERVAL_LETTER = { SECOND: 'S', MINUTE: 'M', HOUR: 'H', DAY: 'D' } as const;

/** A rate-limit interval name. */
export type RateLimitInterval = keyof typeof INTERVAL_LETTER;

/** Milliseconds in one unit of each interval. */
export const INTERVAL_MS: Readonly<Record<RateLimitInterval, number>> = {
  SECOND: 1_000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

/** One entry of `exchangeInfo.rateLimits`. */
export interface RateLimitRule {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS' | 'CONNECTIONS';
  interval: RateLimitInterval;
  intervalNum: number;
  limit: number;
}

/** Binance's documented default limits, used until `exchangeInfo` says otherwise. */
export const DEFAULT_RATE_LIMITS: readonly RateLimitRule[] = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160_000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300_000 },
];

/** The header suffix for a rule, such as `1M` or `10S`. */
export function intervalSuffix(rule: Pick<RateLimitRule, 'interval' | 'intervalNum'>): string {
  return `${rule.intervalNum}${INTERVAL_LETTER[rule.interval]}`;
}

/** Parses a header suffix such as `1M` or `10S` into milliseconds; undefined when malformed. */
export function suffixToMs(suffix: string): number | undefined {
  const match = /^(\d+)([SMHD])$/i.exec(suffix);
  if (match === null) return undefined;
  const letter = match[2]!.toUpperCase();
  const unit = (Object.keys(INTERVAL_LETTER) as RateLimitInterval[]).find((k) => INTERVAL_LETTER[k] === letter);
  return unit === undefined ? undefined : Number(match[1]) * INTERVAL_MS[unit];
}
