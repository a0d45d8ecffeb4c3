import Big from 'big.js';
import { plainRangeParser } from './decimal-parse-fast.js';
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
 * Parses plain decimal text (`-?digits[.digits]`) in `text.slice(from, end)` into a Decimal, or
 * undefined for anything else (which callers hand to big.js): the decimal-parse optimisation seam.
 * The wire carries every price and quantity this way; a stream decoder reads them straight out of
 * a frame's text without making the string.
 */
export const parsePlainRange: (text: string, from: number, end: number) => Decimal | undefined = plainRangeParser(Decimal);

/** {@link parsePlainRange} of the whole text. */
function parsePlain(text: string): Decimal | undefined {
  return parsePlainRange(text, 0, text.length);
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
