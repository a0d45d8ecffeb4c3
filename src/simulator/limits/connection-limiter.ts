import { BinanceErrorCode } from '../../spec/binance/error-codes.js';
import { INTERVAL_MS, type RateLimitInterval, type RateLimitRule } from '../../spec/binance/rate-limits.js';
import { SimError } from '../sim-error.js';

/**
 * Binance's connection-rate limit: 300 new WebSocket connections per 5 minutes per IP, for market
 * streams and for the WebSocket API (each service counts its own). Every attempt counts, refused
 * ones included, in fixed windows aligned to the epoch like the other limits; past the limit the
 * upgrade is answered 429 with `Retry-After` and -1034 until the window ends.
 */

/** The `limits.connections` option: attempts allowed per window. */
export interface ConnectionLimitOptions {
  readonly limit: number;
  readonly interval: RateLimitInterval;
  readonly intervalNum: number;
}

/** Binance's documented connection limit. */
export const DEFAULT_CONNECTION_LIMIT: ConnectionLimitOptions = { interval: 'MINUTE', intervalNum: 5, limit: 300 };

/** Addresses remembered before windows that have ended are swept out. */
const SWEEP_AT = 10_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`limits.connections.${name} must be a positive integer, got ${value}`);
  return value;
}

/** Counts new connections per IP and refuses those past the limit. */
export class ConnectionLimiter {
  /** The enforced rule, in exchangeInfo's shape. */
  readonly rule: RateLimitRule;
  private readonly lengthMs: number;
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Validates `options` (TypeError naming the field) and starts with no attempts counted. */
  constructor(options: ConnectionLimitOptions = DEFAULT_CONNECTION_LIMIT) {
    if (!Object.hasOwn(INTERVAL_MS, options.interval)) {
      throw new TypeError(`limits.connections.interval must be SECOND, MINUTE, HOUR or DAY, got ${JSON.stringify(options.interval)}`);
    }
    this.rule = {
      rateLimitType: 'CONNECTIONS',
      interval: options.interval,
      intervalNum: positiveInteger('intervalNum', options.intervalNum),
      limit: positiveInteger('limit', options.limit),
    };
    this.lengthMs = this.rule.intervalNum * INTERVAL_MS[this.rule.interval];
  }

  /** Counts one connection attempt from `address`; throws 429 -1034 when it is past the limit. */
  attempt(address: string, now: number): void {
    const start = Math.floor(now / this.lengthMs) * this.lengthMs;
    let window = this.windows.get(address);
    if (window === undefined || window.start !== start) {
      if (this.windows.size >= SWEEP_AT) this.sweep(start);
      window = { start, count: 0 };
      this.windows.set(address, window);
    }
    window.count += 1;
    if (window.count <= this.rule.limit) return;
    const { limit, intervalNum, interval } = this.rule;
    throw new SimError(429, BinanceErrorCode.TOO_MANY_CONNECTIONS,
      `Too many connection attempts from IP; current limit is ${limit} per '${intervalNum} ${interval}'.`,
      { 'Retry-After': String(Math.max(1, Math.ceil((start + this.lengthMs - now) / 1000))) });
  }

  private sweep(current: number): void {
    for (const [address, window] of this.windows) if (window.start !== current) this.windows.delete(address);
  }
}
