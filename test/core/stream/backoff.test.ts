import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { DEFAULT_BACKOFF, reconnectDelay } from '../../../src/core/stream/backoff.js';

describe('reconnectDelay', () => {
  it('doubles the ceiling from 500 ms and caps it at 30 s by default', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => reconnectDelay(attempt, {}, () => 0.9999999));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 500, maxMs: 30_000, factor: 2 });
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    expect(reconnectDelay(3, {}, () => 0)).toBe(0);
    expect(reconnectDelay(3, {}, () => 0.25)).toBe(1000);
    expect(reconnectDelay(3, { initialMs: 100, maxMs: 1000, factor: 3 }, () => 0.5)).toBe(500);
  });

  it('stays at the cap for very long outages', () => {
    expect(reconnectDelay(5000, {}, () => 0.5)).toBe(15_000);
  });

  it('rejects a negative or fractional attempt and meaningless options', () => {
    expect(() => reconnectDelay(-1)).toThrow(ConfigurationError);
    expect(() => reconnectDelay(1.5)).toThrow(/attempt must be a non-negative integer/);
    expect(() => reconnectDelay(0, { initialMs: 0 })).toThrow(/backoff.initialMs/);
    expect(() => reconnectDelay(0, { initialMs: 500, maxMs: 100 })).toThrow(/backoff.maxMs/);
    expect(() => reconnectDelay(0, { factor: 0.5 })).toThrow(/backoff.factor/);
  });
});
