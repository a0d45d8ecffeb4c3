import { describe, expect, it } from 'vitest';
import { fetchCandleRange, mapConcurrent, planCandlePages, type CandlePageQuery } from '../../src/binance/candles.js';
import { BinanceRateLimits } from '../../src/binance/rest/rate-limit.js';
import type { RestRequest, RestResponse } from '../../src/binance/rest/types.js';
import { TimeSync } from '../../src/binance/time-sync.js';
import { DEFAULT_RATE_LIMITS } from '../../src/spec/binance/rate-limits.js';
import { Decimal } from '../../src/core/decimal.js';
import type { RateLimitError } from '../../src/core/errors.js';
import type { Candlestick } from '../../src/core/models.js';
import { FakeClock } from '../support/fake-clock.js';
import { rejectionOf } from './support/rejection.js';

describe('time sync', () => {
  it('takes the offset at the midpoint of the round trip', async () => {
    const clock = new FakeClock(1_000_000);
    const sync = new TimeSync({
      clock,
      refreshIntervalMs: 60_000,
      fetchServerTime: async () => {
        clock.advance(100); // 100 ms round trip; the server stamped its time half-way
        return 1_000_050 + 2_500;
      },
    });
    expect(await sync.sync()).toBe(2_500);
    expect(sync.now()).toBe(1_000_100 + 2_500);
    expect(sync.state()).toEqual({ offsetMs: 2_500, roundTripMs: 100, syncedAt: 1_000_100, syncs: 1 });
  });

  it('refreshes on its own timer and clears it on stop', async () => {
    const clock = new FakeClock(0);
    let server = 500;
    const sync = new TimeSync({ clock, refreshIntervalMs: 60_000, fetchServerTime: async () => server });
    sync.start();
    sync.start();
    expect(clock.pendingDelays()).toEqual([60_000]);
    server = 60_000 + 900;
    await clock.tick(60_000);
    expect(sync.offsetMs).toBe(900);
    sync.stop();
    expect(clock.pending()).toEqual([]);
  });

  it('shares one measurement between concurrent callers', async () => {
    let calls = 0;
    const sync = new TimeSync({ clock: new FakeClock(0), refreshIntervalMs: 1000, fetchServerTime: async () => { calls += 1; return 10; } });
    await Promise.all([sync.sync(), sync.sync(), sync.sync()]);
    expect(calls).toBe(1);
  });
});

describe('candle paging', () => {
  it('plans page windows of 1000 intervals', () => {
    expect(planCandlePages(0, 2_500 * 60_000 - 1, 60_000)).toEqual([
      { startTime: 0, endTime: 59_999_999, limit: 1000 },
      { startTime: 60_000_000, endTime: 119_999_999, limit: 1000 },
      { startTime: 120_000_000, endTime: 149_999_999, limit: 1000 },
    ]);
  });

  it('keeps input order under bounded concurrency', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0], 2, async (ms) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, ms));
      active -= 1;
      return ms * 10;
    });
    expect([out, peak]).toEqual([[50, 10, 40, 20, 30, 0], 2]);
  });

  it('drops overlapping candles between pages and honours limit from the start', async () => {
    const candle = (openTime: number): Candlestick => ({
      symbol: 'X', interval: '1m', openTime, closeTime: openTime + 59_999, open: new Decimal(1), high: new Decimal(1), low: new Decimal(1),
      close: new Decimal(1), volume: new Decimal(1), quoteVolume: new Decimal(1), trades: 1, closed: true,
    });
    const queries: CandlePageQuery[] = [];
    // A source that repeats the previous page's last candle at the start of each page.
    const fetchPage = async (q: CandlePageQuery): Promise<Candlestick[]> => {
      queries.push(q);
      const first = Math.ceil(q.startTime! / 60_000) * 60_000;
      const rows = [candle(first - 60_000)];
      for (let t = first; t <= q.endTime! && rows.length < q.limit; t += 60_000) rows.push(candle(t));
      return rows;
    };
    const candles = await fetchCandleRange(fetchPage, '1m', { startTime: 60_000, limit: 1500 }, { now: 10_000_000_000, concurrency: 4 });
    expect(candles.length).toBe(1500);
    expect(new Set(candles.map((c) => c.openTime)).size).toBe(1500);
    expect(candles[0]!.openTime).toBe(0);
    expect(queries.map((q) => [q.startTime, q.endTime])).toEqual([[60_000, 60_059_999], [60_060_000, 90_059_999]]);
  });

  /** A source whose present is `serverNow`, serving every closed and the open 1s candle up to it, Binance's way. */
  const exchangeUpTo = (serverNow: number, queries: CandlePageQuery[]) => async (q: CandlePageQuery): Promise<Candlestick[]> => {
    queries.push(q);
    const rows: Candlestick[] = [];
    const last = Math.min(q.endTime ?? serverNow, serverNow);
    for (let t = Math.ceil(q.startTime! / 1000) * 1000; t <= last && rows.length < q.limit; t += 1000) {
      rows.push({
        symbol: 'X', interval: '1s', openTime: t, closeTime: t + 999, open: new Decimal(1), high: new Decimal(1), low: new Decimal(1),
        close: new Decimal(1), volume: new Decimal(1), quoteVolume: new Decimal(1), trades: 1, closed: t + 999 < serverNow,
      });
    }
    return rows;
  };

  it('reads up to the exchange\'s present, not to a local estimate of it that lags behind', async () => {
    const queries: CandlePageQuery[] = [];
    // The local estimate of server time is 3.3 s behind the exchange (a clock step not yet measured).
    const candles = await fetchCandleRange(exchangeUpTo(100_000, queries), '1s', { startTime: 90_000 }, { now: 96_700, concurrency: 4 });
    expect(candles.map((c) => c.openTime / 1000)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100]);
    expect(queries).toEqual([{ startTime: 90_000, limit: 1000 }]);
  });

  it('pages on past the planned pages while the exchange has more, however far behind the local estimate is', async () => {
    const queries: CandlePageQuery[] = [];
    const candles = await fetchCandleRange(exchangeUpTo(2_600_000, queries), '1s', { startTime: 0 }, { now: 1_200_000, concurrency: 2 });
    expect(candles.length).toBe(2601);
    expect(new Set(candles.map((c) => c.openTime)).size).toBe(2601);
    expect(queries.map((q) => [q.startTime, q.endTime])).toEqual([[0, 999_999], [1_000_000, undefined], [1_999_001, undefined]]);
  });
});

describe('rate-limit stage alone', () => {
  const ok = async (): Promise<RestResponse> => ({ status: 200, headers: { 'x-mbx-used-weight-1m': '42', 'x-mbx-order-count-10s': '3' }, body: {} });
  const request = (path: string, method: RestRequest['method'] = 'GET'): RestRequest => ({ method, path, params: [['symbol', 'BTCUSDT']], security: 'public', idempotent: true });

  it('charges endpoint weights and order counts to the declared windows', () => {
    const limits = new BinanceRateLimits({ clock: new FakeClock(0), rules: DEFAULT_RATE_LIMITS, maxPauseWaitMs: 1000 });
    expect(limits.costs(request('/api/v3/depth'))).toEqual({ REQUEST_WEIGHT_1M: 5, RAW_REQUESTS_5M: 1 });
    expect(limits.costs({ method: 'GET', path: '/api/v3/openOrders', params: [] })).toEqual({ REQUEST_WEIGHT_1M: 80, RAW_REQUESTS_5M: 1 });
    expect(limits.costs(request('/api/v3/order', 'POST'))).toEqual({ REQUEST_WEIGHT_1M: 1, ORDERS_10S: 1, ORDERS_1D: 1, RAW_REQUESTS_5M: 1 });
    limits.close();
  });

  it('syncs used weight and order counts from headers', async () => {
    const clock = new FakeClock(0);
    const limits = new BinanceRateLimits({ clock, rules: DEFAULT_RATE_LIMITS, maxPauseWaitMs: 1000 });
    await limits.policy()(ok)(request('/api/v3/order', 'POST'));
    const used = Object.fromEntries(limits.snapshot().windows.map((w) => [w.id, w.used]));
    expect(used).toEqual({ REQUEST_WEIGHT_1M: 42, ORDERS_10S: 3, ORDERS_1D: 1, RAW_REQUESTS_5M: 1 });
    limits.close();
  });

  it('pauses everyone for Retry-After and fails fast when the pause is longer than allowed', async () => {
    const clock = new FakeClock(0);
    const limits = new BinanceRateLimits({ clock, rules: DEFAULT_RATE_LIMITS, maxPauseWaitMs: 1000 });
    const limited = async (): Promise<RestResponse> => ({ status: 429, headers: { 'retry-after': '30' }, body: {} });
    await limits.policy()(limited)(request('/api/v3/depth'));
    expect(limits.snapshot().pausedUntil).toBe(30_000);
    const error = await rejectionOf<RateLimitError>(limits.policy()(ok)(request('/api/v3/depth')));
    expect([error.retryAfterMs, error.banned]).toEqual([30_000, false]);
    clock.advance(29_500);
    // Within maxPauseWaitMs: wait out the rest of the pause instead of failing.
    const waiting = limits.policy()(ok)(request('/api/v3/depth'));
    await clock.tick(500);
    expect((await waiting).status).toBe(200);
    expect(limits.counters).toEqual({ tooManyRequests: 1, banned: 0 });
    limits.close();
  });
});
