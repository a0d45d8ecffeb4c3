import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { Decimal } from '../../core/decimal.js';
import { quoteOf, stepsToDecimal } from './amounts.js';
import { executesAs, isStopType, type NewOrder } from './order-types.js';
import { triggerCondition } from './stop-orders.js';
import { MAX_NUM_ORDER_AMENDS } from './order-amend.js';
import { ICEBERG_PARTS_LIMIT } from './order-options.js';
import { badRequest } from '../sim-error.js';
import { ASSET_PRECISION, type SymbolSpec } from '../market/symbols.js';

/**
 * The symbol filters: their exchangeInfo entries and their checks on a new order, in the order
 * exchangeInfo lists them; a failure is -1013 "Filter failure: <NAME>".
 */

/** Multipliers of PERCENT_PRICE_BY_SIDE around the 5-minute average price. */
export const PERCENT_PRICE = { bidUp: '5', bidDown: '0.2', askUp: '5', askDown: '0.2', avgPriceMins: 5 } as const;

/** TRAILING_DELTA bounds in basis points: filters.md's example values. */
export const TRAILING_DELTA = { minAbove: 10, maxAbove: 2000, minBelow: 10, maxBelow: 2000 } as const;

/** Open stop and take-profit orders an account may have on a symbol (MAX_NUM_ALGO_ORDERS). */
export const MAX_NUM_ALGO_ORDERS = 5;

/** One exchangeInfo filter object. */
export type FilterJson = Record<string, string | number | boolean>;

function fixed(value: string): string {
  return new Decimal(value).toFixed(ASSET_PRECISION);
}

/** The `filters` array of a symbol's exchangeInfo entry. */
export function symbolFilters(spec: SymbolSpec): FilterJson[] {
  const tick = new Decimal(10).pow(-spec.tickDecimals).toFixed(ASSET_PRECISION);
  const step = new Decimal(10).pow(-spec.stepDecimals).toFixed(ASSET_PRECISION);
  return [
    { filterType: 'PRICE_FILTER', minPrice: fixed(spec.minPrice), maxPrice: fixed(spec.maxPrice), tickSize: tick },
    { filterType: 'LOT_SIZE', minQty: fixed(spec.minQty), maxQty: fixed(spec.maxQty), stepSize: step },
    { filterType: 'ICEBERG_PARTS', limit: ICEBERG_PARTS_LIMIT },
    { filterType: 'MARKET_LOT_SIZE', minQty: fixed('0'), maxQty: fixed(spec.marketMaxQty), stepSize: fixed('0') },
    {
      filterType: 'TRAILING_DELTA', minTrailingAboveDelta: TRAILING_DELTA.minAbove, maxTrailingAboveDelta: TRAILING_DELTA.maxAbove,
      minTrailingBelowDelta: TRAILING_DELTA.minBelow, maxTrailingBelowDelta: TRAILING_DELTA.maxBelow,
    },
    {
      filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: PERCENT_PRICE.bidUp, bidMultiplierDown: PERCENT_PRICE.bidDown,
      askMultiplierUp: PERCENT_PRICE.askUp, askMultiplierDown: PERCENT_PRICE.askDown, avgPriceMins: PERCENT_PRICE.avgPriceMins,
    },
    {
      filterType: 'NOTIONAL', minNotional: fixed(spec.minNotional), applyMinToMarket: true,
      maxNotional: fixed(spec.maxNotional), applyMaxToMarket: false, avgPriceMins: 5,
    },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: spec.maxNumOrders },
    { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: MAX_NUM_ALGO_ORDERS },
    { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: MAX_NUM_ORDER_AMENDS },
  ];
}

function fail(filter: string): never {
  throw badRequest(BinanceErrorCode.INVALID_MESSAGE, BinanceMessage.filterFailure(filter));
}

/** What the filters need besides the order: the average price and the open-order counts. */
export interface FilterContext {
  /** The 5-minute average price of the symbol. */
  readonly averagePrice: Decimal;
  /** Open orders of the account on the symbol. */
  readonly openOrders: number;
  /** Open stop and take-profit orders of the account on the symbol. */
  readonly openAlgoOrders: number;
}

/**
 * Checks a new order against the symbol's filters. Prices and quantities arrive as decimals with
 * their grid positions (undefined when off the grid), so off-grid values fail the right filter.
 */
export function checkFilters(
  spec: SymbolSpec,
  order: Pick<NewOrder, 'side' | 'type' | 'quoteOrderQty' | 'trailingDelta'> & {
    price?: Decimal | undefined; quantity?: Decimal | undefined; stopPrice?: Decimal | undefined;
  },
  grid: { priceTicks?: number | undefined; quantitySteps?: number | undefined; stopPriceTicks?: number | undefined },
  context: FilterContext,
): void {
  const { price, quantity, stopPrice, trailingDelta } = order;
  const market = executesAs(order.type) === 'MARKET';
  const offPriceGrid = (value: Decimal | undefined, ticks: number | undefined): boolean =>
    value !== undefined && (ticks === undefined || value.lt(spec.minPrice) || value.gt(spec.maxPrice));
  // filters.md: PRICE_FILTER binds `price` and `stopPrice` alike.
  if (offPriceGrid(price, grid.priceTicks) || offPriceGrid(stopPrice, grid.stopPriceTicks)) fail('PRICE_FILTER');
  if (quantity !== undefined) {
    if (grid.quantitySteps === undefined || quantity.lt(spec.minQty) || quantity.gt(spec.maxQty)) fail('LOT_SIZE');
    if (market && quantity.gt(spec.marketMaxQty)) fail('MARKET_LOT_SIZE');
  }
  if (trailingDelta !== undefined) {
    const [min, max] = triggerCondition(order).stopAbove
      ? [TRAILING_DELTA.minAbove, TRAILING_DELTA.maxAbove]
      : [TRAILING_DELTA.minBelow, TRAILING_DELTA.maxBelow];
    if (trailingDelta < min || trailingDelta > max) fail('TRAILING_DELTA');
  }
  if (price !== undefined) {
    const [up, down] = order.side === 'BUY'
      ? [PERCENT_PRICE.bidUp, PERCENT_PRICE.bidDown]
      : [PERCENT_PRICE.askUp, PERCENT_PRICE.askDown];
    if (price.gt(context.averagePrice.times(up)) || price.lt(context.averagePrice.times(down))) fail('PERCENT_PRICE_BY_SIDE');
  }
  let notional: Decimal | undefined;
  if (order.quoteOrderQty !== undefined) notional = order.quoteOrderQty;
  else if (quantity !== undefined && grid.quantitySteps !== undefined) {
    notional = price !== undefined && grid.priceTicks !== undefined
      ? quoteOf(spec, grid.priceTicks, grid.quantitySteps)
      : stepsToDecimal(spec, grid.quantitySteps).times(context.averagePrice);
  }
  if (notional !== undefined) {
    if (notional.lt(spec.minNotional)) fail('NOTIONAL');
    // applyMaxToMarket is false, so the maximum binds only priced orders.
    if (!market && notional.gt(spec.maxNotional)) fail('NOTIONAL');
  }
  if (context.openOrders >= spec.maxNumOrders) fail('MAX_NUM_ORDERS');
  if (isStopType(order.type) && context.openAlgoOrders >= MAX_NUM_ALGO_ORDERS) fail('MAX_NUM_ALGO_ORDERS');
}
