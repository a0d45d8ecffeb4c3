/**
 * OPTIMISATION SEAM (decimal parse). Reads plain decimal text (`-?digits[.digits]`) straight into
 * big.js's representation instead of big.js's general parser (regex, exponent search, string
 * copies, a growing digit array): 249–254 ns → 46–47 ns a decimal (docs/PERFORMANCE.md,
 * "Optimisation seams"). The plain reference is `decimal-parse-reference.ts` (same signature);
 * the differential test `test/core/decimal-parse-fast.test.ts` checks both give the same value.
 */
import type Big from 'big.js';

/**
 * A parser of plain decimal text in `text.slice(from, end)` (without making that string) into
 * values of `Decimal`, or undefined for anything else: the seam's signature. The point is found
 * first; leading and trailing zeros are skipped from each end; only the significant digits
 * between are read, once, checked as they are copied into an array of their exact size.
 */
export function plainRangeParser(Decimal: Big.BigConstructor): (text: string, from: number, end: number) => Big | undefined {
  /**
   * Builds big.js values directly from sign, exponent and digits (big.js's own representation:
   * `s`, `e`, `c`, `constructor`, in that order), sharing Decimal's prototype, so they are
   * ordinary Decimal instances.
   */
  const PlainDecimal = function PlainDecimal(this: Big, s: number, e: number, c: number[]) {
    this.s = s;
    this.e = e;
    this.c = c;
    (this as { constructor: unknown }).constructor = Decimal;
  } as unknown as new (s: number, e: number, c: number[]) => Big;
  PlainDecimal.prototype = Decimal.prototype;

  return function parsePlainRange(text: string, from: number, end: number): Big | undefined {
    const start = from < end && text.charCodeAt(from) === 45 ? from + 1 : from;
    const point = pointBetween(text, start, end);
    const sign = start > from ? -1 : 1;
    // A second point or any other character stops these loops and is rejected by the copy below.
    let first = start;
    while (first < end && (first === point || text.charCodeAt(first) === 48)) first += 1;
    if (first === end) {
      const hasDigit = end - start > (point >= 0 ? 1 : 0);
      return hasDigit ? new PlainDecimal(sign, 0, [0]) : undefined;
    }
    let last = end - 1;
    while (last > first && (last === point || text.charCodeAt(last) === 48)) last -= 1;
    const digits = point > first && point < last
      ? digitsAround(text, first, last, point)
      : digitsBetween(text, first, last);
    if (digits === undefined) return undefined;
    const integerEnd = point >= 0 ? point : end;
    const exponent = first < integerEnd ? integerEnd - first - 1 : integerEnd - first;
    return new PlainDecimal(sign, exponent, digits);
  };
}

/**
 * Where the first point between `start` and `end` is, or -1. Not `indexOf`: in a frame's text it
 * would run on past `end` to the next decimal's point, and for a decimal without one to the end.
 */
function pointBetween(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 46) return i;
  }
  return -1;
}

/** The digits from `first` to `last`, or undefined if a character there is not a digit. */
function digitsBetween(text: string, first: number, last: number): number[] | undefined {
  const digits = new Array<number>(last - first + 1);
  for (let i = first; i <= last; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    digits[i - first] = digit;
  }
  return digits;
}

/** The digits from `first` to `last` without the point between them: the two runs copied in turn. */
function digitsAround(text: string, first: number, last: number, point: number): number[] | undefined {
  const digits = new Array<number>(last - first);
  const integerDigits = point - first;
  for (let i = first; i < point; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    digits[i - first] = digit;
  }
  for (let i = point + 1; i <= last; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    digits[integerDigits + i - point - 1] = digit;
  }
  return digits;
}
