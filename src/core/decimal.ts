import Big from 'big.js';

/**
 * Exact decimal used for every price, quantity, balance and commission.
 * A private big.js constructor that never switches to exponent notation, so `toString()`
 * is always a plain fixed-point string that Binance accepts.
 */
export const Decimal = Big();
Decimal.NE = -1_000_000;
Decimal.PE = 1_000_000;
Decimal.DP = 30;
Decimal.RM = Big.roundHalfUp;

/** An exact decimal value. */
export type Decimal = Big;

/** What callers may pass where an amount is expected: a decimal or a decimal string. */
export type DecimalInput = Big | string;

const DECIMAL_PATTERN = /^-?(\d+(\.\d*)?|\.\d+)$/;

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
} as unknown as new (s: number, e: number, c: number[]) => Decimal;
PlainDecimal.prototype = Decimal.prototype;

/**
 * Parses plain decimal text (`-?digits[.digits]`) straight into big.js's representation: the
 * wire carries every price and quantity this way, and big.js's general parser (regex, exponent
 * search, string copies, a growing digit array) costs several times more. One pass validates and
 * finds the point and the first and last significant digits; then the digits are copied into an
 * array of their exact size. Undefined for anything else, which the caller hands to big.js.
 */
function parsePlain(text: string): Decimal | undefined {
  const length = text.length;
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  let point = -1;
  let first = -1;
  let last = -1;
  for (let i = start; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 48 && code <= 57) {
      if (first < 0) first = i;
      last = i;
    } else if (code === 46) {
      if (point >= 0) return undefined;
      point = i;
    } else if (code !== 48) {
      return undefined;
    }
  }
  if (length - start === (point >= 0 ? 1 : 0)) return undefined;
  const sign = start === 1 ? -1 : 1;
  if (first < 0) return new PlainDecimal(sign, 0, [0]);
  const integerEnd = point >= 0 ? point : length;
  const exponent = first < integerEnd ? integerEnd - first - 1 : integerEnd - first;
  return new PlainDecimal(sign, exponent, significantDigits(text, first, last, integerEnd));
}

/** The digits from `first` to `last` without the point at `point`; two plain loops, no per-digit test. */
function significantDigits(text: string, first: number, last: number, point: number): number[] {
  if (point < first || point > last) {
    const digits = new Array<number>(last - first + 1);
    for (let i = first; i <= last; i++) digits[i - first] = text.charCodeAt(i) - 48;
    return digits;
  }
  const digits = new Array<number>(last - first);
  let j = 0;
  for (let i = first; i < point; i++) digits[j++] = text.charCodeAt(i) - 48;
  for (let i = point + 1; i <= last; i++) digits[j++] = text.charCodeAt(i) - 48;
  return digits;
}

/** Parses a decimal string or converts a big.js value from any big.js constructor. Throws TypeError on anything else. */
export function toDecimal(value: DecimalInput | number, field = 'value'): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!DECIMAL_PATTERN.test(trimmed)) {
      throw new TypeError(`${field} must be a decimal string such as "0.001", got ${JSON.stringify(value)}`);
    }
    return parsePlain(trimmed) ?? new Decimal(trimmed);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${field} must be a finite number, got ${value}`);
    // Numbers are accepted only through their shortest round-trip string, never their binary value.
    return new Decimal(String(value).includes('e') ? value.toFixed(20) : String(value));
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toFixed?: unknown }).toFixed === 'function') {
    return new Decimal((value as Big).toFixed());
  }
  throw new TypeError(`${field} must be a decimal or a decimal string`);
}

/** Parses a decimal string from the wire (trusted format, no validation beyond big.js's own). */
export function parseDecimal(text: string): Decimal {
  return parsePlain(text) ?? new Decimal(text);
}

/** Plain fixed-point text with no exponent and no trailing zeros, as sent on the wire. */
export function toPlainString(value: Decimal): string {
  return value.toFixed();
}

/** The zero decimal. */
export const ZERO: Decimal = new Decimal(0);
