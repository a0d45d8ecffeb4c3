/**
 * Binance's rules for the order options beyond price and quantity: iceberg orders, pegged orders,
 * self-trade prevention and strategy labels, as `rest-api.md` ("New order", "Notes on using
 * parameters for Pegged Orders", "Other info"), `faqs/pegged_orders.md`, `faqs/stp_faq.md` and
 * `errors.md` state them (checked against excerpts of those documents by
 * `test/binance/order-options-spec.test.ts`). The connector and the simulator both read them.
 */

/** `pegPriceType` values: the best price on the order's own side, or on the other side. */
export const PEG_PRICE_TYPES = ['PRIMARY_PEG', 'MARKET_PEG'] as const;
/** A `pegPriceType` value. */
export type PegPriceType = (typeof PEG_PRICE_TYPES)[number];

/** `pegOffsetType` values ("Only `PRICE_LEVEL` is supported"). */
export const PEG_OFFSET_TYPES = ['PRICE_LEVEL'] as const;
/** A `pegOffsetType` value. */
export type PegOffsetType = (typeof PEG_OFFSET_TYPES)[number];

/** The largest `pegOffsetValue`: a price level at most this deep. */
export const MAX_PEG_OFFSET_VALUE = 100;

/** The smallest `strategyType` Binance accepts (-1134 BAD_STRATEGY_TYPE below it). */
export const MIN_STRATEGY_TYPE = 1_000_000;

/** Order types that take `icebergQty` ("Any `LIMIT` or `LIMIT_MAKER` type order", and the stop-limit types). */
export const ICEBERG_ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'] as const;

/** Order types that take the peg parameters (MARKET, STOP_LOSS and TAKE_PROFIT cannot be pegged). */
export const PEGGABLE_ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'] as const;

/**
 * Options an order list takes once, for all its orders, and none of its orders takes under its own
 * prefix: rest-api.md's list endpoints have `selfTradePreventionMode` but no
 * `aboveSelfTradePreventionMode`, `workingSelfTradePreventionMode`, ...
 */
export const LIST_LEVEL_ORDER_OPTIONS = ['selfTradePreventionMode'] as const;

/** True when an order of `type` may carry `icebergQty`. */
export function takesIceberg(type: string): boolean {
  return (ICEBERG_ORDER_TYPES as readonly string[]).includes(type);
}

/** True when an order of `type` may be pegged. */
export function takesPeg(type: string): boolean {
  return (PEGGABLE_ORDER_TYPES as readonly string[]).includes(type);
}

/**
 * Why a peg cannot go with this order, or undefined when it can: `LIMIT_MAKER` takes only
 * `PRIMARY_PEG`, and a `LIMIT` order with `PRIMARY_PEG` only `timeInForce=GTC` (pegged_orders.md).
 */
export function pegConflict(type: string, pegPriceType: PegPriceType, timeInForce: string | undefined): 'PEG_TYPE' | 'TIME_IN_FORCE' | undefined {
  if (type === 'LIMIT_MAKER' && pegPriceType !== 'PRIMARY_PEG') return 'PEG_TYPE';
  if (type === 'LIMIT' && pegPriceType === 'PRIMARY_PEG' && timeInForce !== undefined && timeInForce !== 'GTC') return 'TIME_IN_FORCE';
  return undefined;
}

/** Error codes of these options that are not in the shared error table (errors.md). */
export const OrderOptionErrorCode = {
  BAD_STRATEGY_TYPE: -1134,
  INVALID_PEG_PRICE_TYPE: -1210,
  INVALID_PEG_OFFSET_TYPE: -1211,
} as const;

/** Binance's messages for refused order options (errors.md, "Messages for -1010 ERROR_MSG_RECEIVED, -2010 NEW_ORDER_REJECTED, and -2011 CANCEL_REJECTED"; stp_faq.md). */
export const OrderOptionMessage = {
  icebergNotSupported: 'Iceberg orders are not supported for this symbol.',
  icebergExceedsQty: 'IcebergQty exceeds QTY.',
  unsupportedCombination: 'Unsupported order combination',
  peggedNotSupported: 'Pegged orders are not supported for this symbol.',
  pegNotForType: 'This order type may not use pegged price.',
  pegNotWithType: 'This price peg cannot be used with this order type.',
  pegLiquidityTooLow: 'Order book liquidity is too low for this pegged order.',
  /** -1013, stp_faq.md. */
  stpModeNotAllowed: 'This symbol does not allow the specified self-trade prevention mode.',
  badStrategyType: 'strategyType was less than 1000000.',
  invalidPegPriceType: 'Invalid pegPriceType.',
  invalidPegOffsetType: 'Invalid pegOffsetType.',
} as const;
