/**
 * The `limit` parameter of Binance's paged endpoints, as `rest-api.md` documents it (mid-2026):
 * the value used when none is sent and the largest accepted. Data only: the connector pages and
 * checks with it, the simulator answers with it.
 */

/** One endpoint's `limit`: Binance's default and maximum. */
export interface PageLimit {
  readonly default: number;
  readonly max: number;
}

const page = (defaultValue: number, max: number): PageLimit => ({ default: defaultValue, max });

/** Every REST endpoint that takes a `limit`, by method and path. */
export const PAGE_LIMITS = {
  'GET /api/v3/depth': page(100, 5000),
  'GET /api/v3/trades': page(500, 1000),
  'GET /api/v3/historicalTrades': page(500, 1000),
  'GET /api/v3/aggTrades': page(500, 1000),
  'GET /api/v3/klines': page(500, 1000),
  'GET /api/v3/uiKlines': page(500, 1000),
  'GET /api/v3/allOrders': page(500, 1000),
  'GET /api/v3/allOrderList': page(500, 1000),
  'GET /api/v3/myTrades': page(500, 1000),
  'GET /api/v3/myPreventedMatches': page(500, 1000),
  'GET /api/v3/myAllocations': page(500, 1000),
  'GET /api/v3/order/amendments': page(500, 1000),
} as const satisfies Record<string, PageLimit>;

/** Every REST endpoint whose `startTime` and `endTime` may be at most this far apart, in ms (24 hours each). */
export const TIME_WINDOW_LIMITS_MS = {
  'GET /api/v3/allOrders': 86_400_000,
  'GET /api/v3/allOrderList': 86_400_000,
  'GET /api/v3/myTrades': 86_400_000,
  'GET /api/v3/myAllocations': 86_400_000,
} as const satisfies Record<string, number>;
