import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Decimal, parseDecimal, toDecimal } from '../../src/core/decimal.js';

/** big.js's own parse of the same text, as `[sign, exponent, digits]`. */
function reference(text: string): [number, number, number[]] {
  const value = new Big(text);
  return [value.s, value.e, value.c];
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
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
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

  it('hands exponent notation to big.js', () => {
    expect(parseDecimal('1.5e-3').toFixed()).toBe('0.0015');
  });

  it.each(['', '-', '.', '-.', '1..2', '0.0.', '+1', 'abc', '1,5', '--1', '1-', ' 1'])('rejects %j as big.js does', (text) => {
    expect(() => parseDecimal(text)).toThrow();
  });

  it('gives toDecimal the same values', () => {
    expect(parts(toDecimal(' 0.0100 '))).toEqual(reference('0.01'));
  });
});
