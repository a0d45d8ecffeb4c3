import { Decimal, ZERO, parsePlainRange, toPlainString } from '../core/decimal.js';
import { MalformedResponseError } from '../core/errors.js';
import type { SymbolFilterType } from '../spec/binance/filters.js';
import { isStopOrderType, triggersAbove } from '../spec/binance/stop-orders.js';

/**
 * The connector's pre-flight filter checks: an order that breaks a symbol's filters is refused
 * before it is sent, with the field and the rule named. The simulator enforces the same filters
 * with its own checks (`simulator/filters.ts`), so a mistake here cannot hide one there; what the
 * filters are is Binance's spec (`spec/binance/filters.ts`). A zero limit disables that rule, as on Binance.
 */

/** PRICE_FILTER. */
export interface PriceFilter { minPrice: Decimal; maxPrice: Decimal; tickSize: Decimal }
/** LOT_SIZE and MARKET_LOT_SIZE. */
export interface LotSizeFilter { minQty: Decimal; maxQty: Decimal; stepSize: Decimal }
/** MIN_NOTIONAL (legacy). */
export interface MinNotionalFilter { minNotional: Decimal; applyToMarket: boolean; avgPriceMins: number }
/** NOTIONAL. */
export interface NotionalFilter {
  minNotional: Decimal;
  applyMinToMarket: boolean;
  maxNotional: Decimal;
  applyMaxToMarket: boolean;
  avgPriceMins: number;
}

/** TRAILING_DELTA: the bounds of `trailingDelta`, in basis points. */
export interface TrailingDeltaFilter {
  minTrailingAboveDelta: number;
  maxTrailingAboveDelta: number;
  minTrailingBelowDelta: number;
  maxTrailingBelowDelta: number;
}

/** The filters of one symbol that constrain a single order. */
export interface SymbolFilters {
  price?: PriceFilter;
  lotSize?: LotSizeFilter;
  marketLotSize?: LotSizeFilter;
  minNotional?: MinNotionalFilter;
  notional?: NotionalFilter;
  trailingDelta?: TrailingDeltaFilter;
  /** ICEBERG_PARTS: the most parts (`CEIL(qty / icebergQty)`) an iceberg order may have. */
  icebergParts?: number;
}

/** What the checks need to know about a symbol. */
export interface SymbolRules {
  symbol: string;
  /** Decimals allowed in a base quantity. */
  baseAssetPrecision: number;
  /** Decimals allowed in a price or quote quantity. */
  quoteAssetPrecision: number;
  filters: SymbolFilters;
}

/** The parts of an order the filters look at. */
export interface FilterOrder {
  type: string;
  /** Needed for the TRAILING_DELTA bounds, which depend on side and type. */
  side?: 'BUY' | 'SELL' | undefined;
  price?: Decimal | undefined;
  /** The trigger price of a stop or take-profit order: PRICE_FILTER applies to it as to `price`. */
  stopPrice?: Decimal | undefined;
  /** The trailing delta of a trailing stop, in basis points. */
  trailingDelta?: number | undefined;
  quantity?: Decimal | undefined;
  quoteQuantity?: Decimal | undefined;
  /** Price used for MARKET notional checks (last or average price); the notional check is skipped when unknown. */
  referencePrice?: Decimal | undefined;
}

/** The order field a rule constrains. */
export type FilterField = 'price' | 'stopPrice' | 'trailingDelta' | 'quantity' | 'quoteQuantity' | 'notional';

/** One broken rule. `filter` is Binance's filter name, or `PRECISION` for too many decimals. */
export interface FilterViolation {
  filter: 'PRECISION' | Extract<SymbolFilterType, 'PRICE_FILTER' | 'LOT_SIZE' | 'MARKET_LOT_SIZE' | 'MIN_NOTIONAL' | 'NOTIONAL' | 'TRAILING_DELTA'>;
  field: FilterField;
  /** Human-readable rule, naming the value and the limit. */
  message: string;
}

/** Number of decimals in a decimal's plain form (`0.0100` → 2). */
export function decimalPlaces(value: Decimal): number {
  const text = toPlainString(value);
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/** True when `value` is a whole multiple of `step` (a zero step allows anything). */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  return step.eq(ZERO) || value.mod(step).eq(ZERO);
}

/** `value` rounded DOWN (towards zero) to a multiple of `step`; used for quantities, so an order never exceeds what was asked. */
export function roundDownToStep(value: Decimal, step: Decimal): Decimal {
  if (step.eq(ZERO)) return value;
  return value.div(step).round(0, Decimal.roundDown).times(step);
}

/** `value` rounded to the nearest multiple of `tick` (halves up); used for prices. */
export function roundToTick(value: Decimal, tick: Decimal): Decimal {
  if (tick.eq(ZERO)) return value;
  return value.div(tick).round(0, Decimal.roundHalfUp).times(tick);
}

function plain(value: Decimal): string {
  return toPlainString(value);
}

function checkPrecision(field: FilterField, value: Decimal | undefined, places: number): FilterViolation | undefined {
  if (value === undefined || decimalPlaces(value) <= places) return undefined;
  return { filter: 'PRECISION', field, message: `${field} ${plain(value)} has more than ${places} decimals` };
}

/** PRICE_FILTER, which filters.md applies to `price` and `stopPrice` alike. */
function checkPriceFilter(field: 'price' | 'stopPrice', price: Decimal, f: PriceFilter): FilterViolation | undefined {
  const fail = (rule: string): FilterViolation => ({ filter: 'PRICE_FILTER', field, message: `${field} ${plain(price)} ${rule} (PRICE_FILTER)` });
  if (f.minPrice.gt(ZERO) && price.lt(f.minPrice)) return fail(`is below the minimum price ${plain(f.minPrice)}`);
  if (f.maxPrice.gt(ZERO) && price.gt(f.maxPrice)) return fail(`is above the maximum price ${plain(f.maxPrice)}`);
  if (!isMultipleOf(price, f.tickSize)) return fail(`is not a multiple of the tick size ${plain(f.tickSize)}`);
  return undefined;
}

function checkLotSize(quantity: Decimal, f: LotSizeFilter, filter: 'LOT_SIZE' | 'MARKET_LOT_SIZE'): FilterViolation | undefined {
  const fail = (rule: string): FilterViolation => ({ filter, field: 'quantity', message: `quantity ${plain(quantity)} ${rule} (${filter})` });
  if (f.minQty.gt(ZERO) && quantity.lt(f.minQty)) return fail(`is below the minimum quantity ${plain(f.minQty)}`);
  if (f.maxQty.gt(ZERO) && quantity.gt(f.maxQty)) return fail(`is above the maximum quantity ${plain(f.maxQty)}`);
  if (!isMultipleOf(quantity, f.stepSize)) return fail(`is not a multiple of the step size ${plain(f.stepSize)}`);
  return undefined;
}

/**
 * TRAILING_DELTA: the Above bounds for STOP_LOSS BUY and TAKE_PROFIT SELL (and their LIMIT
 * versions), the Below bounds for STOP_LOSS SELL and TAKE_PROFIT BUY. A zero maximum sets no upper
 * bound, as a zero limit does in the other filters.
 */
function checkTrailingDelta(order: FilterOrder, f: TrailingDeltaFilter): FilterViolation | undefined {
  const delta = order.trailingDelta;
  if (delta === undefined || order.side === undefined || !isStopOrderType(order.type)) return undefined;
  const above = triggersAbove(order.type, order.side);
  const [min, max, names] = above
    ? [f.minTrailingAboveDelta, f.maxTrailingAboveDelta, ['minTrailingAboveDelta', 'maxTrailingAboveDelta']]
    : [f.minTrailingBelowDelta, f.maxTrailingBelowDelta, ['minTrailingBelowDelta', 'maxTrailingBelowDelta']];
  const fail = (rule: string): FilterViolation =>
    ({ filter: 'TRAILING_DELTA', field: 'trailingDelta', message: `trailingDelta ${delta} ${rule} for a ${order.type} ${order.side} order (TRAILING_DELTA)` });
  if (delta < min) return fail(`is below ${names[0]} ${min}`);
  if (max > 0 && delta > max) return fail(`is above ${names[1]} ${max}`);
  return undefined;
}

/**
 * The order's notional (price × quantity, or the quote quantity); undefined when it has no price of
 * its own. Only a MARKET order is valued at the reference price: a stop or take-profit order
 * executes later, at a price the last one does not tell, so it is left to the exchange.
 */
function notionalOf(order: FilterOrder): Decimal | undefined {
  if (order.quoteQuantity !== undefined) return order.quoteQuantity;
  const price = order.type === 'MARKET' ? order.referencePrice : order.price;
  return price === undefined || order.quantity === undefined ? undefined : price.times(order.quantity);
}

function checkNotional(order: FilterOrder, filters: SymbolFilters): FilterViolation | undefined {
  const notional = notionalOf(order);
  if (notional === undefined) return undefined;
  const market = order.type === 'MARKET';
  const fail = (filter: 'MIN_NOTIONAL' | 'NOTIONAL', rule: string): FilterViolation =>
    ({ filter, field: 'notional', message: `notional ${plain(notional)} (price × quantity) ${rule} (${filter})` });
  const min = filters.minNotional;
  if (min !== undefined && (!market || min.applyToMarket) && notional.lt(min.minNotional)) {
    return fail('MIN_NOTIONAL', `is below the minimum notional ${plain(min.minNotional)}`);
  }
  const n = filters.notional;
  if (n !== undefined) {
    if ((!market || n.applyMinToMarket) && n.minNotional.gt(ZERO) && notional.lt(n.minNotional)) {
      return fail('NOTIONAL', `is below the minimum notional ${plain(n.minNotional)}`);
    }
    if ((!market || n.applyMaxToMarket) && n.maxNotional.gt(ZERO) && notional.gt(n.maxNotional)) {
      return fail('NOTIONAL', `is above the maximum notional ${plain(n.maxNotional)}`);
    }
  }
  return undefined;
}

/**
 * The first rule the order breaks, in Binance's order: precision, PRICE_FILTER (price, then stop
 * price), LOT_SIZE or MARKET_LOT_SIZE, TRAILING_DELTA, then MIN_NOTIONAL and NOTIONAL. Undefined
 * when the order passes. Only rules of the symbol's own data are checked: nothing here compares
 * a price with the market, which moves.
 */
export function checkOrderFilters(rules: SymbolRules, order: FilterOrder): FilterViolation | undefined {
  const precision = checkPrecision('quantity', order.quantity, rules.baseAssetPrecision)
    ?? checkPrecision('price', order.price, rules.quoteAssetPrecision)
    ?? checkPrecision('stopPrice', order.stopPrice, rules.quoteAssetPrecision)
    ?? checkPrecision('quoteQuantity', order.quoteQuantity, rules.quoteAssetPrecision);
  if (precision !== undefined) return precision;
  const { filters } = rules;
  if (filters.price !== undefined) {
    const violation = (order.price === undefined ? undefined : checkPriceFilter('price', order.price, filters.price))
      ?? (order.stopPrice === undefined ? undefined : checkPriceFilter('stopPrice', order.stopPrice, filters.price));
    if (violation !== undefined) return violation;
  }
  if (order.quantity !== undefined) {
    if (filters.lotSize !== undefined && order.type !== 'MARKET') {
      const violation = checkLotSize(order.quantity, filters.lotSize, 'LOT_SIZE');
      if (violation !== undefined) return violation;
    }
    if (order.type === 'MARKET') {
      // MARKET orders answer to MARKET_LOT_SIZE and, like on Binance, also to LOT_SIZE.
      const violation = (filters.marketLotSize === undefined ? undefined : checkLotSize(order.quantity, filters.marketLotSize, 'MARKET_LOT_SIZE'))
        ?? (filters.lotSize === undefined ? undefined : checkLotSize(order.quantity, filters.lotSize, 'LOT_SIZE'));
      if (violation !== undefined) return violation;
    }
  }
  if (filters.trailingDelta !== undefined) {
    const violation = checkTrailingDelta(order, filters.trailingDelta);
    if (violation !== undefined) return violation;
  }
  return checkNotional(order, filters);
}

/**
 * The order with its price and stop price rounded to the tick size and its quantity rounded down
 * to the step size (MARKET_LOT_SIZE for MARKET orders when it has a step, else LOT_SIZE).
 */
export function roundOrderToFilters<T extends FilterOrder>(rules: SymbolRules, order: T): T {
  const { filters } = rules;
  const tick = (value: Decimal | undefined): Decimal | undefined =>
    (value !== undefined && filters.price !== undefined ? roundToTick(value, filters.price.tickSize) : value);
  const price = tick(order.price);
  const stopPrice = tick(order.stopPrice);
  const marketStep = order.type === 'MARKET' && filters.marketLotSize !== undefined && filters.marketLotSize.stepSize.gt(ZERO)
    ? filters.marketLotSize.stepSize
    : undefined;
  const step = marketStep ?? filters.lotSize?.stepSize;
  const quantity = order.quantity !== undefined && step !== undefined ? roundDownToStep(order.quantity, step) : order.quantity;
  const quoteQuantity = order.quoteQuantity === undefined
    ? undefined
    : order.quoteQuantity.round(rules.quoteAssetPrecision, Decimal.roundDown);
  return {
    ...order,
    ...(price === undefined ? {} : { price }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    ...(quantity === undefined ? {} : { quantity }),
    ...(quoteQuantity === undefined ? {} : { quoteQuantity }),
  };
}

/** A filter object as exchangeInfo sends it. */
export interface WireFilter {
  filterType: string;
  [field: string]: unknown;
}

/**
 * A filter's limit: absent means 0 (the rule is off, as on Binance); anything but a non-negative
 * decimal string is an exchangeInfo that cannot be trusted, so it fails rather than turn a rule off.
 */
function dec(filter: WireFilter, name: string): Decimal {
  const value = filter[name];
  if (value === undefined) return ZERO;
  const parsed = typeof value === 'string' ? parsePlainRange(value, 0, value.length) : undefined;
  if (parsed === undefined || parsed.lt(ZERO)) {
    throw new MalformedResponseError(`${filter.filterType}.${name} is ${JSON.stringify(value)}`);
  }
  return parsed;
}


function flag(filter: WireFilter, name: string, fallback: boolean): boolean {
  const value = filter[name];
  return typeof value === 'boolean' ? value : fallback;
}

function int(filter: WireFilter, name: string): number {
  const value = filter[name];
  return typeof value === 'number' ? value : 0;
}

/** A bound in basis points: absent means 0; anything but a non-negative integer cannot be trusted, as for `dec`. */
function bips(filter: WireFilter, name: string): number {
  const value = filter[name];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MalformedResponseError(`${filter.filterType}.${name} is ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads the order filters from an exchangeInfo symbol's `filters` array; unknown filter types are ignored. */
export function parseSymbolFilters(wire: readonly WireFilter[]): SymbolFilters {
  const filters: SymbolFilters = {};
  for (const f of wire) {
    switch (f.filterType) {
      case 'PRICE_FILTER':
        filters.price = { minPrice: dec(f, 'minPrice'), maxPrice: dec(f, 'maxPrice'), tickSize: dec(f, 'tickSize') };
        break;
      case 'LOT_SIZE':
        filters.lotSize = { minQty: dec(f, 'minQty'), maxQty: dec(f, 'maxQty'), stepSize: dec(f, 'stepSize') };
        break;
      case 'MARKET_LOT_SIZE':
        filters.marketLotSize = { minQty: dec(f, 'minQty'), maxQty: dec(f, 'maxQty'), stepSize: dec(f, 'stepSize') };
        break;
      case 'MIN_NOTIONAL':
        filters.minNotional = { minNotional: dec(f, 'minNotional'), applyToMarket: flag(f, 'applyToMarket', true), avgPriceMins: int(f, 'avgPriceMins') };
        break;
      case 'NOTIONAL':
        filters.notional = {
          minNotional: dec(f, 'minNotional'),
          applyMinToMarket: flag(f, 'applyMinToMarket', true),
          maxNotional: dec(f, 'maxNotional'),
          applyMaxToMarket: flag(f, 'applyMaxToMarket', false),
          avgPriceMins: int(f, 'avgPriceMins'),
        };
        break;
      case 'TRAILING_DELTA':
        filters.trailingDelta = {
          minTrailingAboveDelta: bips(f, 'minTrailingAboveDelta'),
          maxTrailingAboveDelta: bips(f, 'maxTrailingAboveDelta'),
          minTrailingBelowDelta: bips(f, 'minTrailingBelowDelta'),
          maxTrailingBelowDelta: bips(f, 'maxTrailingBelowDelta'),
        };
        break;
      case 'ICEBERG_PARTS':
        filters.icebergParts = bips(f, 'limit');
        break;
      default:
        break;
    }
  }
  return filters;
}
