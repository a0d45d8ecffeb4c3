import type { Clock } from '../../core/clock.js';
import { ExchangeError, RateLimitError } from '../../core/errors.js';
import { RateLimiter, type RateLimiterSnapshot } from '../../core/rate-limiter.js';
import { requestWeight, orderCountCost, type ParamReader } from '../../spec/binance/weights.js';
import { intervalSuffix, INTERVAL_MS, type RateLimitRule } from '../../spec/binance/rate-limits.js';
import { retryAfterMs, usageHeaders } from './headers.js';
import type { RestPolicy, RestRequest } from './types.js';

/** Limiter window id of a Binance rule, such as `REQUEST_WEIGHT_1M` or `ORDERS_10S`. */
export function windowId(rule: Pick<RateLimitRule, 'rateLimitType' | 'interval' | 'intervalNum'>): string {
  return `${rule.rateLimitType}_${intervalSuffix(rule)}`;
}

/** Pause applied when a 429 or 418 comes without any `Retry-After`. */
const DEFAULT_PAUSE_MS = { 429: 1_000, 418: 120_000 } as const;

/** Counters of server-side rate-limit answers. */
export interface RateLimitCounters {
  /** 429 responses (a limit was broken). */
  tooManyRequests: number;
  /** 418 responses (the IP was banned). */
  banned: number;
}

/** What the rate-limit stage needs. */
export interface BinanceRateLimitsOptions {
  clock: Clock;
  /** Initial rules, until exchangeInfo gives the real ones. */
  rules: readonly RateLimitRule[];
  /**
   * A request arriving during a server-imposed 429 pause longer than this fails at once with a
   * RateLimitError instead of waiting; shorter pauses are waited out. A ban (418) is never waited
   * out: requests fail at once until it ends.
   */
  maxPauseWaitMs: number;
}

/**
 * Binance's limits on the client side: charges each request's weight (and order count) to the
 * windows exchangeInfo declares before sending, adopts the server's counts from the
 * `X-MBX-USED-WEIGHT-*` / `X-MBX-ORDER-COUNT-*` headers of every response, and turns a 429/418
 * `Retry-After` into a pause of the whole connector.
 */
export class BinanceRateLimits {
  readonly #clock: Clock;
  readonly #limiter: RateLimiter;
  readonly #maxPauseWaitMs: number;
  /** The kept rules with their window ids, worked out once rather than for every request. */
  #windows: readonly { id: string; type: RateLimitRule['rateLimitType'] }[] = [];
  /** End of the latest server-imposed pause (epoch ms), 0 when none was ever imposed. */
  #pausedUntil = 0;
  #pauseBanned = false;
  readonly counters: RateLimitCounters = { tooManyRequests: 0, banned: 0 };

  constructor(options: BinanceRateLimitsOptions) {
    this.#clock = options.clock;
    this.#maxPauseWaitMs = options.maxPauseWaitMs;
    this.#limiter = new RateLimiter({ windows: [], clock: options.clock });
    this.applyRules(options.rules);
  }

  /** Adopts the limits exchangeInfo declares (`rateLimits`); CONNECTIONS rules apply to the WebSocket API only. */
  applyRules(rules: readonly RateLimitRule[]): void {
    const kept = rules.filter((rule) => rule.rateLimitType !== 'CONNECTIONS' && INTERVAL_MS[rule.interval] !== undefined);
    for (const rule of kept) {
      this.#limiter.addWindow({ id: windowId(rule), limit: rule.limit, intervalMs: rule.intervalNum * INTERVAL_MS[rule.interval] });
    }
    this.#windows = kept.map((rule) => ({ id: windowId(rule), type: rule.rateLimitType }));
  }

  /** What a request costs in each window. */
  costs(req: Pick<RestRequest, 'method' | 'path' | 'params'>): Record<string, number> {
    const list = req.params;
    // Looked up in the parameter list itself: most requests are priced by path alone and never read it.
    const params: ParamReader = {
      get(name) {
        let found: string | null = null;
        for (const [key, value] of list) if (key === name) found = value === undefined ? null : String(value);
        return found;
      },
    };
    const weight = requestWeight(req.method, req.path, params);
    const orders = orderCountCost(req.method, req.path);
    const costs: Record<string, number> = {};
    for (const { id, type } of this.#windows) {
      const cost = type === 'REQUEST_WEIGHT' ? weight : type === 'ORDERS' ? orders : 1;
      if (cost > 0) costs[id] = cost;
    }
    return costs;
  }

  /** The policy to put in the REST pipeline. */
  policy(): RestPolicy {
    return (next) => async (req) => {
      this.#failFastWhilePaused();
      try {
        await this.#limiter.acquire(this.costs(req), req.signal);
      } catch (error) {
        // A request costing more than a whole window can never be sent; say which one.
        if (error instanceof RangeError) throw new ExchangeError(`${req.method} ${req.path}: ${error.message}`, { exchange: 'binance', cause: error });
        throw error;
      }
      const response = await next(req);
      const now = this.#clock.now();
      for (const usage of usageHeaders(response.headers)) {
        this.#limiter.sync(`${usage.rateLimitType}_${usage.suffix}`, usage.used, now);
      }
      if (response.status === 429 || response.status === 418) {
        if (response.status === 429) this.counters.tooManyRequests += 1;
        else this.counters.banned += 1;
        const wait = retryAfterMs(response, now) ?? DEFAULT_PAUSE_MS[response.status];
        this.#pauseBanned = response.status === 418;
        this.#pausedUntil = Math.max(this.#pausedUntil, now + wait);
        this.#limiter.pauseUntil(now + wait);
      }
      return response;
    };
  }

  /** Usage of every window, and any pause in force. */
  snapshot(): RateLimiterSnapshot {
    return this.#limiter.snapshot();
  }

  /** Releases the limiter's timer and rejects anything still waiting. */
  close(): void {
    this.#limiter.close();
  }

  #failFastWhilePaused(): void {
    // Read on every request: most never saw a pause, and need neither the clock nor a limiter snapshot.
    if (this.#pausedUntil === 0) return;
    const remaining = this.#pausedUntil - this.#clock.now();
    if (remaining <= this.#maxPauseWaitMs && !this.#pauseBanned) return;
    throw new RateLimitError(
      `Binance ${this.#pauseBanned ? 'banned this IP' : 'rate-limited this client'}; no request is sent for another ${remaining} ms`,
      { exchange: 'binance', retryAfterMs: remaining, banned: this.#pauseBanned },
    );
  }
}
