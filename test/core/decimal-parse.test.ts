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
  ];

  it.each(plain)('reads %j into the same sign, exponent and digits as big.js', (text) => {
    const value = parseDecimal(text);
    expect(parts(value)).toEqual(reference(text));
    expect(value).toBeInstanceOf(Decimal);
    expect(value.plus('1').toFixed()).toBe(new Big(text).plus('1').toFixed());
  });

  it('hands exponent notation to big.js', () => {
    expect(parseDecimal('1.5e-3').toFixed()).toBe('0.0015');
  });

  it.each(['', '-', '.', '1..2', '+1', 'abc', '1,5'])('rejects %j as big.js does', (text) => {
    expect(() => parseDecimal(text)).toThrow();
  });

  it('gives toDecimal the same values', () => {
    expect(parts(toDecimal(' 0.0100 '))).toEqual(reference('0.01'));
  });
});
