/**
 * Binance's rules for the order types that wait for a trigger, as `rest-api.md` ("New order") and
 * `filters.md` (TRAILING_DELTA) state them, checked against those documents by
 * `test/binance/stop-orders.test.ts`. The connector and the simulator both read them.
 */

/** The order types that wait for a trigger ("algo" orders in `filters.md`). */
export const STOP_ORDER_TYPES = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'] as const;
/** An order type that waits for a trigger. */
export type StopOrderType = (typeof STOP_ORDER_TYPES)[number];

/** True for STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT and TAKE_PROFIT_LIMIT. */
export function isStopOrderType(type: string): type is StopOrderType {
  return (STOP_ORDER_TYPES as readonly string[]).includes(type);
}

/**
 * What each order type takes on `POST /api/v3/order` besides `quantity` (rest-api.md, "Additional
 * mandatory parameters based on order type"): a limit `price`, a `timeInForce`, and a trigger
 * (`stopPrice` or `trailingDelta`, or both).
 */
export const ORDER_TYPE_PARAMETERS = {
  LIMIT: { price: true, timeInForce: true, trigger: false },
  MARKET: { price: false, timeInForce: false, trigger: false },
  STOP_LOSS: { price: false, timeInForce: false, trigger: true },
  STOP_LOSS_LIMIT: { price: true, timeInForce: true, trigger: true },
  TAKE_PROFIT: { price: false, timeInForce: false, trigger: true },
  TAKE_PROFIT_LIMIT: { price: true, timeInForce: true, trigger: true },
  LIMIT_MAKER: { price: true, timeInForce: false, trigger: false },
} as const satisfies Record<string, { price: boolean; timeInForce: boolean; trigger: boolean }>;

/**
 * True when the order's trigger lies above the market: STOP_LOSS BUY and TAKE_PROFIT SELL (and
 * their LIMIT versions); below it for STOP_LOSS SELL and TAKE_PROFIT BUY. The same split picks the
 * TRAILING_DELTA bounds: `minTrailingAboveDelta`/`maxTrailingAboveDelta` for the first group,
 * the `Below` pair for the second.
 */
export function triggersAbove(type: StopOrderType, side: 'BUY' | 'SELL'): boolean {
  const stopLoss = type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT';
  return stopLoss === (side === 'BUY');
}
