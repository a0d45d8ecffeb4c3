import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/cli/format.js';

describe('isoTime', () => {
  it('prints every time in one format, ISO-8601 UTC with milliseconds, whether or not the milliseconds are zero', () => {
    expect(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02T03:04:05.000Z');
    expect(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5, 60))).toBe('2026-01-02T03:04:05.060Z');
  });
});
