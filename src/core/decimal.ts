import Big from 'big.js';
import { decimalTextPrototype } from './decimal-text-fast.js';
import { InvalidArgumentError, MalformedResponseError } from './errors.js';

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
// Its own prototype, layered over big.js's shared one: the decimal-text optimisation seam.
Decimal.prototype = decimalTextPrototype(Decimal.prototype);

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
 * search, string copies, a growing digit array) costs several times more.
 * Undefined for anything else, which the caller hands to big.js.
 */
function parsePlain(text: string): Decimal | undefined {
  return parsePlainRange(text, 0, text.length);
}

/**
 * {@link parsePlain} of `text.slice(from, end)` without making that string: a stream decoder
 * reads prices and quantities straight out of the frame's text. The point is found first;
 * leading and trailing zeros are skipped from each end; only the significant digits between are
 * read, once, checked as they are copied into an array of their exact size.
 */
export function parsePlainRange(text: string, from: number, end: number): Decimal | undefined {
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

/** Parses a decimal string or converts a big.js value from any big.js constructor. Throws InvalidArgumentError (naming `field`) on anything else. */
export function toDecimal(value: DecimalInput | number, field = 'value'): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!DECIMAL_PATTERN.test(trimmed)) {
      throw invalidDecimal(field, `must be a decimal string such as "0.001", got ${JSON.stringify(value)}`);
    }
    return parsePlain(trimmed) ?? new Decimal(trimmed);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidDecimal(field, `must be a finite number, got ${value}`);
    // Numbers are accepted only through their shortest round-trip string, never their binary value.
    return new Decimal(String(value).includes('e') ? value.toFixed(20) : String(value));
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toFixed?: unknown }).toFixed === 'function') {
    return new Decimal((value as Big).toFixed());
  }
  throw invalidDecimal(field, 'must be a decimal or a decimal string');
}

function invalidDecimal(field: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`${field} ${message}`, { field, rule: 'DECIMAL' });
}

/** Decimal text with an exponent, which big.js reads; the exponent is bounded by {@link MAX_WIRE_EXPONENT}. */
const EXPONENT_PATTERN = /^-?(\d+(\.\d*)?|\.\d+)[eE]([+-]?\d{1,9})$/;

/**
 * Largest exponent accepted from the wire: decimals print without exponents, so `1e999999999`
 * would later be spelled out in a billion digits by `toFixed()`.
 */
const MAX_WIRE_EXPONENT = 100;

/**
 * Parses a decimal string from the wire: plain decimal text (`-?digits[.digits]`), as exchanges
 * send every amount, or that with a small exponent. Anything else (garbage, spaces, `NaN`, a huge
 * exponent) is an answer that cannot be read: MalformedResponseError, never big.js's own Error.
 */
export function parseDecimal(text: string): Decimal {
  const parsed = parsePlain(text);
  if (parsed !== undefined) return parsed;
  const exponent = EXPONENT_PATTERN.exec(text)?.[3];
  if (exponent !== undefined && Math.abs(Number(exponent)) <= MAX_WIRE_EXPONENT) return new Decimal(text);
  throw new MalformedResponseError(`not a decimal: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`);
}

/** Plain fixed-point text with no exponent and no trailing zeros, as sent on the wire. */
export function toPlainString(value: Decimal): string {
  return value.toFixed();
}

/** The zero decimal. */
export const ZERO: Decimal = new Decimal(0);
