import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { DEFAULT_RATE_LIMITS, INTERVAL_MS, intervalSuffix, type RateLimitRule } from '../../spec/binance/rate-limits.js';
import type { ConnectionLimitOptions } from './connection-limiter.js';
import { SimError } from '../sim-error.js';

/**
 * Binance's limits, enforced: REQUEST_WEIGHT and RAW_REQUESTS per IP and ORDERS per account, each
 * in fixed windows aligned to the epoch (a minute window resets on the minute). Over a limit the
 * answer is 429 with Retry-After; an IP that keeps sending while limited is banned with 418, each
 * ban twice as long as the one before.
 */

/** Limit settings of `startSimulator({ limits })`. */
export interface LimitsOptions {
  /** Replaces the whole rule list (exchangeInfo shows what is enforced). @default Binance's documented limits */
  readonly rateLimits?: readonly RateLimitRule[];
  /** Length of the first ban; later bans double. @default 120_000 (2 minutes) */
  readonly banMs?: number;
  /** Longest ban. @default 259_200_000 (3 days) */
  readonly maxBanMs?: number;
  /** Requests an IP may still send while limited before the next one bans it. @default 5 */
  readonly requestsWhileLimited?: number;
  /** New WebSocket connections per IP, for streams and the WebSocket API each. @default 300 per 5 MINUTE */
  readonly connections?: ConnectionLimitOptions;
}

class Window {
  private start = Number.NaN;
  private count = 0;
  readonly length: number;

  constructor(readonly rule: RateLimitRule) {
    this.length = rule.intervalNum * INTERVAL_MS[rule.interval];
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.length) * this.length;
    if (start !== this.start) {
      this.start = start;
      this.count = 0;
    }
  }

  used(now: number): number {
    this.roll(now);
    return this.count;
  }

  add(amount: number, now: number): number {
    this.roll(now);
    this.count = Math.max(0, this.count + amount);
    return this.count;
  }

  end(now: number): number {
    this.roll(now);
    return this.start + this.length;
  }
}

interface IpState {
  readonly weight: Window[];
  readonly raw: Window[];
  limitedUntil: number;
  strikes: number;
  banUntil: number;
  bans: number;
}

function intervalText(rule: RateLimitRule): string {
  return `${rule.intervalNum} ${rule.interval}`;
}

function retryAfter(until: number, now: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil((until - now) / 1000))) };
}

/** Counts and enforces request weight, raw requests and unfilled orders. */
export class UsageLimits {
  /** The enforced rules, as exchangeInfo publishes them. */
  readonly rules: readonly RateLimitRule[];
  private readonly ips = new Map<string, IpState>();
  private readonly orders = new Map<number, Window[]>();
  private readonly banMs: number;
  private readonly maxBanMs: number;
  private readonly requestsWhileLimited: number;

  /** Creates the limiter with `options` applied over Binance's defaults. */
  constructor(options: LimitsOptions = {}) {
    this.rules = options.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.banMs = options.banMs ?? 120_000;
    this.maxBanMs = options.maxBanMs ?? 259_200_000;
    this.requestsWhileLimited = options.requestsWhileLimited ?? 5;
  }

  private ip(address: string): IpState {
    let state = this.ips.get(address);
    if (state === undefined) {
      state = {
        weight: this.rules.filter((r) => r.rateLimitType === 'REQUEST_WEIGHT').map((r) => new Window(r)),
        raw: this.rules.filter((r) => r.rateLimitType === 'RAW_REQUESTS').map((r) => new Window(r)),
        limitedUntil: 0, strikes: 0, banUntil: 0, bans: 0,
      };
      this.ips.set(address, state);
    }
    return state;
  }

  private banned(state: IpState, now: number): SimError {
    return new SimError(418, BinanceErrorCode.TOO_MANY_REQUESTS, BinanceMessage.banned(state.banUntil), retryAfter(state.banUntil, now));
  }

  /**
   * Charges one request of `weight` to `address`. Throws 418 while banned (or when this request
   * earns a ban) and 429 when a limit is exceeded or the IP is still limited.
   */
  charge(address: string, weight: number, now: number): void {
    const state = this.ip(address);
    if (state.banUntil > now) throw this.banned(state, now);
    if (state.limitedUntil > now) {
      state.strikes += 1;
      if (state.strikes > this.requestsWhileLimited) {
        state.banUntil = now + Math.min(this.maxBanMs, this.banMs * 2 ** state.bans);
        state.bans += 1;
        state.limitedUntil = 0;
        throw this.banned(state, now);
      }
    }
    for (const window of state.raw) {
      if (window.add(1, now) > window.rule.limit) {
        this.limit(state, window.end(now));
        throw new SimError(429, BinanceErrorCode.TOO_MANY_REQUESTS,
          `Too many requests; current limit is ${window.rule.limit} requests per ${intervalText(window.rule)}.`, retryAfter(window.end(now), now));
      }
    }
    for (const window of state.weight) {
      if (window.add(weight, now) > window.rule.limit) {
        this.limit(state, window.end(now));
        throw new SimError(429, BinanceErrorCode.TOO_MANY_REQUESTS,
          BinanceMessage.tooMuchWeight(window.rule.limit, intervalText(window.rule)), retryAfter(window.end(now), now));
      }
    }
    if (state.limitedUntil > now) {
      throw new SimError(429, BinanceErrorCode.TOO_MANY_REQUESTS,
        BinanceMessage.tooMuchWeight(state.weight[0]?.rule.limit ?? 0, state.weight[0] === undefined ? '' : intervalText(state.weight[0].rule)),
        retryAfter(state.limitedUntil, now));
    }
  }

  private limit(state: IpState, until: number): void {
    if (state.limitedUntil < until) {
      state.limitedUntil = until;
      state.strikes = 0;
    }
  }

  /** Gives back weight charged to a request that turned out free (successful order placement and cancel). */
  refund(address: string, weight: number, now: number): void {
    for (const window of this.ip(address).weight) window.add(-weight, now);
  }

  /** Each REQUEST_WEIGHT rule with the IP's current count (the WebSocket API's `rateLimits`). */
  weightUsage(address: string, now: number): (RateLimitRule & { count: number })[] {
    return this.ip(address).weight.map((window) => ({ ...window.rule, count: window.used(now) }));
  }

  /** `X-MBX-USED-WEIGHT-<interval>` headers (and the legacy unsuffixed one) for `address`. */
  weightHeaders(address: string, now: number): Record<string, string> {
    const headers: Record<string, string> = {};
    const windows = this.ip(address).weight;
    for (const window of windows) headers[`X-MBX-USED-WEIGHT-${intervalSuffix(window.rule)}`] = String(window.used(now));
    if (windows[0] !== undefined) headers['X-MBX-USED-WEIGHT'] = String(windows[0].used(now));
    return headers;
  }

  private orderWindows(accountId: number): Window[] {
    let windows = this.orders.get(accountId);
    if (windows === undefined) {
      windows = this.rules.filter((r) => r.rateLimitType === 'ORDERS').map((r) => new Window(r));
      this.orders.set(accountId, windows);
    }
    return windows;
  }

  /** Checks that one more order fits the ORDERS limits; throws 429 -1015 otherwise. */
  checkOrder(accountId: number, now: number): void {
    for (const window of this.orderWindows(accountId)) {
      if (window.used(now) + 1 > window.rule.limit) {
        throw new SimError(429, BinanceErrorCode.TOO_MANY_ORDERS,
          BinanceMessage.tooManyOrders(window.rule.limit, intervalText(window.rule)), retryAfter(window.end(now), now));
      }
    }
  }

  /** Counts a new order in every ORDERS window (-1 takes back one the engine then rejected). */
  countOrder(accountId: number, now: number, delta = 1): void {
    for (const window of this.orderWindows(accountId)) window.add(delta, now);
  }

  /**
   * An order's first fill takes one order off the current count of every ORDERS window, whenever
   * the order was placed (an order placed yesterday lowers today's count), never below zero.
   */
  orderFilled(accountId: number, now: number): void {
    this.countOrder(accountId, now, -1);
  }

  /** `GET /api/v3/rateLimit/order`: each ORDERS rule with the account's current count. */
  orderUsage(accountId: number, now: number): (RateLimitRule & { count: number })[] {
    return this.orderWindows(accountId).map((window) => ({ ...window.rule, count: window.used(now) }));
  }

  /** `X-MBX-ORDER-COUNT-<interval>` headers for `accountId`. */
  orderHeaders(accountId: number, now: number): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const window of this.orderWindows(accountId)) headers[`X-MBX-ORDER-COUNT-${intervalSuffix(window.rule)}`] = String(window.used(now));
    return headers;
  }
}
