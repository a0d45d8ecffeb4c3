import { ZERO, type Decimal } from '../../core/decimal.js';
import { quoteOf, stepsToDecimal, ticksToDecimal } from './amounts.js';
import { executesAs, openSteps, type SimOrder } from './order-types.js';
import { markPrevented, type PreventedMatches, type Prevention } from './self-trade.js';

/**
 * Carrying out one prevented self-trade: the prevented match is recorded, each order that loses
 * quantity gets it added to its prevented quantity and its lock shrinks by what that quantity
 * held; an order left with nothing ends as EXPIRED_IN_MATCH. Each gets a TRADE_PREVENTION report.
 */

/** The match being prevented. */
export interface PreventionContext {
  readonly taker: SimOrder;
  readonly maker: SimOrder;
  readonly prevention: Prevention;
  /** The maker's price: the price the match would have traded at. */
  readonly priceTicks: number;
  readonly now: number;
  readonly matches: PreventedMatches;
}

/** What the engine does for a prevention. */
export interface PreventionEffects {
  /** Releases `amount` of what the order holds. */
  unlock(order: SimOrder, amount: Decimal): void;
  /** Reports the order's TRADE_PREVENTION, `lastPrevented` being what this match expired. */
  report(order: SimOrder, lastPrevented: Decimal): void;
  /** The order has nothing left: release what it holds, take it off the book, tell its list. */
  ended(order: SimOrder): void;
}

/** What `steps` of the order hold while it works: price × quantity of a BUY at its limit, the quantity of a SELL; nothing for MARKET. */
function heldFor(order: SimOrder, steps: number): Decimal {
  if (executesAs(order.type) === 'MARKET') return ZERO;
  const held = order.side === 'BUY' ? quoteOf(order.spec, order.priceTicks, steps) : stepsToDecimal(order.spec, steps);
  return held.gt(order.locked) ? order.locked : held;
}

/** Records and applies one prevention. */
export function applyPrevention(context: PreventionContext, effects: PreventionEffects): void {
  const { taker, maker, prevention, now } = context;
  const { spec } = taker;
  const preventedMatchId = context.matches.nextId(spec.symbol);
  const quantity = (steps: number): Decimal | undefined => (steps > 0 ? stepsToDecimal(spec, steps) : undefined);
  context.matches.add({
    accountId: taker.accountId, symbol: spec.symbol, preventedMatchId, takerOrderId: taker.orderId, makerOrderId: maker.orderId,
    selfTradePreventionMode: prevention.mode, price: ticksToDecimal(spec, context.priceTicks),
    takerPreventedQuantity: quantity(prevention.takerSteps), makerPreventedQuantity: quantity(prevention.makerSteps), transactTime: now,
  });
  for (const [order, steps] of [[maker, prevention.makerSteps], [taker, prevention.takerSteps]] as const) {
    if (steps <= 0) continue;
    markPrevented(order, steps, preventedMatchId);
    order.updateTime = now;
    if (openSteps(order) > 0) {
      effects.unlock(order, heldFor(order, steps));
      effects.report(order, stepsToDecimal(spec, steps));
    } else {
      order.status = 'EXPIRED_IN_MATCH';
      effects.report(order, stepsToDecimal(spec, steps));
      effects.ended(order);
    }
  }
}
