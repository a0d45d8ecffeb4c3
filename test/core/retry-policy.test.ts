import { describe, expect, it } from 'vitest';
import {
  AuthenticationError, ConfigurationError, ConnectionError, ExchangeUnavailableError, InvalidOrderError,
  OrderStatusUnknownError, RateLimitError,
} from '../../src/core/errors.js';
import {
  createRetryPolicy, decideRetry, DEFAULT_RETRY_POLICY, NO_RETRY, retryPolicyIssues,
} from '../../src/core/retry-policy.js';

const idempotent = { idempotent: true };
const noJitter = createRetryPolicy({ jitter: 'none' });

describe('decideRetry', () => {
  it('backs off exponentially from minDelayMs without jitter', () => {
    const delays = [1, 2, 3].map((attempt) => decideRetry(new ConnectionError('reset'), attempt, idempotent, noJitter));
    expect(delays).toEqual([
      { retry: true, delayMs: 250 },
      { retry: true, delayMs: 500 },
      { retry: true, delayMs: 1000 },
    ]);
  });

  it('caps the backoff at maxDelayMs', () => {
    const policy = createRetryPolicy({ jitter: 'none', maxRetries: 10, maxDelayMs: 3000 });
    expect(decideRetry(new ExchangeUnavailableError('503'), 6, idempotent, policy)).toEqual({ retry: true, delayMs: 3000 });
  });

  it('draws a full-jitter delay below the backoff', () => {
    expect(decideRetry(new ConnectionError('reset'), 3, idempotent, DEFAULT_RETRY_POLICY, () => 0.5)).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry(new ConnectionError('reset'), 3, idempotent, DEFAULT_RETRY_POLICY, () => 0)).toEqual({ retry: true, delayMs: 0 });
    expect(decideRetry(new ConnectionError('reset'), 1, idempotent, DEFAULT_RETRY_POLICY, () => 0.999)).toEqual({ retry: true, delayMs: 249 });
  });

  it('gives up after maxRetries', () => {
    expect(decideRetry(new ConnectionError('reset'), 4, idempotent, noJitter)).toEqual({ retry: false, reason: 'gave up after 3 retries' });
  });

  it('never retries with NO_RETRY', () => {
    expect(decideRetry(new ConnectionError('reset'), 1, idempotent, NO_RETRY)).toEqual({ retry: false, reason: 'gave up after 0 retries' });
  });

  it('does not resend a non-idempotent request after a 503', () => {
    expect(decideRetry(new ExchangeUnavailableError('503'), 1, { idempotent: false }, DEFAULT_RETRY_POLICY)).toEqual({
      retry: false, reason: 'request is not idempotent',
    });
  });

  it('does not retry errors that another attempt cannot fix', () => {
    const errors = [
      new AuthenticationError('bad key'),
      new InvalidOrderError('LOT_SIZE'),
      new OrderStatusUnknownError('lost', { clientOrderId: 'c1', symbol: 'BTCUSDT' }),
      new TypeError('bug'),
      'text',
    ];
    expect(errors.map((error) => decideRetry(error, 1, idempotent, DEFAULT_RETRY_POLICY))).toEqual([
      { retry: false, reason: 'AuthenticationError is not retryable' },
      { retry: false, reason: 'InvalidOrderError is not retryable' },
      { retry: false, reason: 'OrderStatusUnknownError is not retryable' },
      { retry: false, reason: 'TypeError is not retryable' },
      { retry: false, reason: 'string is not retryable' },
    ]);
  });

  it('waits exactly the Retry-After of a rate limit', () => {
    const error = new RateLimitError('429', { retryAfterMs: 7000, httpStatus: 429 });
    expect(decideRetry(error, 1, idempotent, DEFAULT_RETRY_POLICY, () => 0)).toEqual({ retry: true, delayMs: 7000 });
  });

  it('backs off on a rate limit without Retry-After', () => {
    expect(decideRetry(new RateLimitError('429'), 2, idempotent, noJitter)).toEqual({ retry: true, delayMs: 500 });
  });

  it('never retries into an IP ban (418), however short its Retry-After and whatever the policy', () => {
    const policy = createRetryPolicy({ maxRetries: 100, maxRetryAfterMs: 86_400_000 });
    for (const retryAfterMs of [undefined, 0, 1000]) {
      const ban = new RateLimitError('418', { ...(retryAfterMs === undefined ? {} : { retryAfterMs }), banned: true, httpStatus: 418 });
      expect(decideRetry(ban, 1, idempotent, policy)).toEqual({ retry: false, reason: 'IP banned (HTTP 418): knocking during a ban lengthens it' });
    }
  });

  it('refuses to wait a Retry-After longer than maxRetryAfterMs', () => {
    const limited = new RateLimitError('429', { retryAfterMs: 120_001, httpStatus: 429 });
    expect(decideRetry(limited, 1, idempotent, DEFAULT_RETRY_POLICY)).toEqual({
      retry: false, reason: 'Retry-After of 120001 ms exceeds maxRetryAfterMs (120000 ms)',
    });
  });

  it('rejects an attempt number below 1', () => {
    expect(() => decideRetry(new ConnectionError('x'), 0, idempotent, DEFAULT_RETRY_POLICY)).toThrow(RangeError);
  });
});

describe('createRetryPolicy', () => {
  it('has the documented frozen defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxRetries: 3, minDelayMs: 250, maxDelayMs: 10_000, factor: 2, jitter: 'full', maxRetryAfterMs: 120_000,
    });
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    expect(NO_RETRY).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 0 });
  });

  it('applies set fields and keeps defaults for undefined ones', () => {
    expect(createRetryPolicy({ maxRetries: 5, factor: undefined })).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 5 });
  });

  it('names every bad field and its rule', () => {
    expect(() => createRetryPolicy({ maxRetries: -1, factor: 0.5 })).toThrow(new ConfigurationError(
      'invalid retry policy: maxRetries: must be an integer from 0 to 100; factor: must be a number from 1 to 10',
    ));
    expect(retryPolicyIssues({ minDelayMs: 500, maxDelayMs: 100 })).toEqual([
      { field: 'maxDelayMs', message: 'must be at least minDelayMs (500)' },
    ]);
    expect(retryPolicyIssues({ jitter: 'some' })).toEqual([{ field: 'jitter', message: "must be 'full' or 'none'" }]);
  });
});
