import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Decimal, parseDecimal, toDecimal } from '../../src/core/decimal.js';

/** big.js's own parse of the same text, as `[sign, exponent, digits]`. */
function reference(text: string): [number, number, number[]] {
  const value = new Big(text);
  return [value.s, value.e, value.c];
}

/** A seeded generator of integers below `n`, so the generated cases are the same on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

function parts(value: Decimal): [number, number, number[]] {
  return [value.s, value.e, value.c];
}

describe('parseDecimal', () => {
  const plain = [
    '0', '-0', '0.0', '-0.000', '000', '5', '10', '100', '0.10', '.5', '-.5', '1.', '00012.3400',
    '90215.13000000', '-90215.1300', '0.00000001', '123456789012345678901234567890.123456789',
    '100.000', '1000', '10.01', '0.', '-0.', '0.00412000', '-100', '7', '.0001', '1.000000001', '900000.00000009',
  ];

  it.each(plain)('reads %j into the same sign, exponent and digits as big.js', (text) => {
    const value = parseDecimal(text);
    expect(parts(value)).toEqual(reference(text));
    expect(value).toBeInstanceOf(Decimal);
    expect(value.plus('1').toFixed()).toBe(new Big(text).plus('1').toFixed());
  });

  it('reads every generated plain decimal as big.js does', () => {
    // Digits drawn mostly from 0 and 9 so leading, trailing and inner zeros and the point's place all vary.
    const next = generator(7);
    const digits = '0000991234';
    for (let k = 0; k < 5000; k++) {
      const length = 1 + next(12);
      let text = '';
      for (let i = 0; i < length; i++) text += digits[next(digits.length)];
      const point = next(length + 2);
      if (point <= length) text = `${text.slice(0, point)}.${text.slice(point)}`;
      if (next(3) === 0) text = `-${text}`;
      if (text === '.' || text === '-.') continue;
      expect(parts(parseDecimal(text)), text).toEqual(reference(text));
    }
  });

  it('accepts and rejects generated text exactly as big.js does', () => {
    // Short strings over digits, points, signs and a stray letter: every malformed shape is tried.
    const next = generator(11);
    const alphabet = '00019..-x';
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let i = next(6); i >= 0; i--) text += alphabet[next(alphabet.length)];
      let expected: [number, number, number[]] | 'throws';
      try {
        expected = reference(text);
      } catch {
        expected = 'throws';
      }
      let actual: [number, number, number[]] | 'throws';
      try {
        actual = parts(parseDecimal(text));
      } catch {
        actual = 'throws';
      }
      expect(actual, text).toEqual(expected);
    }
  });

  it('hands exponent notation to big.js', () => {
    expect(parseDecimal('1.5e-3').toFixed()).toBe('0.0015');
  });

  it.each(['', '-', '.', '-.', '..', '1..2', '0.0.', '.0.', '1.2.3', '5..', '-0.0.0', '+1', '+0', 'abc', '1,5', '--1', '1-', '0-', ' 1', '0 ', '0.0a', 'a0.0'])('rejects %j as big.js does', (text) => {
    expect(() => parseDecimal(text)).toThrow();
  });

  it('gives toDecimal the same values', () => {
    expect(parts(toDecimal(' 0.0100 '))).toEqual(reference('0.01'));
  });
});
