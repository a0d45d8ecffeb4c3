import { describe, expect, test } from 'vitest';
import { JsonBytes } from '../../src/simulator/json-bytes.js';
import { formatUnits } from '../../src/simulator/units.js';

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
