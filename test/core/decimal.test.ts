import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Decimal, parseDecimal, toDecimal, toPlainString, ZERO } from '../../src/core/decimal.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

describe('decimal', () => {
  it('adds exactly where binary floats do not', () => {
    expect(toDecimal('0.1').plus('0.2').toFixed()).toBe('0.3');
  });

  it('prints tiny and huge values without exponent notation', () => {
    expect(toPlainString(toDecimal('0.00000001'))).toBe('0.00000001');
    expect(String(new Decimal('1e21'))).toBe('1000000000000000000000');
    expect(toPlainString(parseDecimal('1.50000000'))).toBe('1.5');
  });

  it('accepts decimal strings, numbers through their shortest text, and other big.js values', () => {
    expect(toDecimal(' 42.5 ').toFixed()).toBe('42.5');
    expect(toDecimal('.5').toFixed()).toBe('0.5');
    expect(toDecimal(0.1).toFixed()).toBe('0.1');
    expect(toDecimal(1e-7).toFixed()).toBe('0.0000001');
    expect(toDecimal(new Big('3.25')).toFixed()).toBe('3.25');
    expect(toDecimal(new Big('3.25'))).toBeInstanceOf(Decimal);
  });

  it('names the field when given something that is not a decimal', () => {
    expect(() => toDecimal('1,5', 'price')).toThrow(new InvalidArgumentError('price must be a decimal string such as "0.001", got "1,5"', { field: 'price', rule: 'DECIMAL' }));
    expect(() => toDecimal(Number.NaN, 'quantity')).toThrow(new InvalidArgumentError('quantity must be a finite number, got NaN', { field: 'quantity', rule: 'DECIMAL' }));
    expect(() => toDecimal('1e3')).toThrow('value must be a decimal string');
  });

  it('has an exact zero', () => {
    expect(ZERO.eq(toDecimal('0.000'))).toBe(true);
  });
});
