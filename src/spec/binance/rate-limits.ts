/**
 * Binance's rate-limit rules: the kinds, the intervals and their header letters (`rest-api.md`,
 * "General Info on Limits"), and the limits `exchangeInfo` announces by default.
 */

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

/** The `rateLimitType` values (`enums.md`, and `CONNECTIONS` from the WebSocket API's exchangeInfo). */
export const RATE_LIMIT_TYPES = ['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS', 'CONNECTIONS'] as const;

/** One entry of `exchangeInfo.rateLimits`. */
export interface RateLimitRule {
  rateLimitType: (typeof RATE_LIMIT_TYPES)[number];
  interval: RateLimitInterval;
  intervalNum: number;
  limit: number;
}

/**
 * Binance's documented limits (the WebSocket API's exchangeInfo example; RAW_REQUESTS from
 * CHANGELOG 2026-03-27), used until `exchangeInfo` says otherwise.
 */
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
