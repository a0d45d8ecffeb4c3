import { Decimal, ZERO } from '../../core/decimal.js';
import { quoteOf, stepsToDecimal } from './amounts.js';
import type { LiquidityEntry, SymbolMarket } from '../market/symbol-market.js';
import type { Side } from './order-types.js';
import type { SymbolSpec } from '../market/symbols.js';

/** What an order would match before it trades, and what it must hold to trade. */

/** One planned match of a taker order. */
export interface PlannedMatch {
  readonly entry: LiquidityEntry;
  readonly steps: number;
}

/** The taker's terms: its side, limit price (none for MARKET), quantity or quote amount. */
export interface TakerTerms {
  readonly side: Side;
  readonly priceTicks?: number | undefined;
  readonly quantitySteps?: number | undefined;
  readonly quoteOrderQty?: Decimal | undefined;
}

/** Plans what a taker would match at `now`, best price first, without changing anything. */
export function planMatches(market: SymbolMarket, terms: TakerTerms, now: number): PlannedMatch[] {
  const matches: PlannedMatch[] = [];
  const limit = terms.priceTicks;
  let steps = terms.quantitySteps ?? Number.POSITIVE_INFINITY;
  let quote = terms.quoteOrderQty;
  for (const entry of market.liquidity(terms.side, now)) {
    if (steps <= 0) break;
    if (limit !== undefined && (terms.side === 'BUY' ? entry.priceTicks > limit : entry.priceTicks < limit)) break;
    let take = Math.min(entry.steps, steps);
    if (quote !== undefined) {
      const affordable = Number(quote.div(quoteOf(market.spec, entry.priceTicks, 1)).round(0, Decimal.roundDown).toFixed(0));
      take = Math.min(take, affordable);
      if (take <= 0) break;
      quote = quote.minus(quoteOf(market.spec, entry.priceTicks, take));
    }
    matches.push({ entry, steps: take });
    steps -= take;
  }
  return matches;
}

/** Steps the matches add up to. */
export function plannedSteps(matches: readonly PlannedMatch[]): number {
  return matches.reduce((sum, m) => sum + m.steps, 0);
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
