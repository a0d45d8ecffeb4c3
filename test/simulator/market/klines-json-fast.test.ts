import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Candle } from '../../../src/simulator/market/candle.js';
import type { CandleSource } from '../../../src/simulator/market/candle-source.js';
import { JsonBytes, klinesJson } from '../../../src/simulator/market/klines-json-fast.js';
import { klinesJson as reference } from '../../../src/simulator/market/klines-json-reference.js';
import type { Kline } from '../../../src/simulator/market/klines.js';
import { formatUnits } from '../../../src/simulator/market/units.js';

/** Deterministic values spread over every digit count, around 2^31 and up to past 2^53. */
function samples(): number[] {
  const values = [0, 1, 9, 10, 99, 100, 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 7, 1e15 - 1, 1e15, 1e16 - 1,
    Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, 1e21, 1e22];
  let seed = 12345;
  for (let i = 0; i < 2000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const digits = 1 + (i % 16);
    values.push(Math.floor((seed / 2 ** 32) * 10 ** digits));
  }
  return values;
}

function written(write: (out: JsonBytes) => void): string {
  const out = new JsonBytes(1);
  write(out);
  return out.bytes().toString('latin1');
}

describe('JsonBytes', () => {
  test('numbers are written as JSON.stringify writes them', () => {
    const values = [...samples(), -1, -(2 ** 40), 0.5, 1.25e-7];
    expect(written((out) => values.forEach((v) => { out.number(v); out.byte(0x2c); })))
      .toBe(values.map((v) => `${JSON.stringify(v)},`).join(''));
  });

  test('fixed-point amounts match the exact decimal of the integer, quoted', () => {
    for (const decimals of [0, 1, 2, 4, 5, 8]) {
      const values = samples().filter(Number.isSafeInteger);
      expect(written((out) => values.forEach((v) => out.fixed(v, decimals, 8))))
        .toBe(values.map((v) => `"${formatUnits(BigInt(v), decimals, 8)}"`).join(''));
    }
  });

  test('amounts outside the integer fast path fall back to formatUnits', () => {
    const cases: [number, number, number][] = [[2 ** 60, 4, 8], [-12_345, 2, 8], [123_456_789, 10, 8], [42, 0, 0], [1e22, 2, 8]];
    for (const [units, decimals, outDecimals] of cases) {
      expect(written((out) => out.fixed(units, decimals, outDecimals))).toBe(`"${formatUnits(units, decimals, outDecimals)}"`);
    }
  });

  test('ASCII text and bytes append in order, growing past the first capacity', () => {
    const text = written((out) => {
      for (let i = 0; i < 100; i++) {
        out.ascii('[ab');
        out.byte(0x5d);
      }
    });
    expect(text).toBe('[ab]'.repeat(100));
  });
});

/** An integer amount: zero, small, around 2^31, up to 2^53 (past int32, where the writer splits it). */
const units = fc.oneof(
  fc.constantFrom(0, 1, 9, 10, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER),
  fc.nat(1_000_000),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);

/** A candle with every field generated; times up to year 2200, so the microsecond times stay safe integers. */
const candle = fc.record({
  openTime: fc.nat(7_258_118_400_000),
  closeTime: fc.nat(7_258_118_400_000),
  open: units, high: units, low: units, close: units,
  volume: units, quoteVolume: units, trades: fc.oneof(fc.nat(10), fc.nat(Number.MAX_SAFE_INTEGER)),
  takerBuyVolume: units, takerBuyQuoteVolume: units,
  firstTradeId: fc.constant(-1), lastTradeId: fc.constant(-1),
}) satisfies fc.Arbitrary<Candle>;

/** Decimals of a symbol, past the writer's fast path (9) and past the 8 places written, too. */
const spec = fc.record({ tickDecimals: fc.nat(11), stepDecimals: fc.nat(11), quoteVolumeDecimals: fc.nat(11) });

describe('klinesJson (optimisation) against JSON.stringify of the rows (reference)', () => {
  test('writes the same bytes for any candles, every field, in milliseconds and microseconds', () => {
    fc.assert(fc.property(spec, fc.array(candle, { maxLength: 20 }), fc.boolean(), (decimals, candles, microseconds) => {
      const source = { spec: decimals } as CandleSource;
      const klines: Kline[] = candles.map((c) => ({ candle: c, closed: true }));
      expect(klinesJson(source, klines, microseconds).toString('latin1')).toBe(reference(source, klines, microseconds).toString('latin1'));
    }), { seed: 20261203, numRuns: 500 });
  });
});
