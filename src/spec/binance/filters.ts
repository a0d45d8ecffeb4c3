/**
 * Binance's exchange filters as `filters.md` defines them: each filter's name and the limit fields
 * its exchangeInfo entry carries (checked against that document by `test/spec/binance-docs.test.ts`).
 * A limit of 0 turns its rule off. The checks themselves are each side's own: the connector's
 * pre-flight checks in `binance/filters.ts`, the simulator's enforcement in `simulator/filters.ts`.
 */

/** Symbol filters (`symbols[].filters`), each with its limit fields. */
export const SYMBOL_FILTER_FIELDS = {
  PRICE_FILTER: ['minPrice', 'maxPrice', 'tickSize'],
  PERCENT_PRICE: ['multiplierUp', 'multiplierDown', 'avgPriceMins'],
  PERCENT_PRICE_BY_SIDE: ['bidMultiplierUp', 'bidMultiplierDown', 'askMultiplierUp', 'askMultiplierDown', 'avgPriceMins'],
  LOT_SIZE: ['minQty', 'maxQty', 'stepSize'],
  MIN_NOTIONAL: ['minNotional', 'applyToMarket', 'avgPriceMins'],
  NOTIONAL: ['minNotional', 'applyMinToMarket', 'maxNotional', 'applyMaxToMarket', 'avgPriceMins'],
  ICEBERG_PARTS: ['limit'],
  MARKET_LOT_SIZE: ['minQty', 'maxQty', 'stepSize'],
  MAX_NUM_ORDERS: ['maxNumOrders'],
  MAX_NUM_ALGO_ORDERS: ['maxNumAlgoOrders'],
  MAX_NUM_ICEBERG_ORDERS: ['maxNumIcebergOrders'],
  MAX_POSITION: ['maxPosition'],
  TRAILING_DELTA: ['minTrailingAboveDelta', 'maxTrailingAboveDelta', 'minTrailingBelowDelta', 'maxTrailingBelowDelta'],
  MAX_NUM_ORDER_AMENDS: ['maxNumOrderAmends'],
  MAX_NUM_ORDER_LISTS: ['maxNumOrderLists'],
} as const;

/** A symbol filter's name (`filterType`). */
export type SymbolFilterType = keyof typeof SYMBOL_FILTER_FIELDS;

/** Exchange filters (`exchangeFilters`), each with its limit fields. */
export const EXCHANGE_FILTER_FIELDS = {
  EXCHANGE_MAX_NUM_ORDERS: ['maxNumOrders'],
  EXCHANGE_MAX_NUM_ALGO_ORDERS: ['maxNumAlgoOrders'],
  EXCHANGE_MAX_NUM_ICEBERG_ORDERS: ['maxNumIcebergOrders'],
  EXCHANGE_MAX_NUM_ORDER_LISTS: ['maxNumOrderLists'],
} as const;

/** An exchange filter's name (`filterType`). */
export type ExchangeFilterType = keyof typeof EXCHANGE_FILTER_FIELDS;

/** Asset filters, each with its limit fields. */
export const ASSET_FILTER_FIELDS = {
  MAX_ASSET: ['asset', 'limit'],
} as const;
