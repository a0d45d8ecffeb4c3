/** Binance Spot enums the connector and simulator share; open-ended where Binance adds values. */

/** Symbol trading status (CANCEL_ONLY since 2026-07). */
export type SymbolStatus = 'TRADING' | 'END_OF_DAY' | 'HALT' | 'BREAK' | 'CANCEL_ONLY' | (string & {});

/** Execution types in `executionReport.x`. */
export type ExecutionType = 'NEW' | 'CANCELED' | 'REPLACED' | 'REJECTED' | 'TRADE' | 'EXPIRED' | 'TRADE_PREVENTION' | (string & {});

/** `newOrderRespType` values. */
export type NewOrderResponseType = 'ACK' | 'RESULT' | 'FULL';

/** Self-trade prevention modes. */
export const STP_MODES = ['NONE', 'EXPIRE_MAKER', 'EXPIRE_TAKER', 'EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'] as const;

/** Order types Binance accepts on `POST /api/v3/order`. */
export const BINANCE_ORDER_TYPES = [
  'LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'LIMIT_MAKER',
] as const;

/** The decimal format Binance accepts for prices and quantities (no exponent, no sign). */
export const DECIMAL_PARAM_PATTERN = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;

/** Client order ids Binance accepts. */
export const CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;
