import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { FakeClock } from './fake-clock.js';
import { ScaledClock } from './scaled-clock.js';

const START = Date.UTC(2026, 11, 3, 12);

/** A wall driven by hand, whose reported time can lag or lead its timers by `skewMs` (a late or an early wall timer). */
function handWall(): { fake: FakeClock; wall: Clock; skew: (ms: number) => void } {
  const fake = new FakeClock(0);
  let skewMs = 0;
  const wall: Clock = {
    now: () => fake.now() + skewMs,
    setTimeout: (callback, ms) => fake.setTimeout(callback, ms),
    clearTimeout: (handle) => fake.clearTimeout(handle),
    setInterval: (callback, ms) => fake.setInterval(callback, ms),
    clearInterval: (handle) => fake.clearInterval(handle),
  };
  return { fake, wall, skew: (ms) => { skewMs = ms; } };
}

function scaled(speed = 10): { clock: ScaledClock; fake: FakeClock; skew: (ms: number) => void } {
  const { fake, wall, skew } = handWall();
  return { clock: new ScaledClock({ speed, startMs: START, wall }), fake, skew };
}

describe('a scaled clock', () => {
  it('tells the start plus the wall time elapsed times the speed, in whole milliseconds', () => {
    const { clock, fake } = scaled(10);
    expect(clock.now()).toBe(START);
    fake.advance(25);
    expect(clock.now()).toBe(START + 250);
    fake.advance(0.05);
    expect(clock.now()).toBe(START + 250);
    fake.advance(0.07);
    expect(clock.now()).toBe(START + 251);
  });

  it('fires a timer after its delay divided by the speed of wall time, not before', () => {
    const { clock, fake } = scaled(10);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 1_000);
    expect(fake.pendingDelays()).toEqual([100]);
    fake.advance(99);
    expect(fired).toEqual([]);
    fake.advance(1);
    expect(fired).toEqual([START + 1_000]);
    expect(fake.pending()).toEqual([]);
  });

  it('fires timers in due order, each at its own time', () => {
    const { clock, fake } = scaled(10);
    const fired: [string, number][] = [];
    for (const [name, ms] of [['c', 300], ['a', 100], ['b', 200]] as const) clock.setTimeout(() => fired.push([name, clock.now()]), ms);
    fake.advance(1_000);
    expect(fired).toEqual([['a', START + 100], ['b', START + 200], ['c', START + 300]]);
  });

  it('runs timers that came due together behind a late wall timer in due order, equal times in the order set', () => {
    const { clock, fake, skew } = scaled(10);
    const fired: string[] = [];
    for (const [name, ms] of [['d', 300], ['a', 100], ['b', 200], ['c', 200]] as const) clock.setTimeout(() => fired.push(name), ms);
    // The wall timer for 'a' (10 ms) runs when 40 ms of wall time have passed.
    skew(30);
    fake.advance(10);
    expect(fired).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs nothing when its wall timer fires early, and waits for the rest of the delay', () => {
    const { clock, fake, skew } = scaled(10);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 100);
    skew(-2);
    fake.advance(10);
    expect(fired).toEqual([]);
    expect(fake.pendingDelays()).toEqual([2]);
    fake.advance(2);
    expect(fired).toEqual([START + 100]);
  });

  it('never runs a cleared timer, and keeps one wall timer for the soonest one left (none once all are gone)', () => {
    const { clock, fake } = scaled(10);
    const fired: string[] = [];
    const first = clock.setTimeout(() => fired.push('first'), 100);
    const second = clock.setTimeout(() => fired.push('second'), 500);
    clock.setTimeout(() => fired.push('third'), 800);
    expect(fake.pendingDelays()).toEqual([10]);
    clock.clearTimeout(first);
    expect(fake.pendingDelays()).toEqual([50]);
    fake.advance(30);
    clock.clearTimeout(second);
    expect(fake.pendingDelays()).toEqual([50]);
    fake.advance(100);
    expect(fired).toEqual(['third']);
    expect(fake.pending()).toEqual([]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('does not run a timer that an earlier one due at the same time cleared', () => {
    const { clock, fake, skew } = scaled(10);
    const fired: string[] = [];
    const later = clock.setTimeout(() => fired.push('later'), 200);
    clock.setTimeout(() => {
      fired.push('earlier');
      clock.clearTimeout(later);
    }, 100);
    skew(20);
    fake.advance(10);
    expect(fired).toEqual(['earlier']);
    expect(clock.pendingCount()).toBe(0);
  });

  it('repeats an interval every period of its time until cleared', () => {
    const { clock, fake } = scaled(10);
    const fired: number[] = [];
    const handle = clock.setInterval(() => fired.push(clock.now() - START), 250);
    fake.advance(100);
    expect(fired).toEqual([250, 500, 750, 1_000]);
    clock.clearInterval(handle);
    fake.advance(100);
    expect(fired).toEqual([250, 500, 750, 1_000]);
    expect(fake.pending()).toEqual([]);
  });

  it('runs a late interval once, then a period after that run, without catch-up runs', () => {
    const { clock, fake, skew } = scaled(10);
    const fired: number[] = [];
    clock.setInterval(() => fired.push(clock.now() - START), 100);
    skew(35);
    fake.advance(10);
    expect(fired).toEqual([450]);
    fake.advance(10);
    expect(fired).toEqual([450, 550]);
  });

  it('runs a timer set from a callback with no delay after the timers already due, on a wall timer of its own', () => {
    const { clock, fake, skew } = scaled(10);
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('a');
      clock.setTimeout(() => fired.push('from a'), 0);
      expect(fake.pendingDelays()).toEqual([]);
    }, 100);
    clock.setTimeout(() => {
      fired.push('b');
      expect(fake.pendingDelays()).toEqual([]);
    }, 200);
    skew(20);
    fake.advance(10);
    expect(fired).toEqual(['a', 'b', 'from a']);
  });

  it('keeps its other timers running after a callback throws', () => {
    const { clock, fake } = scaled(10);
    const fired: string[] = [];
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 100);
    clock.setTimeout(() => fired.push('after'), 200);
    expect(() => fake.advance(10)).toThrow('boom');
    fake.advance(10);
    expect(fired).toEqual(['after']);
  });

  it('on the real wall, fires a timer no earlier than its time on the scaled clock', async () => {
    const clock = new ScaledClock({ speed: 20 });
    const setAt = clock.now();
    const firedAt = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 200));
    expect(firedAt).toBeGreaterThanOrEqual(setAt + 200);
    expect(clock.pendingCount()).toBe(0);
  });

  it('refuses a speed that is not a positive number', () => {
    for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new ScaledClock({ speed })).toThrow(TypeError);
  });
});
