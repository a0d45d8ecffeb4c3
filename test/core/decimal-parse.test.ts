import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Decimal, parseDecimal, parsePlainRange, toDecimal } from '../../src/core/decimal.js';
import { generator } from '../support/seeded.js';

/** big.js's own parse of the same text, as `[sign, exponent, digits]`. */
function reference(text: string): [number, number, number[]] {
  const value = new Big(text);
  return [value.s, value.e, value.c];
}

/** big.js's parse of `text`, or `'throws'` when big.js rejects it. */
function referenceOrThrows(text: string): [number, number, number[]] | 'throws' {
  try {
    return reference(text);
  } catch {
    return 'throws';
  }
}

/** Up to `maxLength` characters drawn from `alphabet`. */
function randomText(next: (n: number) => number, alphabet: string, maxLength: number): string {
  let text = '';
  for (let i = next(maxLength); i >= 0; i--) text += alphabet[next(alphabet.length)];
  return text;
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
      const text = randomText(next, alphabet, 6);
      const expected = referenceOrThrows(text);
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

describe('parsePlainRange', () => {
  it('reads a range of a longer text as parseDecimal reads the range alone, and rejects what it leaves to big.js', () => {
    // The text around the range holds digits, points and signs, so reading past either end would show.
    const next = generator(13);
    const alphabet = '00019..-x"';
    for (let k = 0; k < 20_000; k++) {
      const inner = randomText(next, alphabet, 8);
      const before = ['', '-', '1', '"', '.5'][next(5)]!;
      const after = ['', '0', '.', '9"', '-1'][next(5)]!;
      const value = parsePlainRange(`${before}${inner}${after}`, before.length, before.length + inner.length);
      if (value === undefined) continue;
      expect(parts(value), inner).toEqual(parts(parseDecimal(inner)));
      expect(value, inner).toBeInstanceOf(Decimal);
    }
    expect(parts(parsePlainRange('["90231.5700","x"]', 2, 12)!)).toEqual(reference('90231.57'));
    expect(parsePlainRange('5', 0, 0)).toBeUndefined();
    expect(parsePlainRange('-5', 0, 1)).toBeUndefined();
    expect(parts(parsePlainRange('1.5', 0, 2)!)).toEqual(reference('1.'));
    expect(parsePlainRange('1x5', 0, 2)).toBeUndefined();
  });

  it('rejects exactly the ranges big.js rejects, of the plain shapes', () => {
    const next = generator(17);
    const alphabet = '00019..-';
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      const inner = randomText(next, alphabet, 6);
      const value = parsePlainRange(`7${inner}7`, 1, 1 + inner.length);
      expect(value === undefined ? 'throws' : parts(value), inner).toEqual(referenceOrThrows(inner));
      if (value !== undefined) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(1_000);
  });
});
