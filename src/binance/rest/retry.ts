import { delay, type Clock } from '../../core/clock.js';
import { decideRetry, type RetryPolicy } from '../../core/retry-policy.js';
import type { RestPolicy } from './types.js';

/** What the retry stage needs. */
export interface RetryStageOptions {
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  /** Told about each retry before its delay. */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Sends idempotent requests again after transient failures, exactly as `decideRetry` decides:
 * never an order placement (not idempotent), never into an IP ban (418), and a 429 only when its
 * `Retry-After` is within the policy's `maxRetryAfterMs`.
 */
export function retryTransientFailures(options: RetryStageOptions): RestPolicy {
  return (next) => async (req) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await next(req);
      } catch (error) {
        const decision = decideRetry(error, attempt, { idempotent: req.idempotent }, options.policy, options.random);
        if (!decision.retry) throw error;
        options.onRetry?.({ attempt, delayMs: decision.delayMs, error });
        await delay(decision.delayMs, options.clock, req.signal);
      }
    }
  };
}
