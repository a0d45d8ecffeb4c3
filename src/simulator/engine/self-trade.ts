import type { Decimal } from '../../core/decimal.js';
import type { SimOrder } from './order-types.js';

/**
 * Self-trade prevention, as `faqs/stp_faq.md` describes it. A taker meeting a resting order of the
 * same account does not trade with it when the taker's mode is not NONE: EXPIRE_TAKER expires the
 * taker's remaining quantity, EXPIRE_MAKER the maker's, EXPIRE_BOTH both, and DECREMENT takes the
 * smaller remaining quantity off both (the smaller order, or both, then expire). TRANSFER acts as
 * DECREMENT between orders of one account (and against a maker of another mode); it moves funds
 * only between different accounts of one trade group, and the simulator has no trade groups
 * (`tradeGroupId` -1 everywhere), so STP only ever compares accounts.
 */

/** An STP mode that prevents a match. */
export type PreventingMode = 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH' | 'DECREMENT' | 'TRANSFER';

/** What a planned prevention takes off each order. */
export interface Prevention {
  readonly mode: PreventingMode;
  /** Steps the taker loses (its whole remainder for EXPIRE_TAKER and EXPIRE_BOTH). */
  readonly takerSteps: number;
  /** Steps the maker loses (its whole remainder for EXPIRE_MAKER and EXPIRE_BOTH). */
  readonly makerSteps: number;
}

/** The taker's side of a possible self-trade: its account and mode. */
export interface StpTaker {
  readonly accountId: number;
  readonly selfTradePreventionMode: string;
}

/**
 * The mode that applies when `taker` meets `maker`, or undefined when they trade: the taker's
 * mode decides, except that TRANSFER needs TRANSFER on both sides and is DECREMENT otherwise.
 */
export function preventingMode(taker: StpTaker, maker: SimOrder): PreventingMode | undefined {
  if (maker.accountId !== taker.accountId) return undefined;
  const mode = taker.selfTradePreventionMode;
  if (mode === 'TRANSFER') return maker.selfTradePreventionMode === 'TRANSFER' ? 'TRANSFER' : 'DECREMENT';
  if (mode === 'EXPIRE_TAKER' || mode === 'EXPIRE_MAKER' || mode === 'EXPIRE_BOTH' || mode === 'DECREMENT') return mode;
  return undefined;
}

/** What a prevention takes off each side, given the steps each has left. */
export function planPrevention(mode: PreventingMode, takerLeft: number, makerLeft: number): Prevention {
  switch (mode) {
    case 'EXPIRE_TAKER':
      return { mode, takerSteps: takerLeft, makerSteps: 0 };
    case 'EXPIRE_MAKER':
      return { mode, takerSteps: 0, makerSteps: makerLeft };
    case 'EXPIRE_BOTH':
      return { mode, takerSteps: takerLeft, makerSteps: makerLeft };
    default: {
      const steps = Math.min(takerLeft, makerLeft);
      return { mode, takerSteps: steps, makerSteps: steps };
    }
  }
}

/** True when the prevention leaves the taker nothing to trade, so matching stops. */
export function endsTaker(prevention: Prevention, takerLeft: number): boolean {
  return prevention.takerSteps >= takerLeft;
}

/** A prevented match, as `GET /api/v3/myPreventedMatches` lists it. */
export interface PreventedMatch {
  readonly accountId: number;
  readonly symbol: string;
  readonly preventedMatchId: number;
  readonly takerOrderId: number;
  readonly makerOrderId: number;
  readonly selfTradePreventionMode: PreventingMode;
  readonly price: Decimal;
  /** Absent when the taker lost nothing (EXPIRE_MAKER). */
  readonly takerPreventedQuantity: Decimal | undefined;
  /** Absent when the maker lost nothing (EXPIRE_TAKER). */
  readonly makerPreventedQuantity: Decimal | undefined;
  readonly transactTime: number;
}

/** Applies `steps` of prevention to one order: its prevented quantity and the match's id. */
export function markPrevented(order: SimOrder, steps: number, preventedMatchId: number): void {
  order.preventedSteps += steps;
  order.preventedMatchId = preventedMatchId;
}

/** The prevented matches of every symbol, numbered per symbol from 0 as Binance numbers them. */
export class PreventedMatches {
  readonly #bySymbol = new Map<string, PreventedMatch[]>();

  /** The id the next prevented match of `symbol` gets. */
  nextId(symbol: string): number {
    return this.#bySymbol.get(symbol)?.length ?? 0;
  }

  /** Records a match (its id from `nextId`). */
  add(match: PreventedMatch): void {
    const list = this.#bySymbol.get(match.symbol) ?? [];
    list.push(match);
    this.#bySymbol.set(match.symbol, list);
  }

  /** The matches `order` was the taker of, oldest first. */
  takenBy(order: SimOrder): PreventedMatch[] {
    return (this.#bySymbol.get(order.spec.symbol) ?? []).filter((m) => m.takerOrderId === order.orderId);
  }

  /** The account's prevented matches on `symbol`, oldest first. */
  of(accountId: number, symbol: string): PreventedMatch[] {
    return (this.#bySymbol.get(symbol) ?? []).filter((m) => m.accountId === accountId);
  }
}
