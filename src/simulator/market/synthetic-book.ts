import type { CandleSource } from './candle-source.js';
import type { LegRatio } from './cross-pair.js';
import { cellKey, fold, unitAt } from './hash.js';

/**
 * Synthetic liquidity: a fixed number of levels on each side of the last price, with quantities
 * that depend only on the price level, so market orders always find a counterparty. What users
 * take from a level stays taken until the market moves to the next second.
 *
 * A cross pair's book stands on its legs' books instead: its best bid is at most what its base leg's
 * ask and quote leg's bid imply, its best ask at least what the base's bid and the quote's ask imply,
 * so buying through one route and selling through the other never gains, however the legs moved.
 */

/** One price level, in ticks and steps. */
export interface BookLevel {
  readonly priceTicks: number;
  readonly steps: number;
}

/** A cross pair's legs' books and the ratio of their prices in its ticks. */
export interface LegBooks {
  readonly base: SyntheticBook;
  readonly quote: SyntheticBook;
  readonly ratio: LegRatio;
}

/** Levels shown on each side. */
export const SYNTHETIC_LEVELS = 50;

/** The synthetic half of one symbol's order book. */
export class SyntheticBook {
  private readonly key: number;
  private readonly consumedBids = new Map<number, number>();
  private readonly consumedAsks = new Map<number, number>();
  private second = Number.NaN;

  /** Creates the book of `source`'s symbol under `seed`; a cross pair's over its `legs`' books. */
  constructor(private readonly source: CandleSource, seed: number, private readonly legs?: LegBooks) {
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

  /**
   * Prices in ticks of the best synthetic bid and ask (before users take from them): the last
   * price and the level above it, or for a cross pair, the range its legs' books imply.
   */
  touch(now: number): [bid: number, ask: number] {
    const spacing = this.source.spec.levelSpacingTicks;
    const { legs } = this;
    if (legs === undefined) {
      const last = this.source.lastPrice(now);
      return [last, last + spacing];
    }
    const [baseBid, baseAsk] = legs.base.touch(now);
    const [quoteBid, quoteAsk] = legs.quote.touch(now);
    const bid = legs.ratio.floor(baseAsk, quoteBid);
    return [bid, Math.max(legs.ratio.ceil(baseBid, quoteAsk), bid + spacing)];
  }

  /** Bids (best first): the best bid and the levels below it; the first `max` priced under `under`. */
  bids(now: number, under = Number.POSITIVE_INFINITY, max = SYNTHETIC_LEVELS): BookLevel[] {
    this.refresh(now);
    const [best] = this.touch(now);
    const spacing = this.source.spec.levelSpacingTicks;
    const levels: BookLevel[] = [];
    for (let i = 0; i < SYNTHETIC_LEVELS; i++) {
      const priceTicks = best - i * spacing;
      if (priceTicks <= 0) break;
      if (priceTicks >= under) continue;
      const steps = this.levelSteps(priceTicks) - (this.consumedBids.get(priceTicks) ?? 0);
      if (steps > 0 && levels.push({ priceTicks, steps }) >= max) break;
    }
    return levels;
  }

  /** Asks (best first): the levels from the best ask up; the first `max` priced over `over`. */
  asks(now: number, over = 0, max = SYNTHETIC_LEVELS): BookLevel[] {
    this.refresh(now);
    const [, best] = this.touch(now);
    const spacing = this.source.spec.levelSpacingTicks;
    const levels: BookLevel[] = [];
    for (let i = 0; i < SYNTHETIC_LEVELS; i++) {
      const priceTicks = best + i * spacing;
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
