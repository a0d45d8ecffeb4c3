import { parseDecimal } from '../core/decimal.js';
import type { Candlestick, Interval } from '../core/models.js';

const OPEN = 91; // [
const CLOSE = 93; // ]
const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;

/** Thrown inside the scan when the text is not in the compact form expected; never escapes it. */
class Unexpected extends Error {}
const UNEXPECTED = new Unexpected();

/** A position in a klines body and the readers of its fields, each leaving the position after its field. */
class Cursor {
  at = 0;
  constructor(readonly text: string) {}

  expect(code: number): void {
    if (this.text.charCodeAt(this.at) !== code) throw UNEXPECTED;
    this.at += 1;
  }

  /** A run of 1 to 15 digits: exact as a number, as JSON.parse would read it. */
  integer(): number {
    const text = this.text;
    const start = this.at;
    let value = 0;
    let at = start;
    for (let digit = text.charCodeAt(at) - 48; digit >= 0 && digit <= 9; digit = text.charCodeAt(at) - 48) {
      value = value * 10 + digit;
      at += 1;
    }
    if (at === start || at - start > 15) throw UNEXPECTED;
    this.at = at;
    return value;
  }

  /** A quoted decimal, read by the same parser the JSON path uses (which throws on anything else). */
  decimal(): Candlestick['open'] {
    this.expect(QUOTE);
    const end = this.text.indexOf('"', this.at);
    if (end < 0) throw UNEXPECTED;
    const value = parseDecimal(this.text.slice(this.at, end));
    this.at = end + 1;
    return value;
  }

  /** A comma, then a decimal. */
  nextDecimal(): Candlestick['open'] {
    this.expect(COMMA);
    return this.decimal();
  }

  /** A comma, then an integer. */
  nextInteger(): number {
    this.expect(COMMA);
    return this.integer();
  }

  /** An ignored field: a string without escapes or a run of digits. */
  skip(): void {
    const text = this.text;
    if (text.charCodeAt(this.at) !== QUOTE) {
      this.integer();
      return;
    }
    let at = this.at + 1;
    for (let code = text.charCodeAt(at); code !== QUOTE; code = text.charCodeAt(at)) {
      if (code === BACKSLASH || Number.isNaN(code)) throw UNEXPECTED;
      at += 1;
    }
    this.at = at + 1;
  }
}

/** One row: the nine fields a candle uses, then any others up to the row's end. */
function scanRow(cursor: Cursor, symbol: string, interval: Interval, serverNow: number): Candlestick {
  cursor.expect(OPEN);
  const openTime = cursor.integer();
  const open = cursor.nextDecimal();
  const high = cursor.nextDecimal();
  const low = cursor.nextDecimal();
  const close = cursor.nextDecimal();
  const volume = cursor.nextDecimal();
  const closeTime = cursor.nextInteger();
  const quoteVolume = cursor.nextDecimal();
  const trades = cursor.nextInteger();
  while (cursor.text.charCodeAt(cursor.at) === COMMA) {
    cursor.at += 1;
    cursor.skip();
  }
  cursor.expect(CLOSE);
  // The same fields in the same order as parseKline's, so both give candles of one shape.
  return { symbol, interval, openTime, closeTime, open, high, low, close, volume, quoteVolume, trades, closed: closeTime < serverNow };
}

/**
 * Reads a `GET /api/v3/klines` body straight into candles, in one pass over the text: JSON.parse
 * would first build an array and twelve values for every row, half of them never used, only for
 * the decimals among them to be parsed again. Only the compact form Binance sends is read (no
 * whitespace, digit-only integers, strings without escapes); for anything else, including a body
 * the kline parser would reject, the result is undefined and the caller parses the body as JSON,
 * so malformed payloads fail exactly as they do there.
 */
export function scanKlines(text: string, symbol: string, interval: Interval, serverNow: number): Candlestick[] | undefined {
  const cursor = new Cursor(text);
  const candles: Candlestick[] = [];
  try {
    cursor.expect(OPEN);
    if (text.charCodeAt(cursor.at) !== CLOSE) {
      candles.push(scanRow(cursor, symbol, interval, serverNow));
      while (text.charCodeAt(cursor.at) === COMMA) {
        cursor.at += 1;
        candles.push(scanRow(cursor, symbol, interval, serverNow));
      }
    }
    cursor.expect(CLOSE);
  } catch {
    return undefined;
  }
  return cursor.at === text.length ? candles : undefined;
}
