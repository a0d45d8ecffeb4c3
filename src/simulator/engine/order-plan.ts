import { Decimal, ZERO } from '../../core/decimal.js';
import { quoteOf, stepsToDecimal } from './amounts.js';
import type { LiquidityEntry, SymbolMarket } from '../market/symbol-market.js';
import { openSteps, type Side, type SimOrder } from './order-types.js';
import { endsTaker, planPrevention, preventingMode, type Prevention, type StpTaker } from './self-trade.js';
import type { SymbolSpec } from '../market/symbols.js';

/** What an order would match before it trades, and what it must hold to trade. */

/** One planned match of a taker order; a match self-trade prevention stops trades no steps and carries the prevention. */
export interface PlannedMatch {
  readonly entry: LiquidityEntry;
  readonly steps: number;
  readonly prevention?: Prevention | undefined;
}

/** The taker's terms: its side, limit price (none for MARKET), quantity or quote amount. */
export interface TakerTerms {
  readonly side: Side;
  readonly priceTicks?: number | undefined;
  readonly quantitySteps?: number | undefined;
  readonly quoteOrderQty?: Decimal | undefined;
  /** The taker's account and STP mode; without it, no match is prevented. */
  readonly stp?: StpTaker | undefined;
}

/** Plans what a taker would match at `now`, best price first, without changing anything. */
export function planMatches(market: SymbolMarket, terms: TakerTerms, now: number): PlannedMatch[] {
  const matches: PlannedMatch[] = [];
  const limit = terms.priceTicks;
  let steps = terms.quantitySteps ?? Number.POSITIVE_INFINITY;
  let quote = terms.quoteOrderQty;
  // What each resting order already gave in this plan: an iceberg meets the taker in several parts,
  // and a prevention can take an order's remainder before its later parts come up.
  const used = new Map<SimOrder, number>();
  for (const entry of market.liquidity(terms.side, now)) {
    if (steps <= 0) break;
    if (limit !== undefined && (terms.side === 'BUY' ? entry.priceTicks > limit : entry.priceTicks < limit)) break;
    const maker = entry.order;
    const makerLeft = maker === undefined ? entry.steps : openSteps(maker) - (used.get(maker) ?? 0);
    let take = Math.min(entry.steps, makerLeft, steps);
    if (take <= 0) continue;
    if (quote !== undefined) {
      const affordable = Number(quote.div(quoteOf(market.spec, entry.priceTicks, 1)).round(0, Decimal.roundDown).toFixed(0));
      take = Math.min(take, affordable);
      if (take <= 0) break;
    }
    const mode = maker === undefined || terms.stp === undefined ? undefined : preventingMode(terms.stp, maker);
    if (maker !== undefined && mode !== undefined) {
      // A quote-amount taker has no quantity left to expire but what it could buy here.
      const takerLeft = Number.isFinite(steps) ? steps : take;
      const prevention = planPrevention(mode, takerLeft, makerLeft);
      matches.push({ entry, steps: 0, prevention });
      used.set(maker, (used.get(maker) ?? 0) + prevention.makerSteps);
      steps -= prevention.takerSteps;
      if (quote !== undefined) quote = quote.minus(quoteOf(market.spec, entry.priceTicks, prevention.takerSteps));
      if (endsTaker(prevention, takerLeft)) break;
      continue;
    }
    if (quote !== undefined) quote = quote.minus(quoteOf(market.spec, entry.priceTicks, take));
    if (maker !== undefined) used.set(maker, (used.get(maker) ?? 0) + take);
    matches.push({ entry, steps: take });
    steps -= take;
  }
  return matches;
}

/** Steps the matches add up to: traded, and what prevention takes off the taker. */
export function plannedSteps(matches: readonly PlannedMatch[]): number {
  return matches.reduce((sum, m) => sum + m.steps + (m.prevention?.takerSteps ?? 0), 0);
}

/**
 * What an order must have free to be accepted (Binance reserves the whole order up front): quote
 * at the limit price for a priced BUY, the quote amount or the planned cost for a MARKET BUY,
 * the base quantity for a SELL.
 */
export function fundsNeeded(spec: SymbolSpec, terms: TakerTerms, origSteps: number, matches: readonly PlannedMatch[]): Decimal {
  if (terms.side === 'SELL') return stepsToDecimal(spec, origSteps);
  if (terms.priceTicks !== undefined) return quoteOf(spec, terms.priceTicks, origSteps);
  if (terms.quoteOrderQty !== undefined) return terms.quoteOrderQty;
  return matches.reduce((sum, m) => sum.plus(quoteOf(spec, m.entry.priceTicks, m.steps)), ZERO);
}

/** The asset an order spends: quote for BUY, base for SELL. */
export function fundingAsset(order: { readonly side: Side; readonly spec: SymbolSpec }): string {
  return order.side === 'BUY' ? order.spec.quoteAsset : order.spec.baseAsset;
}
