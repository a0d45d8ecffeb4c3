import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { aggregateCandles, type Candle } from '../../../src/simulator/market/candle.js';
import { CandleSource } from '../../../src/simulator/market/candle-source.js';
import { SYNTHETIC_TRADE_CAP, TRADE_ID_STRIDE } from '../../../src/simulator/market/candle-tree.js';
import { SPOT_SYMBOLS } from '../../../src/simulator/market/spot-symbols.js';
import { splitBounded } from '../../../src/simulator/market/units.js';

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const LAST_DAY = Date.UTC(2026, 11, 31) / DAY;

/** A seed, a symbol, and a day of its life with one of its hours and one minute of that hour. */
const place = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  symbol: fc.integer({ min: 0, max: SPOT_SYMBOLS.length - 1 }),
  dayFraction: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  hourOfDay: fc.integer({ min: 0, max: 23 }),
  minuteOfHour: fc.integer({ min: 0, max: 59 }),
}).map(({ seed, symbol, dayFraction, hourOfDay, minuteOfHour }) => {
  const spec = SPOT_SYMBOLS[symbol]!;
  const firstDay = spec.listedAt / DAY;
  const day = firstDay + Math.floor(dayFraction * (LAST_DAY - firstDay));
  const hour = day * 24 + hourOfDay;
  return { source: new CandleSource(spec, seed), day, hour, minute: hour * 60 + minuteOfHour };
});

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** Each child opens where the one before closed, inside its own range, with positive amounts. */
function expectWellFormed(children: readonly Candle[]): void {
  children.forEach((c, i) => {
    if (i > 0) expect(c.open).toBe(children[i - 1]!.close);
    expect(c.low).toBeGreaterThanOrEqual(1);
    expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
    expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
    expect(c.volume).toBeGreaterThanOrEqual(1);
    expect(c.trades).toBeGreaterThanOrEqual(1);
    expect(c.takerBuyVolume).toBeGreaterThanOrEqual(0);
    expect(c.takerBuyVolume).toBeLessThanOrEqual(c.volume);
    expect(c.takerBuyQuoteVolume).toBeGreaterThanOrEqual(0);
    expect(c.takerBuyQuoteVolume).toBeLessThanOrEqual(c.quoteVolume);
  });
}

describe('the market generated top-down', () => {
  test('a day is exactly the aggregate of its 24 hours', () => {
    fc.assert(fc.property(place, ({ source, day }) => {
      const day_ = source.day(day);
      const hours = range(day * 24, 24).map((h) => source.hour(h));
      expectWellFormed(hours);
      expect(aggregateCandles(hours, day * DAY, day * DAY + DAY - 1)).toEqual(day_);
    }), { numRuns: 200 });
  });

  test('an hour is exactly the aggregate of its 60 minutes, each a valid minute of trades', () => {
    fc.assert(fc.property(place, ({ source, hour }) => {
      const minutes = range(hour * 60, 60).map((m) => source.minute(m));
      expectWellFormed(minutes);
      expect(aggregateCandles(minutes, hour * HOUR, hour * HOUR + HOUR - 1)).toEqual(source.hour(hour));
      minutes.forEach((m, i) => {
        expect(m.trades).toBeGreaterThanOrEqual(60);
        expect(m.trades).toBeLessThanOrEqual(SYNTHETIC_TRADE_CAP);
        expect(m.volume).toBeGreaterThanOrEqual(60);
        expect(m.firstTradeId).toBe((hour * 60 + i) * TRADE_ID_STRIDE);
        expect(m.lastTradeId).toBe(m.firstTradeId + m.trades - 1);
      });
    }), { numRuns: 200 });
  });

  test('a minute is exactly the aggregate of its 60 seconds, each with a trade', () => {
    fc.assert(fc.property(place, ({ source, minute }) => {
      const seconds = source.seconds(minute);
      expect(seconds).toHaveLength(60);
      expectWellFormed(seconds);
      seconds.forEach((s, i) => {
        expect(s.openTime).toBe(minute * MINUTE + i * SECOND);
        expect(s.lastTradeId - s.firstTradeId + 1).toBe(s.trades);
        if (i > 0) expect(s.firstTradeId).toBe(seconds[i - 1]!.lastTradeId + 1);
      });
      expect(aggregateCandles(seconds, minute * MINUTE, minute * MINUTE + MINUTE - 1)).toEqual(source.minute(minute));
    }), { numRuns: 200 });
  });

  test('a candle is the same whichever order its levels are first read in', () => {
    fc.assert(fc.property(place, fc.integer({ min: 0, max: 2 ** 31 - 1 }), ({ source, minute }, seed) => {
      const fresh = new CandleSource(source.spec, seed);
      const again = new CandleSource(source.spec, seed);
      const second = fresh.second(minute * MINUTE + 30 * SECOND);
      for (let day = Math.floor(minute / 1440) - 40; day < Math.floor(minute / 1440) + 40; day++) again.day(day);
      expect(again.second(minute * MINUTE + 30 * SECOND)).toEqual(second);
    }), { numRuns: 50 });
  });
});

describe('splitBounded', () => {
  test('sums to the total and keeps every part within its bounds', () => {
    const input = fc.array(fc.tuple(fc.nat(1000), fc.nat(50), fc.nat(200)), { minLength: 1, maxLength: 60 })
      .chain((rows) => {
        const least = rows.reduce((sum, [, low]) => sum + low, 0);
        const most = rows.reduce((sum, [, low, room]) => sum + low + room, 0);
        return fc.record({ rows: fc.constant(rows), total: fc.integer({ min: least, max: most }) });
      });
    fc.assert(fc.property(input, ({ rows, total }) => {
      const lower = rows.map(([, low]) => low);
      const upper = rows.map(([, low, room]) => low + room);
      const parts = splitBounded(total, rows.map(([weight]) => weight), lower, upper);
      expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
      parts.forEach((part, i) => {
        expect(Number.isInteger(part)).toBe(true);
        expect(part).toBeGreaterThanOrEqual(lower[i]!);
        expect(part).toBeLessThanOrEqual(upper[i]!);
      });
    }));
  });
});
