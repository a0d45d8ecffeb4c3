import { BinanceErrorCode } from '../../spec/binance/error-codes.js';
import { badRequest } from '../sim-error.js';

/**
 * The `X-MBX-TIME-UNIT` request header: with MICROSECOND, every time field of the response is in
 * microseconds (kline close times end in 999999, as Binance's do).
 */

/** Time fields of Binance REST objects. */
const TIME_KEYS = new Set(['serverTime', 'transactTime', 'time', 'updateTime', 'workingTime', 'openTime', 'closeTime', 'T']);
/** True for MICROSECOND, false for MILLISECOND or no header; -1194 for anything else. */
export function wantsMicroseconds(header: string | undefined): boolean {
  if (header === undefined) return false;
  const unit = header.toUpperCase();
  if (unit === 'MICROSECOND' && (header === 'MICROSECOND' || header === 'microsecond')) return true;
  if (unit === 'MILLISECOND' && (header === 'MILLISECOND' || header === 'millisecond')) return false;
  // -1194 INVALID_TIME_UNIT: the code is shared, the message is Binance's.
  throw badRequest(BinanceErrorCode.INVALID_TIME_UNIT, 'Invalid time unit provided.');
}

function convert(value: number, end: boolean): number {
  if (value < 0) return value;
  return value * 1000 + (end ? 999 : 0);
}

function isKlineRow(value: unknown[]): boolean {
  return value.length === 12 && typeof value[0] === 'number' && typeof value[6] === 'number' && value[11] === '0';
}

/** A copy of a response body with its time fields in microseconds. */
export function toMicroseconds(body: unknown): unknown {
  if (Array.isArray(body)) {
    if (isKlineRow(body)) {
      const row = [...body];
      row[0] = convert(body[0] as number, false);
      row[6] = convert(body[6] as number, true);
      return row;
    }
    return body.map(toMicroseconds);
  }
  if (typeof body !== 'object' || body === null) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = TIME_KEYS.has(key) && typeof value === 'number' ? convert(value, false) : toMicroseconds(value);
  }
  return out;
}
