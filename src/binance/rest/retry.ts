import { delay, type Clock } from '../../core/clock.js';
import { RateLimitError } from '../../core/errors.js';
import { decideRetry, type RetryPolicy } from '../../core/retry-policy.js';
import type { RestPolicy } from './types.js';

/** What the retry stage needs. */
export interface RetryStageOptions {
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  /** A 429 asking to wait longer than this fails at once instead of being waited out. */
  maxRateLimitWaitMs: number;
  /** Told about each retry before its delay. */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Sends idempotent requests again after transient failures, as `decideRetry` decides; never an
 * order placement (not idempotent) and never into an IP ban (418), since knocking during a ban
 * only lengthens it. A 429 whose `Retry-After` exceeds `maxRateLimitWaitMs` is handed to the
 * caller rather than waited out, as the option promises.
 */
export function retryTransientFailures(options: RetryStageOptions): RestPolicy {
  return (next) => async (req) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await next(req);
      } catch (error) {
        if (error instanceof RateLimitError && (error.banned || (error.retryAfterMs ?? 0) > options.maxRateLimitWaitMs)) {
          throw error;
        }
        const decision = decideRetry(error, attempt, { idempotent: req.idempotent }, options.policy, options.random);
        if (!decision.retry) throw error;
        options.onRetry?.({ attempt, delayMs: decision.delayMs, error });
        await delay(decision.delayMs, options.clock, req.signal);
      }
    }
  };
}
