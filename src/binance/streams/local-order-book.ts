import type { OrderBook, PriceLevel } from '../../core/models.js';

/** One side of a book, kept sorted best first so reading the top levels costs nothing. */
class BookSide {
  levels: PriceLevel[] = [];

  /** `descending` for bids (best = highest), ascending for asks. */
  constructor(private readonly descending: boolean) {}

  /** Sets a level's absolute quantity; zero removes it. */
  set(level: PriceLevel): void {
    const { index, found } = this.#find(level);
    if (level.quantity.eq(0)) {
      if (found) this.levels.splice(index, 1);
    } else if (found) {
      this.levels[index] = level;
    } else {
      this.levels.splice(index, 0, level);
    }
  }

  /** Binary search for the level's price: its index, or where it belongs. */
  #find(level: PriceLevel): { index: number; found: boolean } {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = (this.levels[mid] as PriceLevel).price.cmp(level.price);
      if (cmp === 0) return { index: mid, found: true };
      const before = this.descending ? cmp > 0 : cmp < 0;
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }
}

/**
 * The state of a local order book: set from a snapshot, changed by absolute level updates, read
 * as its top levels. Pure: the sync algorithm around it decides what to apply.
 */
export class LocalOrderBook {
  readonly #bids = new BookSide(true);
  readonly #asks = new BookSide(false);
  /** Update id of the last change applied. */
  lastUpdateId = 0;

  constructor(readonly symbol: string) {}

  /** Replaces the whole book with a snapshot (levels in any order). */
  reset(snapshot: OrderBook): void {
    this.#bids.levels = [];
    this.#asks.levels = [];
    for (const level of snapshot.bids) this.#bids.set(level);
    for (const level of snapshot.asks) this.#asks.set(level);
    this.lastUpdateId = snapshot.lastUpdateId;
  }

  /** Applies absolute quantities for both sides, then records `updateId`. */
  apply(bids: readonly PriceLevel[], asks: readonly PriceLevel[], updateId: number): void {
    for (const level of bids) this.#bids.set(level);
    for (const level of asks) this.#asks.set(level);
    this.lastUpdateId = updateId;
  }

  /** The best `depth` levels of each side, best first. */
  top(depth: number): OrderBook {
    return {
      symbol: this.symbol,
      lastUpdateId: this.lastUpdateId,
      bids: this.#bids.levels.slice(0, depth),
      asks: this.#asks.levels.slice(0, depth),
    };
  }
}
