import type { Candle } from './candle.js';
import type { ChildShape } from './candle-tree.js';
import type { SymbolSpec } from './symbols.js';

/**
 * A cross pair (ETHBTC) and its legs (ETHUSDT and BTCUSDT): its prices are its legs' ratio, so the
 * simulator offers no round trip through the three books that gains. Prices are integer ticks of
 * each symbol; a ratio in the cross's ticks is base ticks × 10^shift / quote ticks, held as an exact
 * integer fraction so that rounding down or up never lands on the wrong side of it.
 */

/** The two legs of a cross pair, both quoted in the same asset. */
export interface LegSpecs {
  /** The cross's base asset against the common quote (ETHUSDT for ETHBTC). */
  readonly base: SymbolSpec;
  /** The cross's quote asset against the common quote (BTCUSDT for ETHBTC). */
  readonly quote: SymbolSpec;
}

/**
 * The legs of `spec` among `specs`: a pair whose quote asset is also listed as a base (BTC in
 * ETHBTC) is a cross when both its assets trade against a quote asset that is never a base (USDT).
 * The legs are then plain pairs, so no cross is priced from another cross.
 */
export function crossLegs(specs: readonly SymbolSpec[], spec: SymbolSpec): LegSpecs | undefined {
  const bases = new Set(specs.map((s) => s.baseAsset));
  if (!bases.has(spec.quoteAsset)) return undefined;
  for (const home of new Set(specs.map((s) => s.quoteAsset))) {
    if (bases.has(home) || home === spec.quoteAsset) continue;
    const base = specs.find((s) => s.baseAsset === spec.baseAsset && s.quoteAsset === home);
    const quote = specs.find((s) => s.baseAsset === spec.quoteAsset && s.quoteAsset === home);
    if (base !== undefined && quote !== undefined) return { base, quote };
  }
  return undefined;
}

/** Converts prices of the legs (in their ticks) into the cross's ticks, exactly. */
export class LegRatio {
  private readonly numeratorScale: number;
  private readonly denominatorScale: number;

  /** The ratio of `legs`' prices in the ticks of `cross`. */
  constructor(cross: SymbolSpec, legs: LegSpecs) {
    const shift = cross.tickDecimals + legs.quote.tickDecimals - legs.base.tickDecimals;
    this.numeratorScale = 10 ** Math.max(0, shift);
    this.denominatorScale = 10 ** Math.max(0, -shift);
  }

  /** base / quote in cross ticks, to the nearest tick (at least one). */
  nearest(baseTicks: number, quoteTicks: number): number {
    return Math.max(1, Math.round((baseTicks * this.numeratorScale) / (quoteTicks * this.denominatorScale)));
  }

  /** base / quote in cross ticks, rounded down: never above the ratio. */
  floor(baseTicks: number, quoteTicks: number): number {
    const numerator = baseTicks * this.numeratorScale;
    const denominator = quoteTicks * this.denominatorScale;
    let ticks = Math.floor(numerator / denominator);
    // The division is rounded to a double: step back when it rounded up across a whole tick.
    if (ticks * denominator > numerator) ticks -= 1;
    return ticks;
  }

  /** base / quote in cross ticks, rounded up: never below the ratio. */
  ceil(baseTicks: number, quoteTicks: number): number {
    const numerator = baseTicks * this.numeratorScale;
    const denominator = quoteTicks * this.denominatorScale;
    let ticks = Math.ceil(numerator / denominator);
    if (ticks * denominator < numerator) ticks += 1;
    return ticks;
  }

  /**
   * The cross's open, high, low and close over a span whose leg candles are `base` and `quote`: the
   * ratio of their opens and closes, and the widest the ratio can reach inside them (the base's high
   * over the quote's low, and the other way), so every price of the cross within lies in its range.
   */
  prices(base: Candle, quote: Candle): [open: number, high: number, low: number, close: number] {
    return [
      this.nearest(base.open, quote.open),
      this.ceil(base.high, quote.low),
      Math.max(1, this.floor(base.low, quote.high)),
      this.nearest(base.close, quote.close),
    ];
  }

  /**
   * The cross's children over the legs' children `base` and `quote` (one span each): its path
   * through them (the ratio of their opens, then of their last close) and each child's range.
   */
  children(base: readonly Candle[], quote: readonly Candle[]): ChildShape {
    const path: number[] = [];
    const highs: number[] = [];
    const lows: number[] = [];
    for (let i = 0; i < base.length; i++) {
      const [open, high, low] = this.prices(base[i]!, quote[i]!);
      path.push(open);
      highs.push(high);
      lows.push(low);
    }
    path.push(this.nearest(base[base.length - 1]!.close, quote[quote.length - 1]!.close));
    return { path, highs, lows };
  }
}
