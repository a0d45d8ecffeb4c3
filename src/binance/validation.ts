import { InvalidArgumentError, InvalidOrderError } from '../core/errors.js';
import type { AccountTradeQuery, CandleQuery, Interval, OrderListQuery } from '../core/models.js';
import { isKlineInterval, KLINE_INTERVALS } from '../spec/binance/intervals.js';
import { isValidClientOrderId } from './client-order-id.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../spec/binance/page-limits.js';

/**
 * The one set of argument checks every public method runs before any request: each names the
 * argument and the rule it breaks, so no request carries NaN, an empty mandatory value or a
 * value Binance would refuse anyway.
 */

/** Order book depths Binance accepts: 1 to this many levels a side. */
export const MAX_DEPTH_LIMIT = PAGE_LIMITS['GET /api/v3/depth'].max;

/** A symbol: letters and digits of any script (Binance has accepted Unicode symbols since 2025), 2 to 40 of them. */
const SYMBOL_PATTERN = /^[\p{L}\p{N}]{2,40}$/u;

/** An InvalidArgumentError naming the argument and the rule it breaks. */
export function invalid(field: string, rule: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`${field}: ${message}`, { exchange: 'binance', field, rule });
}

/** An InvalidOrderError naming the field of the order request and the rule it breaks. */
export function invalidOrder(field: string, rule: string, message: string): InvalidOrderError {
  return new InvalidOrderError(`${field}: ${message}`, { exchange: 'binance', field, rule });
}

/**
 * Runs argument checks on the content of an order request: a bad argument there (its symbol, its
 * shape) is an InvalidOrderError, as every other rule the order breaks.
 */
export function asOrderContent<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw new InvalidOrderError(error.message, { exchange: error.exchange, field: error.field, rule: error.rule, cause: error.cause });
  }
}

/**
 * The one symbol rule, shared by the connector and the command line: surrounding spaces are
 * dropped and the name is upper-cased (`btcusdt` is BTCUSDT, as Binance lists it), then it must be
 * 2 to 40 letters and digits. Returns the normalised name, which is what is sent.
 */
export function normalizeSymbol(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalid('symbol', 'REQUIRED', 'must be a non-empty string such as BTCUSDT');
  const symbol = value.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) throw invalid('symbol', 'FORMAT', `must be letters and digits such as BTCUSDT, got ${JSON.stringify(value)}`);
  return symbol;
}

/** Checks a client order id: 1 to 36 of Binance's characters, never empty. */
export function checkClientOrderId(value: unknown, field = 'clientOrderId'): string {
  if (typeof value !== 'string' || !isValidClientOrderId(value)) {
    throw invalid(field, 'FORMAT', `must be 1 to 36 characters from A-Z a-z 0-9 . : / _ -, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks a listener is a function. */
export function checkCallback(value: unknown, field = 'callback'): void {
  if (typeof value !== 'function') throw invalid(field, 'TYPE', `must be a function, got ${value === null ? 'null' : typeof value}`);
}

/** Checks an order book depth: an integer from 1 to 5000. */
export function checkDepthLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_DEPTH_LIMIT) {
    throw invalid('limit', 'RANGE', `must be an integer from 1 to ${MAX_DEPTH_LIMIT}, got ${String(limit)}`);
  }
  return limit;
}

/** Checks an argument that must be an object (a request, a query) is one, so its fields can be read. */
export function checkObject(value: unknown, field: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, 'TYPE', `must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
}

/** Checks an order (or order list) id is the numeric id Binance assigned, given as a string. */
export function checkOrderId(orderId: string, field = 'orderId'): string {
  if (typeof orderId !== 'string' || !/^\d{1,20}$/.test(orderId)) {
    const what = field === 'orderId' ? 'order id' : 'order list id';
    throw invalid(field, 'FORMAT', `must be the numeric ${what} Binance assigned, as a string; got ${JSON.stringify(orderId)}`);
  }
  return orderId;
}

/** Checks a kline interval is one Binance knows. */
export function checkInterval(interval: Interval): void {
  if (!isKlineInterval(interval)) {
    throw invalid('interval', 'ENUM', `must be one of ${KLINE_INTERVALS.join(', ')}, got ${JSON.stringify(interval)}`);
  }
}

/** Checks a time range: integer epoch ms from 0, and an end not before the start. */
export function checkTimeRange(query: { startTime?: unknown; endTime?: unknown }): void {
  for (const field of ['startTime', 'endTime'] as const) {
    const value = query[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw invalid(field, 'INTEGER', `must be a non-negative integer (epoch ms), got ${String(value)}`);
    }
  }
  if (query.startTime !== undefined && query.endTime !== undefined && (query.endTime as number) < (query.startTime as number)) {
    throw invalid('endTime', 'RANGE', 'must not be before startTime');
  }
}

/** Checks a candle query: integer times from 0, a positive integer limit, and an end not before the start. */
export function checkCandleQuery(query: CandleQuery): void {
  checkObject(query, 'query');
  const limit: unknown = query.limit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw invalid('limit', 'INTEGER', `must be a positive integer, got ${String(limit)}`);
  }
  checkTimeRange(query);
}

/** Checks a candle history range: a start (required) and an optional end, integer epoch ms. */
export function checkHistoryRange(range: { startTime: number; endTime?: number }): void {
  checkObject(range, 'range');
  if (range.startTime === undefined) throw invalid('startTime', 'INTEGER', 'is required (epoch ms)');
  checkTimeRange(range);
}

/** The history endpoints whose time range Binance bounds. */
type WindowedEndpoint = keyof typeof TIME_WINDOW_LIMITS_MS & keyof typeof PAGE_LIMITS;

/**
 * Checks a history query as Binance documents the endpoint: `limit` from 1 to its maximum, integer
 * times, and `endTime` not before `startTime` nor further after it than the endpoint's window.
 */
function checkWindowedQuery(query: { startTime?: number; endTime?: number; limit?: number }, endpoint: WindowedEndpoint): void {
  checkObject(query, 'query');
  const name = endpoint.slice(endpoint.lastIndexOf('/') + 1);
  const max = PAGE_LIMITS[endpoint].max;
  const limit: unknown = query.limit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max)) {
    throw invalid('limit', 'RANGE', `must be an integer from 1 to ${max}, got ${String(limit)}`);
  }
  checkTimeRange(query);
  if (query.startTime !== undefined && query.endTime !== undefined && query.endTime - query.startTime > TIME_WINDOW_LIMITS_MS[endpoint]) {
    throw invalid('endTime', 'WINDOW', `must be at most ${TIME_WINDOW_LIMITS_MS[endpoint] / 3_600_000} hours after startTime (Binance's rule for ${name})`);
  }
}

/** Checks an `allOrders` query: `limit` from 1 to 1000, integer times, at most 24 hours apart. */
export function checkOrderQuery(query: { startTime?: number; endTime?: number; limit?: number }): void {
  checkWindowedQuery(query, 'GET /api/v3/allOrders');
}

/**
 * Checks a `myTrades` query: as `allOrders`, plus a `fromId` that is a non-negative integer, an
 * `orderId` as Binance assigned it, and only the combinations Binance supports (neither `fromId`
 * nor `orderId` with a time range).
 */
export function checkTradeQuery(query: AccountTradeQuery): void {
  checkWindowedQuery(query, 'GET /api/v3/myTrades');
  const fromId: unknown = query.fromId;
  if (fromId !== undefined && (typeof fromId !== 'number' || !Number.isInteger(fromId) || fromId < 0)) {
    throw invalid('fromId', 'INTEGER', `must be a non-negative integer trade id, got ${String(fromId)}`);
  }
  if (query.orderId !== undefined) checkOrderId(query.orderId);
  if (query.startTime !== undefined || query.endTime !== undefined) {
    for (const field of ['fromId', 'orderId'] as const) {
      if (query[field] !== undefined) {
        throw invalid(field, 'COMBINATION', 'cannot be combined with startTime or endTime (the combinations Binance supports for myTrades)');
      }
    }
  }
}

/**
 * Checks an `allOrderList` query: as `allOrders` (limit 1 to 1000, times at most 24 hours apart),
 * plus a `fromId` as Binance assigns list ids, never with a time range.
 */
export function checkOrderListQuery(query: OrderListQuery): void {
  checkWindowedQuery(query, 'GET /api/v3/allOrderList');
  if (query.fromId !== undefined) {
    checkOrderId(query.fromId, 'fromId');
    if (query.startTime !== undefined || query.endTime !== undefined) {
      throw invalid('fromId', 'COMBINATION', 'cannot be combined with startTime or endTime (Binance\'s rule for allOrderList)');
    }
  }
}
