import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TriggerBook, type TriggerCondition } from '../../../src/simulator/engine/triggers.js';

/** The trigger rules alone: plain stops, trailing stops (faqs/trailing-stop-faq.md's scenarios), and properties of both. */

/** Prices in hundredths, as BTCUSDT's ticks. */
const ticks = (price: number): number => Math.round(price * 100);

/** Linear trades from one waypoint to the next, 100 (in price) apart, each waypoint traded exactly. */
function linearPath(waypoints: readonly number[]): number[] {
  const path: number[] = [];
  for (let i = 1; i < waypoints.length; i++) {
    const from = waypoints[i - 1]!;
    const to = waypoints[i]!;
    const direction = Math.sign(to - from);
    for (let p = from + 100 * direction; direction * (to - p) > 0; p += 100 * direction) path.push(ticks(p));
    path.push(ticks(to));
  }
  return path;
}

interface Run {
  /** Index of the trade that fired the order, -1 when none did. */
  readonly triggeredAt: number;
  /** Index of the trade that started the trailing, -1 when none did (or it trailed from placement). */
  readonly trailingAt: number;
  readonly fired: number;
}

/** Feeds `path` to one waiting order placed while the last price was `lastTicks`. */
function run(condition: TriggerCondition, lastTicks: number, path: readonly number[]): Run {
  let index = 0;
  let triggeredAt = -1;
  let trailingAt = -1;
  let fired = 0;
  const book = new TriggerBook<string>({
    triggered: () => {
      fired++;
      if (triggeredAt < 0) triggeredAt = index;
    },
    trailingStarted: () => {
      trailingAt = index;
    },
  });
  book.add('BTCUSDT', 'order', condition, lastTicks);
  for (; index < path.length; index++) book.observe('BTCUSDT', path[index]!, 1000 + index);
  return { triggeredAt, trailingAt, fired };
}

describe('trailing stops as in the trailing-stop FAQ', () => {
  test('scenario A: STOP_LOSS_LIMIT BUY, stop 44,000, 500 bips, triggers at 44,100 after the low of 42,000', () => {
    const path = linearPath([40_000, 37_000, 45_000, 46_000, 42_000, 44_100]);
    const result = run({ side: 'BUY', stopAbove: true, stopPriceTicks: ticks(44_000), trailingDelta: 500 }, ticks(40_000), path);
    expect(path[result.trailingAt]).toBe(ticks(44_000));
    expect(result.trailingAt).toBe(path.indexOf(ticks(44_000)));
    expect([result.triggeredAt, path[result.triggeredAt], result.fired]).toEqual([path.length - 1, ticks(44_100), 1]);
  });

  test('scenario B: STOP_LOSS_LIMIT SELL, stop 39,000, 1000 bips, triggers at 36,900 after the high of 41,000', () => {
    const path = linearPath([40_000, 41_500, 37_000, 41_000, 36_900]);
    const result = run({ side: 'SELL', stopAbove: false, stopPriceTicks: ticks(39_000), trailingDelta: 1000 }, ticks(40_000), path);
    expect(result.trailingAt).toBe(path.indexOf(ticks(39_000)));
    expect([result.triggeredAt, path[result.triggeredAt], result.fired]).toEqual([path.length - 1, ticks(36_900), 1]);
  });

  test('scenario C: TAKE_PROFIT_LIMIT BUY, stop 38,000, 850 bips, triggers at 40,145 after the low of 37,000', () => {
    const path = linearPath([40_000, 42_000, 37_000, 39_000, 38_000, 40_145]);
    const result = run({ side: 'BUY', stopAbove: false, stopPriceTicks: ticks(38_000), trailingDelta: 850 }, ticks(40_000), path);
    expect(result.trailingAt).toBe(path.indexOf(ticks(38_000)));
    expect([result.triggeredAt, path[result.triggeredAt], result.fired]).toEqual([path.length - 1, ticks(40_145), 1]);
  });

  test('scenario D: TAKE_PROFIT_LIMIT SELL, stop 42,000, 750 bips, triggers at 43,012.5 after the high of 46,500', () => {
    const path = linearPath([40_000, 41_500, 39_000, 45_000, 44_000, 46_500, 43_012.5]);
    const result = run({ side: 'SELL', stopAbove: true, stopPriceTicks: ticks(42_000), trailingDelta: 750 }, ticks(40_000), path);
    // 41,500 came before the stop price was reached from below: it does not count.
    expect(result.trailingAt).toBe(path.lastIndexOf(ticks(42_000), path.indexOf(ticks(45_000))));
    expect(result.trailingAt).toBeGreaterThan(path.indexOf(ticks(39_000)));
    expect([result.triggeredAt, path[result.triggeredAt], result.fired]).toEqual([path.length - 1, ticks(43_012.5), 1]);
  });

  test('scenario E: STOP_LOSS_LIMIT SELL without a stop price, 700 bips, trails from 40,000 at once and triggers at 42,315', () => {
    const path = linearPath([40_000, 42_000, 39_500, 45_500, 42_315]);
    const result = run({ side: 'SELL', stopAbove: false, trailingDelta: 700 }, ticks(40_000), path);
    expect(result.trailingAt).toBe(-1);
    expect([result.triggeredAt, path[result.triggeredAt], result.fired]).toEqual([path.length - 1, ticks(42_315), 1]);
  });

  test('a fall of exactly the delta from the placement price triggers when nothing better came', () => {
    const result = run({ side: 'SELL', stopAbove: false, trailingDelta: 700 }, ticks(40_000), [ticks(37_201), ticks(37_200)]);
    expect(result.triggeredAt).toBe(1);
  });
});

describe('plain stops', () => {
  test('each of the four types triggers on the first trade at or past its stop price', () => {
    const path = [ticks(100), ticks(101), ticks(99), ticks(102), ticks(98)];
    expect(run({ side: 'BUY', stopAbove: true, stopPriceTicks: ticks(101.5) }, ticks(100), path).triggeredAt).toBe(3);
    expect(run({ side: 'SELL', stopAbove: true, stopPriceTicks: ticks(101) }, ticks(100), path).triggeredAt).toBe(1);
    expect(run({ side: 'SELL', stopAbove: false, stopPriceTicks: ticks(99) }, ticks(100), path).triggeredAt).toBe(2);
    expect(run({ side: 'BUY', stopAbove: false, stopPriceTicks: ticks(97) }, ticks(100), path).triggeredAt).toBe(-1);
  });

  test('a canceled order never fires, and orders fire in arrival order', () => {
    const fired: string[] = [];
    const book = new TriggerBook<string>({ triggered: (item) => fired.push(item) });
    for (const name of ['a', 'b', 'c']) book.add('X', name, { side: 'SELL', stopAbove: false, stopPriceTicks: 50 }, 60);
    expect(book.remove('X', 'b')).toBe(true);
    expect(book.remove('X', 'b')).toBe(false);
    book.observe('Y', 10, 1);
    expect(fired).toEqual([]);
    book.observe('X', 50, 2);
    expect(fired).toEqual(['a', 'c']);
    expect(book.has('X')).toBe(false);
  });

  test('an item the same trade fired is not reported once a hook before it removed it', () => {
    const fired: string[] = [];
    const book: TriggerBook<string> = new TriggerBook<string>({
      triggered: (item) => {
        fired.push(item);
        if (item === 'a') expect(book.remove('X', 'b')).toBe(true);
      },
    });
    for (const name of ['a', 'b', 'c']) book.add('X', name, { side: 'BUY', stopAbove: true, stopPriceTicks: 50 }, 40);
    book.observe('X', 55, 1);
    expect(fired).toEqual(['a', 'c']);
    expect(book.remove('X', 'b')).toBe(false);
  });
});

describe('properties', () => {
  const prices = fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 80 });

  test('a plain stop fires once, at the first trade that reaches its price, never before', () => {
    fc.assert(fc.property(prices, fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
      (path, stop, stopAbove, side) => {
        const reached = (p: number): boolean => (stopAbove ? p >= stop : p <= stop);
        const expected = path.findIndex(reached);
        const result = run({ side, stopAbove, stopPriceTicks: stop }, 500_000, path);
        expect(result.triggeredAt).toBe(expected);
        expect(result.fired).toBe(expected < 0 ? 0 : 1);
      }));
  });

  test('a trailing stop fires at the first move back of delta bips from the best price since it started trailing', () => {
    fc.assert(fc.property(
      prices, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 10, max: 2000 }), fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
      fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }), fc.boolean(),
      (path, last, delta, side, stop, stopAbove) => {
        // The model: trailing starts at placement (from `last`) or at the first trade reaching the stop price;
        // trade i fires when the best price of everything seen since then, before i, is `delta` bips better.
        const start = stop === undefined ? -1 : path.findIndex((p) => (stopAbove ? p >= stop : p <= stop));
        let expected = -1;
        if (stop === undefined || start >= 0) {
          for (let i = start + 1; i < path.length && expected < 0; i++) {
            const seen = [...(start < 0 ? [last] : []), ...path.slice(Math.max(start, 0), i)];
            const best = side === 'SELL' ? Math.max(...seen) : Math.min(...seen);
            // Compared in whole numbers: (best - price) / best ≥ delta / 10000, without rounding.
            const backBy = side === 'SELL' ? (best - path[i]!) * 10_000 : (path[i]! - best) * 10_000;
            if (backBy >= delta * best) expected = i;
          }
        }
        const result = run({ side, stopAbove, stopPriceTicks: stop, trailingDelta: delta }, last, path);
        expect(result.triggeredAt).toBe(expected);
        expect(result.trailingAt).toBe(stop === undefined ? -1 : start);
        expect(result.fired).toBe(expected < 0 ? 0 : 1);
      },
    ));
  });
});
