import { Decimal, ZERO } from '../../core/decimal.js';
import type { SimAccount } from './accounts.js';
import { quoteOf, stepsToDecimal } from './amounts.js';
import { fillRate } from './commission.js';
import type { Ledger } from './ledger.js';
import { executesAs, type SimOrder } from './order-types.js';

/** The balance side of one fill: what moves between free and locked, and the commission. */

/** What one fill came to: its quote amount and the commission taken from what was received. */
export interface SettledFill {
  readonly quote: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
}

/**
 * Moves the balances of one fill of `order` (`steps` at `priceTicks`): a working LIMIT type pays
 * from its lock (a BUY gets back the difference to its limit price), a MARKET type from free;
 * the commission, at the account's rate for the fill's role and side (commission.ts), is taken in
 * the asset received.
 */
export function settleFill(
  ledger: Ledger, account: SimAccount, order: SimOrder, priceTicks: number, steps: number, isMaker: boolean, now: number,
): SettledFill {
  const { spec } = order;
  const qty = stepsToDecimal(spec, steps);
  const quote = quoteOf(spec, priceTicks, steps);
  const rate = fillRate(account.commission, isMaker, order.side);
  const locking = executesAs(order.type) !== 'MARKET';
  if (order.side === 'BUY') {
    if (locking) {
      const reserved = quoteOf(spec, order.priceTicks, steps);
      order.locked = order.locked.minus(reserved);
      ledger.adjust(account, spec.quoteAsset, reserved.minus(quote), reserved.neg(), now);
    } else {
      ledger.adjust(account, spec.quoteAsset, quote.neg(), ZERO, now);
    }
    const commission = qty.times(rate).round(8, Decimal.roundUp);
    ledger.adjust(account, spec.baseAsset, qty.minus(commission), ZERO, now);
    return { quote, commission, commissionAsset: spec.baseAsset };
  }
  if (locking) {
    order.locked = order.locked.minus(qty);
    ledger.adjust(account, spec.baseAsset, ZERO, qty.neg(), now);
  } else {
    ledger.adjust(account, spec.baseAsset, qty.neg(), ZERO, now);
  }
  const commission = quote.times(rate).round(8, Decimal.roundUp);
  ledger.adjust(account, spec.quoteAsset, quote.minus(commission), ZERO, now);
  return { quote, commission, commissionAsset: spec.quoteAsset };
}
