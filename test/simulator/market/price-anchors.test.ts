import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { aggregateCandles, type Candle } from '../../../src/simulator/market/candle.js';
import { CandleSource } from '../../../src/simulator/market/candle-source.js';
import { DEFAULT_SYMBOLS } from '../../../src/simulator/market/symbols.js';

/**
 * A moved market is still one market: after any sequence of users' trades and moves, every candle
 * is exactly the aggregate of the shorter candles inside it, and no candle before a move changes.
 */

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 11, 3, 23, 58, 30);
/** Every candle is read as finished. */
const LATER = START + 30 * DAY;

/** One way the path is re-priced: a user's trade, or a move at once or over time. */
interface Change {
  readonly afterSeconds: number;
  readonly kind: 'trade' | 'move';
  readonly factor: number;
  readonly overMs: number;
}

const change: fc.Arbitrary<Change> = fc.record({
  afterSeconds: fc.integer({ min: 1, max: 5_400 }),
  kind: fc.constantFrom<'trade' | 'move'>('trade', 'move'),
  factor: fc.double({ min: 0.3, max: 3, noNaN: true }),
  overMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 0, max: 7_200_000 })),
});

function candleAt(source: CandleSource, open: number, length: number): Candle {
  return source.candle(open, open + length - 1, LATER)!;
}

/** The candles of `length` inside the one of `parentLength` opening at `open`, aggregated. */
function aggregateOf(source: CandleSource, open: number, parentLength: number, length: number): Candle {
  const pieces = Array.from({ length: parentLength / length }, (_, i) => candleAt(source, open + i * length, length));
  return aggregateCandles(pieces, open, open + parentLength - 1)!;
}

const floorTo = (time: number, length: number): number => Math.floor(time / length) * length;

describe('re-pricing the seeded market', () => {
  test('keeps every interval the exact aggregate of the shorter ones, and candles before each change as they were', () => {
    fc.assert(fc.property(fc.array(change, { minLength: 1, maxLength: 5 }), fc.constantFrom(...DEFAULT_SYMBOLS), (changes, spec) => {
      const source = new CandleSource(spec, 42);
      const served: { open: number; length: number; at: number; candle: Candle }[] = [];
      const cuts: number[] = [];
      const continued: { time: number; price: number }[] = [];
      const moves: { time: number; end: number; price: number }[] = [];
      let time = START;
      for (const { afterSeconds, kind, factor, overMs } of changes) {
        time += afterSeconds * SECOND;
        // What was served up to the second before the change, unfinished candles included.
        for (const length of [SECOND, MINUTE, HOUR, DAY]) {
          const open = floorTo(time - SECOND, length);
          served.push({ open, length, at: time - SECOND, candle: source.candle(open, open + length - 1, time - SECOND)! });
        }
        const price = Math.max(1, Math.round(source.second(time - SECOND).close * factor));
        if (kind === 'trade') {
          if (source.continueAt(time, price)) continued.push({ time, price });
        } else {
          const end = source.moveTo(time, price, overMs);
          moves.push({ time, end, price });
          cuts.push(end);
        }
        cuts.push(time);
      }
      for (const { open, length, at, candle } of served) expect(source.candle(open, open + length - 1, at)).toEqual(candle);
      for (const cut of cuts) {
        for (const at of [cut - SECOND, cut]) {
          expect(candleAt(source, floorTo(at, MINUTE), MINUTE)).toEqual(aggregateOf(source, floorTo(at, MINUTE), MINUTE, SECOND));
          expect(candleAt(source, floorTo(at, HOUR), HOUR)).toEqual(aggregateOf(source, floorTo(at, HOUR), HOUR, MINUTE));
          expect(candleAt(source, floorTo(at, DAY), DAY)).toEqual(aggregateOf(source, floorTo(at, DAY), DAY, HOUR));
          expect(candleAt(source, floorTo(at, 15 * MINUTE), 15 * MINUTE)).toEqual(aggregateOf(source, floorTo(at, 15 * MINUTE), 15 * MINUTE, MINUTE));
        }
      }
      // A user's trade: the next second opens at its price.
      for (const { time: at, price } of continued) expect([at, source.second(at).open]).toEqual([at, Math.min(price, source.highestPrice(at))]);
      // A move, until the next one: each second opens where the one before closed, and the last reaches the price.
      for (const [index, { time: from, end, price }] of moves.entries()) {
        const until = Math.min(end, moves[index + 1]?.time ?? end);
        for (let at = from; at < Math.min(until, from + 120 * SECOND); at += SECOND) {
          expect([at, source.second(at).open]).toEqual([at, source.second(at - SECOND).close]);
        }
        if (until === end) {
          const last = source.second(end - SECOND);
          const reached = Math.min(price, source.highestPrice(end - SECOND));
          expect([last.low <= reached, reached <= last.high]).toEqual([true, true]);
        }
      }
    }), { numRuns: 40 });
  });
});
