import { InvalidOrderError } from '../core/errors.js';
import { INTERVALS, type CandleQuery, type Interval } from '../core/models.js';

/** An InvalidOrderError naming the field and the rule it breaks. */
export function invalid(field: string, rule: string, message: string): InvalidOrderError {
  return new InvalidOrderError(`${field}: ${message}`, { exchange: 'binance', field, rule });
}

/** Checks an argument that must be an object (a request, a query) is one, so its fields can be read. */
export function checkObject(value: unknown, field: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, 'TYPE', `must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
}

/** Checks an order id is the numeric id Binance assigned, given as a string. */
export function checkOrderId(orderId: string): string {
  if (typeof orderId !== 'string' || !/^\d{1,20}$/.test(orderId)) {
    throw invalid('orderId', 'FORMAT', `must be the numeric order id Binance assigned, as a string; got ${JSON.stringify(orderId)}`);
  }
  return orderId;
}

/** Checks a kline interval is one Binance knows. */
export function checkInterval(interval: Interval): void {
  if (!(INTERVALS as readonly string[]).includes(interval)) {
    throw invalid('interval', 'ENUM', `must be one of ${INTERVALS.join(', ')}, got ${JSON.stringify(interval)}`);
  }
}

/** Checks a candle query: integer times from 0, a positive integer limit, and an end not before the start. */
export function checkCandleQuery(query: CandleQuery): void {
  checkObject(query, 'query');
  for (const field of ['startTime', 'endTime', 'limit'] as const) {
    const value = query[field];
    if (value !== undefined && (!Number.isInteger(value) || value < (field === 'limit' ? 1 : 0))) {
      throw invalid(field, 'INTEGER', `must be a${field === 'limit' ? ' positive' : ' non-negative'} integer, got ${String(value)}`);
    }
  }
  if (query.startTime !== undefined && query.endTime !== undefined && query.endTime < query.startTime) {
    throw invalid('endTime', 'RANGE', 'must not be before startTime');
  }
}
