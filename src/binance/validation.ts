import { InvalidOrderError } from '../core/errors.js';
import { INTERVALS, type Interval } from '../core/models.js';

/** An InvalidOrderError naming the field and the rule it breaks. */
export function invalid(field: string, rule: string, message: string): InvalidOrderError {
  return new InvalidOrderError(`${field}: ${message}`, { exchange: 'binance', field, rule });
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
