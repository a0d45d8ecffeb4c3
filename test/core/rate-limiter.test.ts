import { describe, expect, it } from 'vitest';
import { ConfigurationError, NotConnectedError } from '../../src/core/errors.js';
import { RateLimiter } from '../../src/core/rate-limiter.js';
import { FakeClock, flushMicrotasks } from '../support/fake-clock.js';

const MINUTE = 60_000;
// 2026-01-01T00:00:30Z: half way through a minute window.
const START = Date.UTC(2026, 0, 1, 0, 0, 30);

function setup(options: { limit?: number; headroom?: number } = {}): { clock: FakeClock; limiter: RateLimiter } {
  const clock = new FakeClock(START);
  const limiter = new RateLimiter({
    clock,
    windows: [
      { id: 'WEIGHT_1M', limit: options.limit ?? 10, intervalMs: MINUTE },
      { id: 'ORDERS_10S', limit: 2, intervalMs: 10_000 },
    ],
    ...(options.headroom === undefined ? {} : { headroom: options.headroom }),
  });
  return { clock, limiter };
}

/** Records when each promise settles, so tests can check order without sleeping. */
function track(promise: Promise<void>): { state: () => string } {
  let state = 'pending';
  promise.then(() => { state = 'resolved'; }, (error: unknown) => { state = `rejected: ${(error as Error).message}`; });
  return { state: () => state };
}

describe('RateLimiter', () => {
  it('reserves the cost at once while every window has room', async () => {
    const { limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 4, ORDERS_10S: 1 });
    await limiter.acquire({ WEIGHT_1M: 6 });
    expect(limiter.snapshot()).toEqual({
      windows: [
        { id: 'WEIGHT_1M', used: 10, limit: 10, intervalMs: MINUTE, resetsAt: Date.UTC(2026, 0, 1, 0, 1) },
        { id: 'ORDERS_10S', used: 1, limit: 2, intervalMs: 10_000, resetsAt: Date.UTC(2026, 0, 1, 0, 0, 40) },
      ],
      pausedUntil: null,
      waits: 0,
      waitedMs: 0,
    });
  });

  it('waits until the wall-clock minute boundary when a window is full', async () => {
    const { clock, limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 10 });
    const next = track(limiter.acquire({ WEIGHT_1M: 1 }));
    await flushMicrotasks();
    expect(clock.pendingDelays()).toEqual([30_000]);
    await clock.tick(29_999);
    expect(next.state()).toBe('pending');
    await clock.tick(1);
    expect(next.state()).toBe('resolved');
    expect(limiter.snapshot()).toMatchObject({ waits: 1, waitedMs: 30_000 });
    expect(limiter.snapshot().windows[0]).toMatchObject({ used: 1, resetsAt: Date.UTC(2026, 0, 1, 0, 2) });
  });

  it('waits for the latest reset among the windows a request needs', async () => {
    const { clock, limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 10, ORDERS_10S: 2 });
    const next = track(limiter.acquire({ WEIGHT_1M: 1, ORDERS_10S: 1 }));
    await flushMicrotasks();
    expect(clock.pendingDelays()).toEqual([30_000]);
    await clock.tick(10_000);
    expect(next.state()).toBe('pending');
    await clock.tick(20_000);
    expect(next.state()).toBe('resolved');
  });

  it('serves waiters first in, first out, even when a later one would fit', async () => {
    const { clock, limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 8 });
    const order: string[] = [];
    const big = limiter.acquire({ WEIGHT_1M: 5 }).then(() => order.push('big'));
    const small = limiter.acquire({ WEIGHT_1M: 1 }).then(() => order.push('small'));
    await flushMicrotasks();
    expect(order).toEqual([]);
    await clock.tick(30_000);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(limiter.snapshot().windows[0]?.used).toBe(6);
  });

  it('rejects at once a cost larger than the window limit', async () => {
    const { limiter } = setup();
    await expect(limiter.acquire({ WEIGHT_1M: 11 })).rejects.toThrow(
      new RangeError('cost 11 of "WEIGHT_1M" exceeds its limit of 10 per 60000 ms'),
    );
  });

  it('keeps the headroom fraction of each limit free', async () => {
    const { clock, limiter } = setup({ limit: 100, headroom: 0.2 });
    await limiter.acquire({ WEIGHT_1M: 80 });
    const next = track(limiter.acquire({ WEIGHT_1M: 1 }));
    await flushMicrotasks();
    expect(next.state()).toBe('pending');
    expect(clock.pendingDelays()).toEqual([30_000]);
    await expect(limiter.acquire({ WEIGHT_1M: 81 })).rejects.toThrow('exceeds its limit of 80');
  });

  it('does not limit ids that have no window yet', async () => {
    const { limiter } = setup();
    await limiter.acquire({ RAW_REQUESTS_5M: 1_000_000 });
    expect(limiter.snapshot().windows.map((w) => w.used)).toEqual([0, 0]);
  });

  it('adopts a larger server count for the current window', async () => {
    const { limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 2 });
    limiter.sync('WEIGHT_1M', 7);
    expect(limiter.snapshot().windows[0]?.used).toBe(7);
    limiter.sync('WEIGHT_1M', 3);
    expect(limiter.snapshot().windows[0]?.used).toBe(7);
  });

  it('ignores a server count from an older window', async () => {
    const { limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 2 });
    limiter.sync('WEIGHT_1M', 9, START - MINUTE);
    expect(limiter.snapshot().windows[0]?.used).toBe(2);
  });

  it('makes waiters wait when a server count fills the window', async () => {
    const { clock, limiter } = setup();
    limiter.sync('WEIGHT_1M', 10);
    const next = track(limiter.acquire({ WEIGHT_1M: 1 }));
    await flushMicrotasks();
    expect(next.state()).toBe('pending');
    expect(clock.pendingDelays()).toEqual([30_000]);
  });

  it('lets waiters go when a raised limit makes room', async () => {
    const { limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 10 });
    const next = track(limiter.acquire({ WEIGHT_1M: 5 }));
    await flushMicrotasks();
    limiter.setLimit('WEIGHT_1M', 6000);
    await flushMicrotasks();
    expect(next.state()).toBe('resolved');
    expect(limiter.snapshot().windows[0]).toMatchObject({ used: 15, limit: 6000 });
  });

  it('adds windows read from exchange info, and refuses a limit change for an unknown id without a length', () => {
    const { limiter } = setup();
    limiter.addWindow({ id: 'ORDERS_1D', limit: 160_000, intervalMs: 86_400_000 });
    limiter.setLimit('RAW_5M', 61_000, 300_000);
    expect(limiter.snapshot().windows.map((w) => [w.id, w.limit, w.resetsAt])).toEqual([
      ['WEIGHT_1M', 10, Date.UTC(2026, 0, 1, 0, 1)],
      ['ORDERS_10S', 2, Date.UTC(2026, 0, 1, 0, 0, 40)],
      ['ORDERS_1D', 160_000, Date.UTC(2026, 0, 2)],
      ['RAW_5M', 61_000, Date.UTC(2026, 0, 1, 0, 5)],
    ]);
    expect(() => limiter.setLimit('NOPE', 5)).toThrow(new ConfigurationError('NOPE: unknown window; pass intervalMs to create it'));
  });

  it('holds every acquire during a pause and reports it', async () => {
    const { clock, limiter } = setup();
    limiter.pauseUntil(START + 5_000);
    const next = track(limiter.acquire({ WEIGHT_1M: 1 }));
    await flushMicrotasks();
    expect(limiter.snapshot().pausedUntil).toBe(START + 5_000);
    expect(clock.pendingDelays()).toEqual([5_000]);
    limiter.pauseUntil(START + 1_000);
    expect(limiter.snapshot().pausedUntil).toBe(START + 5_000);
    await clock.tick(5_000);
    expect(next.state()).toBe('resolved');
    expect(limiter.snapshot().pausedUntil).toBeNull();
  });

  it('removes an aborted waiter and lets the next one go', async () => {
    const { clock, limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 8 });
    const controller = new AbortController();
    const blocked = track(limiter.acquire({ WEIGHT_1M: 5 }, controller.signal));
    const small = track(limiter.acquire({ WEIGHT_1M: 2 }));
    await flushMicrotasks();
    controller.abort(new Error('caller gave up'));
    await flushMicrotasks();
    expect(blocked.state()).toBe('rejected: caller gave up');
    expect(small.state()).toBe('resolved');
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('rejects waiters and clears its timer on close', async () => {
    const { clock, limiter } = setup();
    await limiter.acquire({ WEIGHT_1M: 10 });
    const next = track(limiter.acquire({ WEIGHT_1M: 1 }));
    await flushMicrotasks();
    limiter.close();
    await flushMicrotasks();
    expect(next.state()).toBe('rejected: rate limiter is closed');
    expect(clock.pendingDelays()).toEqual([]);
    await expect(limiter.acquire({ WEIGHT_1M: 1 })).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('names the option and the rule when constructed with bad options', () => {
    expect(() => new RateLimiter({ windows: [], headroom: 1 })).toThrow('headroom: must be a fraction in [0, 1), got 1');
    expect(() => new RateLimiter({ windows: [{ id: 'A', limit: 0, intervalMs: 1000 }] })).toThrow(
      'windows[0].limit: must be an integer >= 1, got 0',
    );
    expect(() => new RateLimiter({ windows: [{ id: 'A', limit: 1, intervalMs: 1000 }, { id: 'A', limit: 1, intervalMs: 1000 }] }))
      .toThrow('windows[1].id: "A" is used twice');
  });
});
