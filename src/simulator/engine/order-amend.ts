import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { ZERO, type Decimal } from '../../core/decimal.js';
import { quoteOf, stepsToDecimal } from './amounts.js';
import { executesAs, isLive, type SimOrder } from './order-types.js';
import { badRequest } from '../sim-error.js';

/**
 * Order Amend Keep Priority (faqs/order_amend_keep_priority.md): an order's quantity goes down in
 * place, so it keeps its id and its time priority at its price; what it no longer needs is
 * released, and an executionReport `REPLACED` reports it.
 */

/**
 * MAX_NUM_ORDER_AMENDS: how many times one order may be amended. CHANGELOG 2025-08-28: "limiting
 * each order to a maximum of 10 amendments".
 */
export const MAX_NUM_ORDER_AMENDS = 10;

/** One amendment, as `GET /api/v3/order/amendments` lists it. */
export interface Amendment {
  readonly symbol: string;
  readonly orderId: number;
  readonly executionId: number;
  readonly origClientOrderId: string;
  readonly newClientOrderId: string;
  readonly origQty: Decimal;
  readonly newQty: Decimal;
  readonly time: number;
}

/** The amendments of every order, oldest first. */
export class AmendmentLog {
  private readonly byOrder = new Map<number, Amendment[]>();

  /** The amendments of order `orderId` (order ids are unique across accounts). */
  of(orderId: number): readonly Amendment[] {
    return this.byOrder.get(orderId) ?? [];
  }

  /** Records one amendment. */
  add(amendment: Amendment): void {
    const list = this.byOrder.get(amendment.orderId);
    if (list === undefined) this.byOrder.set(amendment.orderId, [amendment]);
    else list.push(amendment);
  }
}

/** What amending needs of the engine: its balances, its reports and its end of an operation. */
export interface AmendHooks {
  /** Gives `amount` of the order's reservation back to the account's free balance. */
  release(order: SimOrder, amount: Decimal, now: number): void;
  /** Reports the amendment (executionReport `REPLACED`, `C` the client id before it); returns its execution id. */
  report(order: SimOrder, origClientOrderId: string, now: number): number;
  /** Ends an order the amendment left nothing to trade (its quantity no more than what it executed). */
  expire(order: SimOrder, now: number): void;
  /** Publishes the book and the balances the amendment changed. */
  settle(now: number): void;
}

/** -2038 with Binance's message, as every refused amendment is answered. */
function rejected(message: string): never {
  throw badRequest(BinanceErrorCode.ORDER_AMEND_REJECTED, message);
}

/**
 * Refuses an amendment Binance refuses: an order that is not live (or not there), a quantity that
 * does not go down, an order amended `MAX_NUM_ORDER_AMENDS` times already.
 */
export function checkAmendment(order: SimOrder | undefined, newSteps: number, amendments: number): asserts order is SimOrder {
  if (order === undefined || !isLive(order)) rejected(BinanceMessage.unknownOrder);
  if (newSteps > order.origSteps) rejected(BinanceMessage.amendQuantityIncrease);
  if (newSteps === order.origSteps) rejected(BinanceMessage.noStateChange);
  if (amendments >= MAX_NUM_ORDER_AMENDS) rejected(BinanceMessage.filterFailure('MAX_NUM_ORDER_AMENDS'));
}

/** What taking `steps` off an order's unfilled quantity frees of its reservation (a MARKET-type stop BUY holds none). */
function freed(order: SimOrder, steps: number): Decimal {
  if (order.locked.eq(0) || steps <= 0) return ZERO;
  if (order.side === 'SELL') return stepsToDecimal(order.spec, steps);
  return executesAs(order.type) === 'MARKET' ? ZERO : quoteOf(order.spec, order.priceTicks, steps);
}

/**
 * Sets a live order's quantity to `newSteps` in place: it stays where it is in its price level's
 * queue. Its client id becomes `newClientId`. An order left with nothing to trade expires.
 * Returns the amendment's execution id.
 */
export function amendInPlace(order: SimOrder, newSteps: number, newClientId: string, now: number, hooks: AmendHooks): number {
  const origClientOrderId = order.clientOrderId;
  const unfilledBefore = order.origSteps - order.executedSteps;
  const unfilledAfter = Math.max(0, newSteps - order.executedSteps);
  const free = freed(order, unfilledBefore - unfilledAfter);
  // Never more than it holds: an OCO's pair holds its funds once.
  const release = order.locked.lt(free) ? order.locked : free;
  if (release.gt(0)) hooks.release(order, release, now);
  order.origSteps = newSteps;
  order.clientOrderId = newClientId;
  order.updateTime = now;
  const executionId = hooks.report(order, origClientOrderId, now);
  if (unfilledAfter === 0) hooks.expire(order, now);
  hooks.settle(now);
  return executionId;
}
