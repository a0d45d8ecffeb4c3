import { aggregateCandles, type Candle } from './candle.js';
import {
  HOURS_OF_DAY, MINUTES_OF_HOUR, MINUTE_MINIMUM, SECONDS_OF_MINUTE, SYNTHETIC_TRADE_CAP, TRADE_ID_STRIDE,
  deriveChildren, lastMinuteTrades, type ChildShape,
} from './candle-tree.js';
import { LegRatio } from './cross-pair.js';
import { cellKey, fold, hashString, unitAt } from './hash.js';
import { MAX_REPRICE, PriceAnchors, reprice, type Anchor } from './price-anchors.js';
import { PricePath, MINUTE_VOLATILITY } from './price-path.js';
import { RecentMemo } from './recent-memo.js';
import type { SymbolSpec } from './symbols.js';
import { FIXED_INTERVAL_MS } from '../../spec/binance/intervals.js';

/**
 * Computes the candles of one symbol on demand, top-down: a day is a pure function of (seed,
 * symbol, day), its open and close on the price path; its hours, their minutes and their seconds are
 * derived inside it (see candle-tree.ts). Longer candles are aggregates of days, so any candle costs
 * at most its days plus the partial days, hours and minutes at its two ends.
 *
 * A cross pair (ETHBTC) built over its legs' sources (ETHUSDT, BTCUSDT) takes its prices from
 * theirs at every level: each candle opens and closes at the ratio of its legs' seeded candles and
 * spans the widest ratio inside them, so a parent's children still aggregate back to it exactly;
 * its amounts and trades are its own draws.
 *
 * Users' trades and deliberate moves re-price the path from a whole second on (price-anchors.ts):
 * the seeded tree stays as it is, and every candle read after an anchor is the seeded one
 * re-priced, cut where an anchor starts so that no candle mixes two prices of the path.
 */

const SECOND_MS = 1_000;
const MINUTE_MS = FIXED_INTERVAL_MS['1m'];
const HOUR_MS = FIXED_INTERVAL_MS['1h'];
const DAY_MS = FIXED_INTERVAL_MS['1d'];
const DAY_MINUTES = 1440;

/** Days kept: the day of now and the first days of a few rolling windows. */
const DAYS_KEPT = 4;
/**
 * Parents whose children are kept: paging reads each day's hours and each hour's minutes once, and
 * a rolling window reads those at its start and at now every second, for a few windows at once.
 */
const CHILDREN_KEPT = 4;

/** Most steps of a move over time: a long move costs no more candle cuts than a minute's. */
const MOVE_STEPS = 60;

/** The sources of a cross pair's legs (see cross-pair.ts). */
export interface LegSources {
  readonly base: CandleSource;
  readonly quote: CandleSource;
}

/** Candles of one symbol, computed rather than stored. */
export class CandleSource {
  /** Noise key of this seed and symbol, for anything else derived from the market. */
  readonly key: number;
  private readonly path: PricePath;
  private readonly tick: number;
  private readonly step: number;
  private readonly quoteUnit: number;
  /** Noise keys of each level: days, the hours in a day, the minutes in an hour, the seconds in a minute. */
  private readonly levelKeys: readonly [number, number, number, number];
  private readonly daysKept = new RecentMemo<number, Candle>(DAYS_KEPT);
  private readonly hoursKept = new RecentMemo<number, readonly Candle[]>(CHILDREN_KEPT);
  private readonly minutesKept = new RecentMemo<number, readonly Candle[]>(CHILDREN_KEPT);
  private readonly secondsKept = new RecentMemo<number, readonly Candle[]>(CHILDREN_KEPT);
  private readonly anchors = new PriceAnchors();
  private readonly cross: (LegSources & { readonly ratio: LegRatio }) | undefined;
  private generated = 0;

  /** Creates the source for `spec` under `seed`; a cross pair's over its `legs`' seeded candles. */
  constructor(readonly spec: SymbolSpec, seed: number, legs?: LegSources) {
    this.key = fold(hashString(spec.symbol), seed);
    this.path = new PricePath(this.key, spec.basePrice, spec.volatility);
    this.tick = 10 ** -spec.tickDecimals;
    this.step = 10 ** -spec.stepDecimals;
    this.quoteUnit = 10 ** -spec.quoteVolumeDecimals;
    this.levelKeys = [fold(this.key, 0xda1), fold(this.key, 0x401), fold(this.key, 0x3e1), fold(this.key, 0x5ec)];
    this.cross = legs === undefined ? undefined : { ...legs, ratio: new LegRatio(spec, { base: legs.base.spec, quote: legs.quote.spec }) };
  }

  /**
   * Candles generated so far at every level (days, hours, minutes, seconds). Every answer is built
   * from them, so this counts the work a request costs; tests read it to bound that cost.
   */
  get candlesGenerated(): number {
    return this.generated;
  }

  /** Price in ticks at the start of epoch minute `minute`. */
  private priceTicks(minute: number): number {
    return Math.max(1, Math.round(this.path.priceAt(minute) / this.tick));
  }

  /** A typical move over `minutes` in ticks, at price `ticks`. */
  private sigma(ticks: number, minutes: number): number {
    return ticks * MINUTE_VOLATILITY * this.spec.volatility * Math.sqrt(minutes);
  }

  /** The seeded candle of epoch day `day`, drawn on its own: O(1) whatever the day. */
  private baseDay(day: number): Candle {
    return this.daysKept.get(day, () => {
      this.generated += 1;
      return this.generateDay(day);
    });
  }

  private generateDay(day: number): Candle {
    const { spec, cross } = this;
    const cell = cellKey(this.levelKeys[0], day);
    let open: number, high: number, low: number, close: number;
    if (cross === undefined) {
      open = this.priceTicks(day * DAY_MINUTES);
      close = this.priceTicks((day + 1) * DAY_MINUTES);
      const sigma = this.sigma(open, DAY_MINUTES);
      high = Math.max(open, close) + Math.floor(unitAt(cell, 1) ** 2 * sigma * 1.5);
      low = Math.max(1, Math.min(open, close) - Math.floor(unitAt(cell, 2) ** 2 * sigma * 1.5));
    } else {
      [open, high, low, close] = cross.ratio.prices(cross.base.baseDay(day), cross.quote.baseDay(day));
    }
    const sigma = this.sigma(open, DAY_MINUTES);
    // A day averages its minutes' activity, so it varies less from day to day than a minute does.
    const move = Math.min(4, Math.abs(close - open) / Math.max(1, sigma));
    const activity = (0.75 + 0.5 * unitAt(cell, 3)) * (0.85 + 0.15 * move);
    const volume = Math.max(DAY_MINUTES * MINUTE_MINIMUM, Math.round((spec.volumePerMinute * DAY_MINUTES * activity) / this.step));
    const perMinute = Math.max(MINUTE_MINIMUM + 20 * unitAt(cell, 4), spec.tradesPerMinute * activity * (0.9 + 0.2 * unitAt(cell, 5)));
    const trades = Math.min(DAY_MINUTES * SYNTHETIC_TRADE_CAP, Math.round(perMinute * DAY_MINUTES));
    const averagePrice = ((open + high + low + close) / 4) * this.tick;
    const quoteVolume = Math.round((volume * this.step * averagePrice) / this.quoteUnit);
    const takerBuyVolume = Math.round(volume * (0.42 + 0.16 * unitAt(cell, 6)));
    const takerBuyQuoteVolume = Math.round((quoteVolume * takerBuyVolume) / volume);
    const firstMinute = day * DAY_MINUTES;
    const lastTrades = lastMinuteTrades(trades, DAY_MINUTES, unitAt(cell, 7));
    return {
      openTime: day * DAY_MS, closeTime: day * DAY_MS + DAY_MS - 1,
      open, high, low, close, volume, quoteVolume, trades, takerBuyVolume, takerBuyQuoteVolume,
      firstTradeId: firstMinute * TRADE_ID_STRIDE,
      lastTradeId: (firstMinute + DAY_MINUTES - 1) * TRADE_ID_STRIDE + lastTrades - 1,
    };
  }

  /** The 24 hours of epoch day `day`, derived inside it. */
  private hoursOf(day: number): readonly Candle[] {
    return this.hoursKept.get(day, () => {
      const parent = this.baseDay(day);
      this.generated += HOURS_OF_DAY.count;
      const shape = this.legShape((legs) => legs.hoursOf(day));
      return deriveChildren(parent, HOURS_OF_DAY, cellKey(this.levelKeys[1], day), this.sigma(parent.open, 60), shape);
    });
  }

  /** The 60 minutes of epoch hour `hour`, derived inside it. */
  private minutesOf(hour: number): readonly Candle[] {
    return this.minutesKept.get(hour, () => {
      const parent = this.baseHour(hour);
      this.generated += MINUTES_OF_HOUR.count;
      const shape = this.legShape((legs) => legs.minutesOf(hour));
      return deriveChildren(parent, MINUTES_OF_HOUR, cellKey(this.levelKeys[2], hour), this.sigma(parent.open, 1), shape);
    });
  }

  /** A cross pair's children, from the same children of its legs (`children` reads them off a leg); undefined for other pairs. */
  private legShape(children: (leg: CandleSource) => readonly Candle[]): ChildShape | undefined {
    const { cross } = this;
    return cross === undefined ? undefined : cross.ratio.children(children(cross.base), children(cross.quote));
  }

  /** The seeded candle of epoch hour `hour`. */
  private baseHour(hour: number): Candle {
    return this.hoursOf(Math.floor(hour / 24))[hour - Math.floor(hour / 24) * 24]!;
  }

  /** The seeded candle of epoch minute `minute`. */
  private baseMinute(minute: number): Candle {
    return this.minutesOf(Math.floor(minute / 60))[minute - Math.floor(minute / 60) * 60]!;
  }

  /** The 60 seeded one-second candles of a minute, derived inside it like its minutes inside their hour. */
  private baseSeconds(minute: number): readonly Candle[] {
    return this.secondsKept.get(minute, () => {
      const parent = this.baseMinute(minute);
      this.generated += SECONDS_OF_MINUTE.count;
      const shape = this.legShape((legs) => legs.baseSeconds(minute));
      return deriveChildren(parent, SECONDS_OF_MINUTE, cellKey(this.levelKeys[3], minute), this.sigma(parent.open, 1 / 60), shape);
    });
  }

  /** The seeded one-second candle starting at `time` (a whole second). */
  private baseSecond(time: number): Candle {
    const minute = Math.floor(time / MINUTE_MS);
    return this.baseSeconds(minute)[Math.floor((time - minute * MINUTE_MS) / SECOND_MS)]!;
  }

  /**
   * Quote and taker-buy quote volumes of the seeded path from the start of the day of `time` (a
   * whole second) to `time`, read off the children already derived for the candle there.
   */
  private quoteBefore(time: number): [number, number] {
    let quote = 0;
    let takerQuote = 0;
    const add = (candles: readonly Candle[], count: number): void => {
      for (let i = 0; i < count; i++) {
        quote += candles[i]!.quoteVolume;
        takerQuote += candles[i]!.takerBuyQuoteVolume;
      }
    };
    const day = Math.floor(time / DAY_MS);
    let rest = time - day * DAY_MS;
    const hour = day * 24 + Math.floor(rest / HOUR_MS);
    if (rest > 0) add(this.hoursOf(day), hour - day * 24);
    rest -= (hour - day * 24) * HOUR_MS;
    const minute = hour * 60 + Math.floor(rest / MINUTE_MS);
    if (rest > 0) add(this.minutesOf(hour), minute - hour * 60);
    rest -= (minute - hour * 60) * MINUTE_MS;
    if (rest > 0) add(this.baseSeconds(minute), rest / SECOND_MS);
    return [quote, takerQuote];
  }

  /**
   * A seeded candle under `anchor`: prices re-priced; quote amounts scaled as differences of the
   * scaled running sums from the day's start, so that however a stretch is cut into candles,
   * they add up to the same amounts.
   */
  private repriced(candle: Candle, anchor: Anchor | undefined): Candle {
    const opensMove = anchor?.moved === true && candle.openTime === anchor.from;
    if (anchor === undefined || (anchor.price === anchor.base && !opensMove)) return candle;
    const factor = anchor.price / anchor.base;
    const [quoteBefore, takerQuoteBefore] = this.quoteBefore(candle.openTime);
    const scaled = (before: number, amount: number): number => Math.round((before + amount) * factor) - Math.round(before * factor);
    let open = reprice(candle.open, anchor);
    let high = reprice(candle.high, anchor);
    let low = reprice(candle.low, anchor);
    if (opensMove) {
      // A move's first second trades from where the market stood to the new level.
      open = reprice(this.baseSecond(anchor.from - SECOND_MS).close, this.anchors.at(anchor.from - SECOND_MS));
      high = Math.max(high, open);
      low = Math.min(low, open);
    }
    return {
      ...candle, open, high, low, close: reprice(candle.close, anchor),
      quoteVolume: scaled(quoteBefore, candle.quoteVolume),
      takerBuyQuoteVolume: scaled(takerQuoteBefore, candle.takerBuyQuoteVolume),
    };
  }

  /** The candle of [from, from + length) whose seeded candle is `base`, as the anchors price it. */
  private anchored(from: number, length: number, base: () => Candle): Candle {
    if (this.anchors.isEmpty) return base();
    if (this.anchors.cuts(from, from + length)) {
      return this.span(from, from + length, from, from + length - 1) ?? this.repriced(base(), this.anchors.at(from));
    }
    return this.repriced(base(), this.anchors.at(from));
  }

  /** The candle of epoch day `day`. */
  day(day: number): Candle {
    return this.anchored(day * DAY_MS, DAY_MS, () => this.baseDay(day));
  }

  /** The candle of epoch hour `hour`. */
  hour(hour: number): Candle {
    return this.anchored(hour * HOUR_MS, HOUR_MS, () => this.baseHour(hour));
  }

  /** The full one-minute candle of epoch minute `minute`. */
  minute(minute: number): Candle {
    return this.anchored(minute * MINUTE_MS, MINUTE_MS, () => this.baseMinute(minute));
  }

  /** The 60 one-second candles of a minute. */
  seconds(minute: number): readonly Candle[] {
    const base = this.baseSeconds(minute);
    if (this.anchors.isEmpty) return base;
    return base.map((candle) => this.repriced(candle, this.anchors.at(candle.openTime)));
  }

  /** The one-second candle starting at `time` (a whole second). */
  second(time: number): Candle {
    const base = this.baseSecond(time);
    return this.anchors.isEmpty ? base : this.repriced(base, this.anchors.at(time));
  }

  /**
   * Continues the path at `priceTicks` from `from` (a whole second) on, after a user's trade at
   * that price: the second at `from` opens there. A trade at the touch (within one book level of
   * the last price, which the book stands around) did not move the market, so it leaves the path,
   * and the cost of its candles, as they are; a move under way keeps its course. Returns whether
   * the path was re-priced.
   */
  continueAt(from: number, priceTicks: number): boolean {
    // A cross pair's price is its legs': a trade on it moves it no further than arbitrage would let it.
    if (this.cross !== undefined) return false;
    // The last price, not the next second's open: that one already follows earlier trades of this second.
    if (Math.abs(priceTicks - this.second(from - SECOND_MS).close) <= this.spec.levelSpacingTicks) return false;
    const base = this.baseSecond(from).open;
    return this.anchors.continueAt({ from, base, price: Math.min(priceTicks, this.highestPrice(from)), moved: false });
  }

  /** The price in ticks the path continues at from `from` (a whole second): the seeded open as the anchors re-price it. */
  private levelAt(from: number): number {
    return reprice(this.baseSecond(from).open, this.anchors.at(from));
  }

  /**
   * A cross pair's path follows its legs' re-pricings (users' trades and moves) from `from` on:
   * wherever a leg's path was re-priced, the cross's continues at the ratio of the legs' prices
   * there (capped like any move); earlier stretches stay as they were.
   */
  followLegs(from: number): void {
    const { cross } = this;
    if (cross === undefined) return;
    const times = [...new Set([...cross.base.anchors.from(from), ...cross.quote.anchors.from(from)].map((anchor) => anchor.from))];
    const movedAt = (leg: CandleSource, time: number): boolean => {
      const anchor = leg.anchors.at(time);
      return anchor?.from === time && anchor.moved;
    };
    const anchors = times.sort((a, b) => a - b).map((time): Anchor => ({
      from: time,
      base: this.baseSecond(time).open,
      price: Math.min(cross.ratio.nearest(cross.base.levelAt(time), cross.quote.levelAt(time)), this.highestPrice(time)),
      moved: movedAt(cross.base, time) || movedAt(cross.quote, time),
    }));
    this.anchors.replaceFrom(from, anchors);
  }

  /** The highest price in ticks the path can be moved to at `from` (a whole second): MAX_REPRICE times the seeded one. */
  highestPrice(from: number): number {
    return Math.floor(this.baseSecond(from).open * MAX_REPRICE);
  }

  /**
   * Moves the path to `priceTicks` from `from` (a whole second) on: at once when `overMs` is 0,
   * else in up to MOVE_STEPS even steps of whole seconds over `overMs`, from the price the market
   * stands at, each step at most `highestPrice`. Replaces any later anchor; returns the end of the
   * second in which the price arrives.
   */
  moveTo(from: number, priceTicks: number, overMs: number): number {
    const start = this.second(from - SECOND_MS).close;
    const count = Math.max(1, Math.min(MOVE_STEPS, Math.floor(overMs / SECOND_MS)));
    const steps: Anchor[] = [];
    for (let k = 1; k <= count; k++) {
      const at = from + Math.floor(((k - 1) * overMs) / count / SECOND_MS) * SECOND_MS;
      const price = k === count ? priceTicks : Math.max(1, Math.round(start + ((priceTicks - start) * k) / count));
      steps.push({ from: at, base: this.baseSecond(at).open, price: Math.min(price, this.highestPrice(at)), moved: true });
    }
    this.anchors.move(steps);
    return steps[steps.length - 1]!.from + SECOND_MS;
  }

  /**
   * The candle spanning [from, to) — both whole seconds — built from the coarsest complete pieces
   * (days, hours, minutes, seconds), clipped to the listing time; undefined when nothing traded.
   * `openTime`/`closeTime` are the labels the result carries.
   */
  span(from: number, to: number, openTime: number, closeTime: number): Candle | undefined {
    const pieces: Candle[] = [];
    let t = Math.max(from, this.spec.listedAt);
    while (t < to) {
      // Pieces end where an anchor cuts the path, so each one lies under a single anchor.
      const end = this.anchors.isEmpty ? to : this.anchors.nextCut(t, to);
      if (t % DAY_MS === 0 && t + DAY_MS <= end) {
        pieces.push(this.day(t / DAY_MS));
        t += DAY_MS;
      } else if (t % HOUR_MS === 0 && t + HOUR_MS <= end) {
        pieces.push(this.hour(t / HOUR_MS));
        t += HOUR_MS;
      } else if (t % MINUTE_MS === 0 && t + MINUTE_MS <= end) {
        pieces.push(this.minute(t / MINUTE_MS));
        t += MINUTE_MS;
      } else {
        pieces.push(this.second(t));
        t += SECOND_MS;
      }
    }
    return aggregateCandles(pieces, openTime, closeTime);
  }

  /**
   * The candle opening at `openTime` and closing at `closeTime`, as seen at `now`: the unfinished
   * candle holds everything up to and including the current second.
   */
  candle(openTime: number, closeTime: number, now: number): Candle | undefined {
    const end = Math.min(closeTime + 1, Math.floor(now / SECOND_MS) * SECOND_MS + SECOND_MS);
    if (end <= openTime) return undefined;
    if (openTime >= this.spec.listedAt && end === closeTime + 1) {
      // Fast paths for the two base intervals, which a year of history pages through.
      if (end - openTime === MINUTE_MS && openTime % MINUTE_MS === 0) return this.minute(openTime / MINUTE_MS);
      if (end - openTime === SECOND_MS) return this.second(openTime);
    }
    return this.span(openTime, end, openTime, closeTime);
  }

  /** The last traded price in ticks at `now`: the close of the current second. */
  lastPrice(now: number): number {
    return this.second(Math.floor(now / SECOND_MS) * SECOND_MS).close;
  }
}
