import { ZERO, type Decimal } from '../../core/decimal.js';
import { quoteOf, stepsToDecimal } from './amounts.js';
import { executesAs, type NewOrder } from './order-types.js';
import { stopReached, type TriggerCondition } from './triggers.js';
import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { badRequest } from '../sim-error.js';

/** How a stop or take-profit order waits: its trigger condition and the funds it holds meanwhile. */

/**
 * The trigger of a stop order. rest-api.md: the stop price lies above the market for STOP_LOSS
 * BUY and TAKE_PROFIT SELL, below it for STOP_LOSS SELL and TAKE_PROFIT BUY.
 */
export function triggerCondition(order: Pick<NewOrder, 'type' | 'side' | 'stopPriceTicks' | 'trailingDelta'>): TriggerCondition {
  const stopLoss = order.type === 'STOP_LOSS' || order.type === 'STOP_LOSS_LIMIT';
  return {
    side: order.side,
    stopAbove: stopLoss === (order.side === 'BUY'),
    stopPriceTicks: order.stopPriceTicks,
    trailingDelta: order.trailingDelta,
  };
}

/**
 * The trigger of a stop placed while the last price is `lastTicks`; -2010 "Order would trigger
 * immediately." when that price already reached its stop price (errors.md: the stop price is not
 * valid when compared to the last traded price).
 */
export function waitingCondition(order: NewOrder, lastTicks: number): TriggerCondition {
  const condition = triggerCondition(order);
  if (stopReached(condition, lastTicks)) throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.wouldTriggerImmediately);
  return condition;
}

/**
 * What a waiting stop holds: a SELL its base quantity, a stop-limit BUY its price × quantity in
 * quote, as a resting LIMIT does. A STOP_LOSS or TAKE_PROFIT BUY holds nothing, as a MARKET BUY
 * holds nothing: what it spends is only known when it trades, and it is checked then.
 */
export function stopLock(order: NewOrder): Decimal {
  const steps = order.quantitySteps ?? 0;
  if (order.side === 'SELL') return stepsToDecimal(order.spec, steps);
  return executesAs(order.type) === 'LIMIT' ? quoteOf(order.spec, order.priceTicks ?? 0, steps) : ZERO;
}
