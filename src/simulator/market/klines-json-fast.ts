/**
 * OPTIMISATION SEAM (klines JSON). Writes a klines page as JSON bytes directly: integers and
 * 8-decimal amounts digit by digit into one buffer, instead of a string per amount, an array per
 * row, `JSON.stringify` and the UTF-8 encoding of the result: 1.63–1.71 ms → 0.46–0.50 ms a
 * page of 1000 (docs/PERFORMANCE.md, "Optimisation seams"). The plain reference is `klines-json-reference.ts`
 * (same signature); the differential test `test/simulator/klines-json-fast.test.ts` checks both
 * write the same bytes.
 */
import type { CandleSource } from './candle-source.js';
import type { Kline } from './klines.js';
import { ASSET_PRECISION } from './symbols.js';
import { formatUnits } from './units.js';

const ZERO = 0x30;
const QUOTE = 0x22;
const DOT = 0x2e;
const INT32_LIMIT = 0x80000000;
/** Safe integers (below 2^53 < 10^16) past int32 are written as two halves of at most 8 digits. */
const HUNDRED_MILLION = 100_000_000;
/** Widest fraction kept in int32 arithmetic: 10^9 < 2^31. */
const MAX_FAST_DECIMALS = 9;
const POWERS = Array.from({ length: MAX_FAST_DECIMALS + 1 }, (_, i) => 10 ** i);
/** "00".."99" as character codes, so digits are written two at a time. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/** Number of decimal digits of a non-negative int32. */
function digitCount(n: number): number {
  if (n < 10_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1_000 ? 3 : 4;
  if (n < HUNDRED_MILLION) return n < 100_000 ? 5 : n < 1_000_000 ? 6 : n < 10_000_000 ? 7 : 8;
  return n < 1_000_000_000 ? 9 : 10;
}

/** ⌊value / divisor⌋ of a non-negative safe integer: a large quotient may round across an integer, which the remainder shows. */
function quotient(value: number, divisor: number): number {
  const rounded = Math.floor(value / divisor);
  const rest = value - rounded * divisor;
  return rest < 0 ? rounded - 1 : rest >= divisor ? rounded + 1 : rounded;
}

/** Writes the non-negative int32 `n` as exactly `count` digits (zero-padded) ending before `end`. */
function putDigits(buffer: Buffer, n: number, end: number, count: number): void {
  let at = end;
  let rest = n;
  let left = count;
  for (; left >= 2; left -= 2) {
    const next = (rest / 100) | 0;
    const pair = (rest - next * 100) * 2;
    buffer[--at] = PAIRS[pair + 1]!;
    buffer[--at] = PAIRS[pair]!;
    rest = next;
  }
  if (left === 1) buffer[--at] = ZERO + rest;
}

/** A growable byte buffer of JSON text; `bytes()` returns what was written. */
export class JsonBytes {
  private buffer: Buffer;
  private length = 0;

  /** `capacity` is a guess of the final size in bytes; the buffer grows past it if needed. */
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Appends ASCII text as it is (punctuation, literals). */
  ascii(text: string): void {
    this.reserve(text.length);
    const buffer = this.buffer;
    // Short literals are copied by hand: Buffer#write costs more than the loop for a few bytes.
    for (let i = 0; i < text.length; i++) buffer[this.length + i] = text.charCodeAt(i);
    this.length += text.length;
  }

  /** Appends one byte (a character code below 128). */
  byte(code: number): void {
    this.reserve(1);
    this.buffer[this.length++] = code;
  }

  /** Appends a number as JSON writes it. */
  number(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      this.ascii(JSON.stringify(value));
      return;
    }
    this.reserve(16);
    this.integer(value);
  }

  /**
   * Appends the quoted decimal string of `units` × 10^-`decimals` with `outDecimals` places, the
   * same text as `formatUnits(units, decimals, outDecimals)`.
   */
  fixed(units: number, decimals: number, outDecimals: number): void {
    if (!Number.isSafeInteger(units) || units < 0 || decimals < 0 || decimals > MAX_FAST_DECIMALS
      || decimals > outDecimals || outDecimals === 0) {
      this.ascii(`"${formatUnits(units, decimals, outDecimals)}"`);
      return;
    }
    const scale = POWERS[decimals]!;
    const whole = quotient(units, scale);
    const fraction = units - whole * scale;
    this.reserve(outDecimals + 19);
    const buffer = this.buffer;
    buffer[this.length++] = QUOTE;
    this.integer(whole);
    buffer[this.length++] = DOT;
    putDigits(buffer, fraction, this.length + decimals, decimals);
    this.length += decimals;
    for (let i = decimals; i < outDecimals; i++) buffer[this.length++] = ZERO;
    buffer[this.length++] = QUOTE;
  }

  /** Writes a non-negative safe integer into reserved space. */
  private integer(value: number): void {
    const buffer = this.buffer;
    if (value < INT32_LIMIT) {
      const count = digitCount(value);
      putDigits(buffer, value, this.length + count, count);
      this.length += count;
      return;
    }
    const high = quotient(value, HUNDRED_MILLION);
    const low = value - high * HUNDRED_MILLION;
    const count = digitCount(high);
    putDigits(buffer, high, this.length + count, count);
    putDigits(buffer, low, this.length + count + 8, 8);
    this.length += count + 8;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Upper bound of one row's bytes: three integers, eight amounts of up to 16 digits + 8 decimals. */
const ROW_BYTES_GUESS = 3 * 17 + 8 * 28 + 20;

/**
 * The JSON bytes of `klines` as Binance's rows — the same text as JSON.stringify of their
 * `klineRow`s — written without building the rows; `microseconds` gives the open and close times
 * in microseconds, as `X-MBX-TIME-UNIT: MICROSECOND` asks.
 */
export function klinesJson(source: CandleSource, klines: readonly Kline[], microseconds: boolean): Buffer {
  const { tickDecimals, stepDecimals, quoteVolumeDecimals } = source.spec;
  const out = new JsonBytes(2 + klines.length * ROW_BYTES_GUESS);
  out.byte(0x5b);
  for (let i = 0; i < klines.length; i++) {
    const candle = klines[i]!.candle;
    out.ascii(i === 0 ? '[' : ',[');
    out.number(microseconds ? candle.openTime * 1000 : candle.openTime);
    out.byte(0x2c);
    out.fixed(candle.open, tickDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.fixed(candle.high, tickDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.fixed(candle.low, tickDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.fixed(candle.close, tickDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.fixed(candle.volume, stepDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.number(microseconds ? candle.closeTime * 1000 + 999 : candle.closeTime);
    out.byte(0x2c);
    out.fixed(candle.quoteVolume, quoteVolumeDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.number(candle.trades);
    out.byte(0x2c);
    out.fixed(candle.takerBuyVolume, stepDecimals, ASSET_PRECISION);
    out.byte(0x2c);
    out.fixed(candle.takerBuyQuoteVolume, quoteVolumeDecimals, ASSET_PRECISION);
    out.ascii(',"0"]');
  }
  out.byte(0x5d);
  return out.bytes();
}
