/**
 * Where the market was moved off its seeded path. An anchor says that from a whole second on, the
 * seeded price `base` trades at `price`: every seeded price p of that stretch becomes p·price/base,
 * until the next anchor. The seeded tree itself never changes, so history stays computed rather
 * than stored, and a moved stretch keeps the texture (wicks, volumes, trades) of the seeded one.
 */

const SECOND_MS = 1_000;

/**
 * Most a re-priced path rises above the seeded one: quote volumes are integers that stay safe for
 * a month at the seeded prices, with room for about 15 times them on SPOT_SYMBOLS' busiest pairs.
 */
export const MAX_REPRICE = 10;

/** One re-pricing of the seeded path, from `from` (a whole second, epoch ms) on. */
export interface Anchor {
  readonly from: number;
  /** The seeded price, in ticks, at `from`: the open of that second on the seeded path. */
  readonly base: number;
  /** The price, in ticks, that `base` trades at. */
  readonly price: number;
  /**
   * A deliberate move: its first second opens where the market stood and trades to the new level
   * inside the second, so the candles' highs and lows cover the path the price took. A user's
   * trade instead already took the price there, and the second after it opens at that price.
   */
  readonly moved: boolean;
}

/** `ticks` of the seeded path re-priced by `anchor` (none: unchanged); never below one tick. */
export function reprice(ticks: number, anchor: Anchor | undefined): number {
  if (anchor === undefined || anchor.price === anchor.base) return ticks;
  // Dividing first keeps base → price exact, and the result monotonic in `ticks`.
  return Math.max(1, Math.round((ticks / anchor.base) * anchor.price));
}

/** The anchors of one symbol, oldest first. */
export class PriceAnchors {
  private readonly list: Anchor[] = [];
  /** Seconds before this one belong to a move in progress, which a user's trade does not redirect. */
  private moveEnd = Number.NEGATIVE_INFINITY;

  /** Whether the seeded path was ever moved. */
  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  /** Index of the first anchor starting at or after `time`. */
  private firstFrom(time: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.list[middle]!.from < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The anchor in force at `time`, if any. */
  at(time: number): Anchor | undefined {
    const index = this.firstFrom(time);
    const exact = this.list[index];
    return exact !== undefined && exact.from === time ? exact : this.list[index - 1];
  }

  /**
   * The first time after `time` and before `to` where candles must be cut: where an anchor starts,
   * and where a move's first second (which opens off the re-priced path) ends.
   */
  nextCut(time: number, to: number): number {
    const index = this.firstFrom(time);
    const next = this.list[index];
    if (next === undefined) return to;
    const cut = next.from === time ? (next.moved ? time + SECOND_MS : this.list[index + 1]?.from ?? to) : next.from;
    return Math.min(cut, to);
  }

  /** Whether candles over [from, to) must be cut, so that no candle mixes two prices of the path. */
  cuts(from: number, to: number): boolean {
    return this.nextCut(from, to) < to;
  }

  /**
   * Continues the path at `anchor.price` from `anchor.from` on, after a user's trade; a move in
   * progress keeps its course. Returns whether the anchor was set.
   */
  continueAt(anchor: Anchor): boolean {
    if (anchor.from < this.moveEnd) return false;
    this.list.splice(this.firstFrom(anchor.from), this.list.length, anchor);
    return true;
  }

  /** The anchors starting at or after `time`, oldest first. */
  from(time: number): readonly Anchor[] {
    return this.list.slice(this.firstFrom(time));
  }

  /**
   * Replaces everything from `time` on with `anchors` (oldest first, none before `time`): a cross
   * pair's anchors, which follow its legs' rather than trades of its own.
   */
  replaceFrom(time: number, anchors: readonly Anchor[]): void {
    this.list.splice(this.firstFrom(time), this.list.length, ...anchors);
  }

  /** Replaces everything from the first step on with the steps of a move (oldest first). */
  move(steps: readonly Anchor[]): void {
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (first === undefined || last === undefined) return;
    this.list.splice(this.firstFrom(first.from), this.list.length, ...steps);
    this.moveEnd = last.from + SECOND_MS;
  }
}
