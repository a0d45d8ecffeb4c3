import { parseDecimal, type Decimal } from '../core/decimal.js';
import { MalformedResponseError } from '../core/errors.js';
import type { Order, OrderSide, PriceLevel, TimeInForce } from '../core/models.js';

/**
 * Typed field readers shared by the REST and stream parsers: a payload or field that is missing
 * or of the wrong type (a `null`, array or string body where an object belongs, included) fails
 * with a MalformedResponseError naming the payload (`what`, such as `order` or `kline event`) and
 * the field, instead of a TypeError, or NaN or undefined deep inside a model.
 */

/** Longest excerpt of a bad value quoted in a message: a hostile body must not become a huge message. */
const MAX_QUOTED = 120;

/** The error for a field that is missing or of the wrong type. */
export function malformed(what: string, field: string, value: unknown): MalformedResponseError {
  return new MalformedResponseError(`Malformed Binance ${what}: field ${field} is ${quote(value)}`, { exchange: 'binance' });
}

function quote(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = typeof value;
  }
  if (text === undefined) return 'undefined';
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/** A JSON object (not null, not an array), whose fields are then read one by one. */
export function record(value: unknown, what: string, field = 'body'): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(what, field, value);
  return value as Readonly<Record<string, unknown>>;
}

/** A JSON array. */
export function list(value: unknown, what: string, field = 'body'): readonly unknown[] {
  if (!Array.isArray(value)) throw malformed(what, field, value);
  return value;
}

/** A decimal string field. */
export function dec(value: unknown, what: string, field: string): Decimal {
  if (typeof value !== 'string') throw malformed(what, field, value);
  try {
    return parseDecimal(value);
  } catch (cause) {
    throw new MalformedResponseError(`Malformed Binance ${what}: field ${field} is not a decimal: ${quote(value)}`, { exchange: 'binance', cause });
  }
}

/** A finite number field (ids, times, counts). */
export function int(value: unknown, what: string, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(what, field, value);
  return value;
}

/**
 * The conditional order fields Binance adds when they apply, read from the keys `keys` names
 * (REST and WebSocket API answers use long names, `executionReport` single letters). A stop price
 * of 0, an order list id of -1 and a trailing time of -1 (a trailing stop that has not started to
 * trail) are how Binance writes "none".
 */
/**
 * Where a payload keeps each conditional field; a key left out is not read (an executionReport of
 * a LIMIT order has no trigger to read, one that did not expire no expiry reason).
 */
export interface OrderConditionKeys {
  stopPrice?: string | undefined;
  trailingDelta?: string | undefined;
  trailingTime?: string | undefined;
  isWorking?: string | undefined;
  workingTime: string;
  orderListId: string;
  expiryReason?: string | undefined;
}

export function orderConditions(
  wire: Readonly<Record<string, unknown>>, what: string,
  keys: OrderConditionKeys,
): Pick<Order, 'stopPrice' | 'trailingDelta' | 'trailingTime' | 'isWorking' | 'workingTime' | 'orderListId' | 'expiryReason'> {
  const stopPriceText = keys.stopPrice === undefined ? undefined : wire[keys.stopPrice];
  // "0.00000000", what Binance sends for an order without a stop price, is none, and quick to tell.
  const stopPrice = stopPriceText === undefined || isZeroText(stopPriceText) ? undefined : dec(stopPriceText, what, keys.stopPrice!);
  const orderListId = optionalInt(wire, keys.orderListId, what);
  const trailingTime = optionalInt(wire, keys.trailingTime, what);
  let workingTime = optionalInt(wire, keys.workingTime, what);
  let isWorking: unknown;
  if (keys.isWorking === undefined) {
    // executionReport carries `W` only once the order is on the book (its `w` says whether it is on
    // the book now, false once filled): no `W` means it has not started working.
    isWorking = workingTime !== undefined;
    workingTime ??= -1;
  } else {
    isWorking = wire[keys.isWorking];
    if (isWorking !== undefined && typeof isWorking !== 'boolean') throw malformed(what, keys.isWorking, isWorking);
    // Placement answers give `workingTime` without `isWorking`: -1 is an order not yet working.
    if (isWorking === undefined && workingTime !== undefined) isWorking = workingTime >= 0;
  }
  return {
    stopPrice: stopPrice === undefined || stopPrice.eq(0) ? undefined : stopPrice,
    trailingDelta: optionalInt(wire, keys.trailingDelta, what),
    trailingTime: trailingTime === -1 ? undefined : trailingTime,
    isWorking: isWorking as boolean | undefined,
    workingTime,
    orderListId: orderListId === undefined || orderListId === -1 ? undefined : String(orderListId),
    expiryReason: keys.expiryReason === undefined || wire[keys.expiryReason] === undefined ? undefined : text(wire[keys.expiryReason], what, keys.expiryReason),
  };
}

function optionalInt(wire: Readonly<Record<string, unknown>>, key: string | undefined, what: string): number | undefined {
  if (key === undefined) return undefined;
  const value = wire[key];
  return value === undefined ? undefined : int(value, what, key);
}

/** True for a decimal string of zeros only ("0", "0.00000000"); read by hand, as it runs for every order decoded. */
function isZeroText(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value[0] !== '0') return false;
  for (let i = 1; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c !== 48 && !(c === 46 && i > 0 && i < value.length - 1)) return false;
  }
  return true;
}

/**
 * An optional decimal field: absent, or zeros only ("0.00000000", how Binance writes "none" for an
 * iceberg quantity), is undefined.
 */
export function optionalDec(value: unknown, what: string, field: string): Decimal | undefined {
  return value === undefined || isZeroText(value) ? undefined : dec(value, what, field);
}

/** An optional string field. */
export function optionalText(value: unknown, what: string, field: string): string | undefined {
  return value === undefined ? undefined : text(value, what, field);
}

/** An optional number field. */
export function optionalNumber(value: unknown, what: string, field: string): number | undefined {
  return value === undefined ? undefined : int(value, what, field);
}

/** A string field. */
export function text(value: unknown, what: string, field: string): string {
  if (typeof value !== 'string') throw malformed(what, field, value);
  return value;
}

/** An order side field; anything but BUY or SELL is malformed. */
export function side(value: unknown, what: string, field: string): OrderSide {
  const s = text(value, what, field);
  if (s !== 'BUY' && s !== 'SELL') throw malformed(what, field, s);
  return s;
}

const TIME_IN_FORCE: ReadonlySet<string> = new Set(['GTC', 'IOC', 'FOK']);

/** A time-in-force field; a value we do not place (or none, for MARKET) reads as null. */
export function timeInForce(value: unknown, what: string, field: string): TimeInForce | null {
  const tif = text(value, what, field);
  return TIME_IN_FORCE.has(tif) ? (tif as TimeInForce) : null;
}

/**
 * Depth levels `[[price, qty], ...]`. A level's field name (`bids[3][0]`) is built only when its
 * value is malformed, not for each of a book's thousands of decimals.
 */
export function levels(wire: unknown, what: string, sideName: string): PriceLevel[] {
  if (!Array.isArray(wire)) throw malformed(what, sideName, wire);
  const out = new Array<PriceLevel>(wire.length);
  for (let i = 0; i < wire.length; i++) {
    const level: unknown = wire[i];
    if (!Array.isArray(level)) throw malformed(what, `${sideName}[${i}]`, level);
    out[i] = { price: levelDecimal(level[0], what, sideName, i, 0), quantity: levelDecimal(level[1], what, sideName, i, 1) };
  }
  return out;
}

function levelDecimal(value: unknown, what: string, sideName: string, index: number, part: 0 | 1): Decimal {
  if (typeof value === 'string') {
    try {
      return parseDecimal(value);
    } catch {
      // Reported below with the field's full name.
    }
  }
  return dec(value, what, `${sideName}[${index}][${part}]`);
}
