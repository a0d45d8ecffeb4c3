/**
 * Binance Spot enums as `enums.md` lists them (checked against it by
 * `test/spec/binance-docs.test.ts`). Types are open-ended where Binance adds values over time, so
 * a new value read from the wire is not a parse failure.
 */

/** Symbol trading status (CANCEL_ONLY since 2026-07). */
export const SYMBOL_STATUSES = ['TRADING', 'END_OF_DAY', 'HALT', 'BREAK', 'CANCEL_ONLY'] as const;
/** A symbol's trading status. */
export type SymbolStatus = (typeof SYMBOL_STATUSES)[number] | (string & {});

/** Order status (`status`). */
export const ORDER_STATUSES = [
  'NEW', 'PENDING_NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'PENDING_CANCEL', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH',
] as const;

/** Execution types in `executionReport.x`. */
export const EXECUTION_TYPES = ['NEW', 'CANCELED', 'REPLACED', 'REJECTED', 'TRADE', 'EXPIRED', 'TRADE_PREVENTION'] as const;
/** An execution type. */
export type ExecutionType = (typeof EXECUTION_TYPES)[number] | (string & {});

/** Why an order expired (`expiryReason`, `executionReport.eR`). */
export const EXPIRY_REASONS = [
  'NONE', 'REJECTED', 'EXCHANGE_CANCELED', 'OCO_TRIGGER', 'OTO_PHASE_ONE_EXPIRED', 'UNFILLED_IOC_QUANTITY_EXPIRED',
  'UNFILLED_FOK_ORDER_EXPIRED', 'INSUFFICIENT_LIQUIDITY', 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
] as const;
/** A documented expiry reason: what the simulator may send. */
export type ExpiryReason = (typeof EXPIRY_REASONS)[number];

/** `cancelReplaceMode` of `POST /api/v3/order/cancelReplace`. */
export const CANCEL_REPLACE_MODES = ['STOP_ON_FAILURE', 'ALLOW_FAILURE'] as const;

/** `cancelRestrictions` of the cancel and cancel-replace endpoints. */
export const CANCEL_RESTRICTIONS = ['ONLY_NEW', 'ONLY_PARTIALLY_FILLED'] as const;
/** A cancel restriction. */
export type CancelRestrictionValue = (typeof CANCEL_RESTRICTIONS)[number];

/** `orderRateLimitExceededMode` of `POST /api/v3/order/cancelReplace`. */
export const ORDER_RATE_LIMIT_EXCEEDED_MODES = ['DO_NOTHING', 'CANCEL_ONLY'] as const;

/** `newOrderRespType` values. */
export const NEW_ORDER_RESPONSE_TYPES = ['ACK', 'RESULT', 'FULL'] as const;
/** A `newOrderRespType` value. */
export type NewOrderResponseType = (typeof NEW_ORDER_RESPONSE_TYPES)[number];

/** Order sides (`side`). */
export const BINANCE_ORDER_SIDES = ['BUY', 'SELL'] as const;

/** Time in force values (`timeInForce`). */
export const BINANCE_TIME_IN_FORCE = ['GTC', 'IOC', 'FOK'] as const;

/** Self-trade prevention modes. */
export const STP_MODES = ['NONE', 'EXPIRE_MAKER', 'EXPIRE_TAKER', 'EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'] as const;

/** Order types Binance accepts on `POST /api/v3/order`. */
export const BINANCE_ORDER_TYPES = [
  'LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'LIMIT_MAKER',
] as const;

/** The decimal format Binance accepts for prices and quantities (no exponent, no sign), as its -1100 message states it. */
export const DECIMAL_PARAM_PATTERN = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;

/** Client order ids Binance accepts. */
export const CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;
