import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, parsePlainRange } from '../../src/core/decimal.js';
import { plainRangeParser } from '../../src/core/decimal-parse-fast.js';
import { plainRangeParser as referenceParser } from '../../src/core/decimal-parse-reference.js';

const reference = referenceParser(Decimal);

/** Text made mostly of what decimals are made of, with a few characters that must be refused. */
const text = fc.array(fc.constantFrom('0', '0', '0', '1', '5', '9', '.', '.', '-', 'e', ' ', '+', 'x', '"'), { maxLength: 40 }).map((c) => c.join(''));

/** Well-formed plain decimals: leading and trailing zeros, a point anywhere, a sign, huge and tiny. */
const plain = fc.record({
  negative: fc.boolean(),
  integer: fc.stringMatching(/^[0-9]{0,30}$/),
  fraction: fc.option(fc.stringMatching(/^[0-9]{0,30}$/), { nil: undefined }),
}).map(({ negative, integer, fraction }) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);

/** What a caller can see of a value: its fields, in order, and that it is a Decimal. */
function seen(value: Decimal | undefined): unknown {
  return value === undefined ? undefined : { keys: Object.keys(value), s: value.s, e: value.e, c: value.c, decimal: value instanceof Decimal, text: value.toFixed() };
}

/** Fixed seeds: the same cases on every run. */
const RUNS = { seed: 20261203, numRuns: 3000 };

describe('plainRangeParser (optimisation) against a regular expression and big.js (reference)', () => {
  it('parses any plain decimal, or refuses any other text, exactly as the reference does', () => {
    fc.assert(fc.property(fc.oneof(plain, text), (candidate) => {
      expect(seen(parsePlainRange(candidate, 0, candidate.length))).toEqual(seen(reference(candidate, 0, candidate.length)));
    }), RUNS);
  });

  it('reads a range of a longer text, whatever surrounds it, as the reference does', () => {
    fc.assert(fc.property(text, fc.oneof(plain, text), text, (before, inner, after) => {
      const whole = `${before}${inner}${after}`;
      const [from, end] = [before.length, before.length + inner.length];
      expect(seen(parsePlainRange(whole, from, end))).toEqual(seen(reference(whole, from, end)));
    }), RUNS);
  });

  it('builds values of the constructor it is given', () => {
    expect(seen(plainRangeParser(Decimal)('-0.50', 0, 5))).toEqual({ keys: ['s', 'e', 'c', 'constructor'], s: -1, e: -1, c: [5], decimal: true, text: '-0.5' });
  });
});
