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

/** Parses a decimal string or converts a big.js value from any big.js constructor. Throws TypeError on anything else. */
export function toDecimal(value: DecimalInput | number, field = 'value'): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!DECIMAL_PATTERN.test(trimmed)) {
      throw new TypeError(`${field} must be a decimal string such as "0.001", got ${JSON.stringify(value)}`);
    }
    return new Decimal(trimmed);
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
  return new Decimal(text);
}

/** Plain fixed-point text with no exponent and no trailing zeros, as sent on the wire. */
export function toPlainString(value: Decimal): string {
  return value.toFixed();
}

/** The zero decimal. */
export const ZERO: Decimal = new Decimal(0);
