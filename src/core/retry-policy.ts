import { ConfigurationError, ConnectionError, ExchangeUnavailableError, RateLimitError } from './errors.js';

/** How failed requests are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. @default 3 */
  readonly maxRetries: number;
  /** Backoff before the first retry (the cap of its jitter). @default 250 */
  readonly minDelayMs: number;
  /** Upper bound of any backoff delay. @default 10_000 */
  readonly maxDelayMs: number;
  /** Growth of the backoff per retry. @default 2 */
  readonly factor: number;
  /** `full`: a uniform delay in [0, backoff); `none`: exactly the backoff. @default 'full' */
  readonly jitter: 'full' | 'none';
  /**
   * Longest rate-limit wait: a 429 whose `Retry-After` is longer fails the request instead of being
   * waited out, and a connector fails requests at once during a longer pause. @default 120_000
   */
  readonly maxRetryAfterMs: number;
}

/** The outcome of {@link decideRetry}. */
export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number };

/** What the caller knows about the request that failed. */
export interface RetryContext {
  /** True when sending the request twice cannot change state twice (reads, cancels by id). */
  idempotent: boolean;
}

/** Fields to change from the defaults; unset or undefined fields keep theirs. */
export type RetryPolicyInput = { readonly [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined };

/** One broken rule of a retry policy. */
export interface RetryPolicyIssue {
  field: keyof RetryPolicy;
  message: string;
}

/** The documented defaults: 3 retries, 250 ms doubling to at most 10 s, full jitter, Retry-After up to 2 min. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 3,
  minDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 'full',
  maxRetryAfterMs: 120_000,
});

const RULES: { [K in keyof RetryPolicy]: (value: unknown) => string | undefined } = {
  maxRetries: (v) => (isInteger(v, 0, 100) ? undefined : 'must be an integer from 0 to 100'),
  minDelayMs: (v) => (isInteger(v, 0, 3_600_000) ? undefined : 'must be an integer from 0 to 3600000'),
  maxDelayMs: (v) => (isInteger(v, 0, 3_600_000) ? undefined : 'must be an integer from 0 to 3600000'),
  factor: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= 10 ? undefined : 'must be a number from 1 to 10'),
  jitter: (v) => (v === 'full' || v === 'none' ? undefined : "must be 'full' or 'none'"),
  maxRetryAfterMs: (v) => (isInteger(v, 0, 86_400_000) ? undefined : 'must be an integer from 0 to 86400000'),
};

/** Every rule a (partial) policy breaks, each naming its field; empty when valid. Unknown fields are not checked. */
export function retryPolicyIssues(partial: Readonly<Record<string, unknown>>): RetryPolicyIssue[] {
  const issues: RetryPolicyIssue[] = [];
  for (const field of Object.keys(RULES) as (keyof RetryPolicy)[]) {
    if (partial[field] === undefined) continue;
    const message = RULES[field](partial[field]);
    if (message !== undefined) issues.push({ field, message });
  }
  const merged = { ...DEFAULT_RETRY_POLICY, ...pickSet(partial) };
  if (issues.length === 0 && merged.maxDelayMs < merged.minDelayMs) {
    issues.push({ field: 'maxDelayMs', message: `must be at least minDelayMs (${String(merged.minDelayMs)})` });
  }
  return issues;
}

/** The defaults with `partial` applied, validated and frozen; throws ConfigurationError naming each bad field. */
export function createRetryPolicy(partial: RetryPolicyInput = {}): RetryPolicy {
  const issues = retryPolicyIssues(partial);
  if (issues.length > 0) {
    throw new ConfigurationError(`invalid retry policy: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
  return Object.freeze({ ...DEFAULT_RETRY_POLICY, ...pickSet(partial) });
}

/** A policy that never retries. */
export const NO_RETRY: RetryPolicy = createRetryPolicy({ maxRetries: 0 });

/**
 * Decides whether to retry after attempt number `attempt` (1 for the first try) failed with
 * `error`. Only idempotent requests are retried, and only after a connection failure, an
 * unavailable exchange or a rate limit: an order whose answer was lost is reconciled by the
 * connector, never sent again. An IP ban (`RateLimitError` with `banned`, HTTP 418) is never
 * retried, whatever its `Retry-After`: knocking during a ban lengthens it. A rate limit waits its
 * `Retry-After` when that is at most `maxRetryAfterMs`; the rest back off
 * exponentially from `minDelayMs`, capped at `maxDelayMs`, with full jitter drawn from `random`.
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  context: RetryContext,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer >= 1, got ${attempt}`);
  if (!context.idempotent) return { retry: false, reason: 'request is not idempotent' };
  if (!isRetryable(error)) return { retry: false, reason: `${describe(error)} is not retryable` };
  if (error instanceof RateLimitError && error.banned) return { retry: false, reason: 'IP banned (HTTP 418): knocking during a ban lengthens it' };
  if (attempt > policy.maxRetries) {
    return { retry: false, reason: `gave up after ${policy.maxRetries} ${policy.maxRetries === 1 ? 'retry' : 'retries'}` };
  }
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) {
      return { retry: false, reason: `Retry-After of ${error.retryAfterMs} ms exceeds maxRetryAfterMs (${policy.maxRetryAfterMs} ms)` };
    }
    return { retry: true, delayMs: Math.max(0, error.retryAfterMs) };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (attempt - 1));
  const delayMs = policy.jitter === 'full' ? Math.floor(random() * backoff) : backoff;
  return { retry: true, delayMs };
}

function isRetryable(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof ExchangeUnavailableError || error instanceof RateLimitError;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function isInteger(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The known fields of `partial` that are set, so unset ones fall back to the defaults. */
function pickSet(partial: Readonly<Record<string, unknown>>): Partial<RetryPolicy> {
  return Object.fromEntries(
    Object.keys(RULES).filter((field) => partial[field] !== undefined).map((field) => [field, partial[field]]),
  ) as Partial<RetryPolicy>;
}
