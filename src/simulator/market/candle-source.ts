import { aggregateCandles, type Candle } from './candle.js';
import {
  HOURS_OF_DAY, MINUTES_OF_HOUR, MINUTE_MINIMUM, SECONDS_OF_MINUTE, SYNTHETIC_TRADE_CAP, TRADE_ID_STRIDE,
  deriveChildren, lastMinuteTrades,
} from './candle-tree.js';
import { cellKey, fold, hashString, unitAt } from './hash.js';
import { PricePath, MINUTE_VOLATILITY } from './price-path.js';
import { RecentMemo } from './recent-memo.js';
import type { SymbolSpec } from './symbols.js';
import { FIXED_INTERVAL_MS } from '../../spec/binance/intervals.js';

/**
 * Computes the candles of one symbol on demand, top-down: a day is a pure function of (seed,
 * symbol, day), its open and close on the price path; its hours, their minutes and their seconds are
 * derived inside it (see candle-tree.ts). Longer candles are aggregates of days, so any candle costs
 * at most its days plus the partial days, hours and minutes at its two ends.
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
  private generated = 0;

  /** Creates the source for `spec` under `seed`. */
  constructor(readonly spec: SymbolSpec, seed: number) {
    this.key = fold(hashString(spec.symbol), seed);
    this.path = new PricePath(this.key, spec.basePrice, spec.volatility);
    this.tick = 10 ** -spec.tickDecimals;
    this.step = 10 ** -spec.stepDecimals;
    this.quoteUnit = 10 ** -spec.quoteVolumeDecimals;
    this.levelKeys = [fold(this.key, 0xda1), fold(this.key, 0x401), fold(this.key, 0x3e1), fold(this.key, 0x5ec)];
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

  /** The candle of epoch day `day`, drawn on its own: O(1) whatever the day. */
  day(day: number): Candle {
    return this.daysKept.get(day, () => {
      this.generated += 1;
      return this.generateDay(day);
    });
  }

  private generateDay(day: number): Candle {
    const { spec } = this;
    const open = this.priceTicks(day * DAY_MINUTES);
    const close = this.priceTicks((day + 1) * DAY_MINUTES);
    const cell = cellKey(this.levelKeys[0], day);
    const sigma = this.sigma(open, DAY_MINUTES);
    const high = Math.max(open, close) + Math.floor(unitAt(cell, 1) ** 2 * sigma * 1.5);
    const low = Math.max(1, Math.min(open, close) - Math.floor(unitAt(cell, 2) ** 2 * sigma * 1.5));
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
      const parent = this.day(day);
      this.generated += HOURS_OF_DAY.count;
      return deriveChildren(parent, HOURS_OF_DAY, cellKey(this.levelKeys[1], day), this.sigma(parent.open, 60));
    });
  }

  /** The 60 minutes of epoch hour `hour`, derived inside it. */
  private minutesOf(hour: number): readonly Candle[] {
    return this.minutesKept.get(hour, () => {
      const parent = this.hour(hour);
      this.generated += MINUTES_OF_HOUR.count;
      return deriveChildren(parent, MINUTES_OF_HOUR, cellKey(this.levelKeys[2], hour), this.sigma(parent.open, 1));
    });
  }

  /** The candle of epoch hour `hour`. */
  hour(hour: number): Candle {
    return this.hoursOf(Math.floor(hour / 24))[hour - Math.floor(hour / 24) * 24]!;
  }

  /** The full one-minute candle of epoch minute `minute`. */
  minute(minute: number): Candle {
    return this.minutesOf(Math.floor(minute / 60))[minute - Math.floor(minute / 60) * 60]!;
  }

  /** The 60 one-second candles of a minute, derived inside it like its minutes inside their hour. */
  seconds(minute: number): readonly Candle[] {
    return this.secondsKept.get(minute, () => {
      const parent = this.minute(minute);
      this.generated += SECONDS_OF_MINUTE.count;
      return deriveChildren(parent, SECONDS_OF_MINUTE, cellKey(this.levelKeys[3], minute), this.sigma(parent.open, 1 / 60));
    });
  }

  /** The one-second candle starting at `time` (a whole second). */
  second(time: number): Candle {
    const minute = Math.floor(time / MINUTE_MS);
    return this.seconds(minute)[Math.floor((time - minute * MINUTE_MS) / SECOND_MS)]!;
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
      if (t % DAY_MS === 0 && t + DAY_MS <= to) {
        pieces.push(this.day(t / DAY_MS));
        t += DAY_MS;
      } else if (t % HOUR_MS === 0 && t + HOUR_MS <= to) {
        pieces.push(this.hour(t / HOUR_MS));
        t += HOUR_MS;
      } else if (t % MINUTE_MS === 0 && t + MINUTE_MS <= to) {
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
