import type { CandleSource } from './candle-source.js';
import { cellKey, fold, unitAt } from './hash.js';

/**
 * Synthetic liquidity: a fixed number of levels on each side of the last price, with quantities
 * that depend only on the price level, so market orders always find a counterparty. What users
 * take from a level stays taken until the market moves to the next second.
 */

/** One price level, in ticks and steps. */
export interface BookLevel {
  readonly priceTicks: number;
  readonly steps: number;
}

/** Levels shown on each side. */
export const SYNTHETIC_LEVELS = 50;

/** The synthetic half of one symbol's order book. */
export class SyntheticBook {
  private readonly key: number;
  private readonly consumedBids = new Map<number, number>();
  private readonly consumedAsks = new Map<number, number>();
  private second = Number.NaN;

  /** Creates the book of `source`'s symbol under `seed`. */
  constructor(private readonly source: CandleSource, seed: number) {
    this.key = fold(seed, 0x5b00c);
  }

  private refresh(now: number): void {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.consumedBids.clear();
      this.consumedAsks.clear();
    }
  }

  private levelSteps(priceTicks: number): number {
    const { levelQuantity, stepDecimals } = this.source.spec;
    const u = unitAt(cellKey(this.key, priceTicks), 0);
    return Math.max(1, Math.round(levelQuantity * (0.2 + 1.6 * u) * 10 ** stepDecimals));
  }

  /** Bids (best first): the last price and the levels below it; the first `max` priced under `under`. */
  bids(now: number, under = Number.POSITIVE_INFINITY, max = SYNTHETIC_LEVELS): BookLevel[] {
    this.refresh(now);
    const last = this.source.lastPrice(now);
    const spacing = this.source.spec.levelSpacingTicks;
    const levels: BookLevel[] = [];
    for (let i = 0; i < SYNTHETIC_LEVELS; i++) {
      const priceTicks = last - i * spacing;
      if (priceTicks <= 0) break;
      if (priceTicks >= under) continue;
      const steps = this.levelSteps(priceTicks) - (this.consumedBids.get(priceTicks) ?? 0);
      if (steps > 0 && levels.push({ priceTicks, steps }) >= max) break;
    }
    return levels;
  }

  /** Asks (best first): the levels above the last price; the first `max` priced over `over`. */
  asks(now: number, over = 0, max = SYNTHETIC_LEVELS): BookLevel[] {
    this.refresh(now);
    const last = this.source.lastPrice(now);
    const spacing = this.source.spec.levelSpacingTicks;
    const levels: BookLevel[] = [];
    for (let i = 1; i <= SYNTHETIC_LEVELS; i++) {
      const priceTicks = last + i * spacing;
      if (priceTicks <= over) continue;
      const steps = this.levelSteps(priceTicks) - (this.consumedAsks.get(priceTicks) ?? 0);
      if (steps > 0 && levels.push({ priceTicks, steps }) >= max) break;
    }
    return levels;
  }

  /** Records that a user order took `steps` from a synthetic level. */
  consume(side: 'bids' | 'asks', priceTicks: number, steps: number, now: number): void {
    this.refresh(now);
    const consumed = side === 'bids' ? this.consumedBids : this.consumedAsks;
    consumed.set(priceTicks, (consumed.get(priceTicks) ?? 0) + steps);
  }
}
