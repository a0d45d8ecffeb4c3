import { aggregateCandles, type Candle } from './candle.js';
import { cellKey, fold, hashString, unitAt } from './hash.js';
import { PricePath, MINUTE_VOLATILITY } from './price-path.js';
import { RecentMemo } from './recent-memo.js';
import type { SymbolSpec } from './symbols.js';
import { splitProportional } from './units.js';

/**
 * Computes the candles of one symbol on demand. One-minute candles are the source of truth, each a
 * pure function of (seed, symbol, minute); one-second candles are derived inside their minute so
 * they aggregate back to it exactly; hours and days are aggregates, memoized because long intervals
 * and 24h tickers reuse them constantly.
 */

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Trade ids are minute-scoped: id = epochMinute * TRADE_ID_STRIDE + index within the minute. */
export const TRADE_ID_STRIDE = 10_000;
/** Synthetic trades of a minute use indexes below this; user trades take the indexes above it. */
export const SYNTHETIC_TRADE_CAP = 9_000;

const MEMO_LIMIT = 50_000;
/**
 * Minutes whose one-second candles are kept: a 24h ticker reads the seconds at both ends of its
 * window (and the book and last trade those of now), so one entry would recompute them on every call.
 */
const SECONDS_KEPT = 4;
/** Runs of whole minutes kept: the two ends of a few rolling windows. */
const MINUTE_RUNS_KEPT = 16;

/**
 * Where a run of whole minutes from `t` ends inside a span ending at `to`: at the first minute where
 * a whole hour fits, or where a whole minute no longer does (the pieces `span` would choose).
 */
function minuteRunEnd(t: number, to: number): number {
  let end = t + MINUTE_MS;
  while (end + MINUTE_MS <= to && !(end % HOUR_MS === 0 && end + HOUR_MS <= to)) end += MINUTE_MS;
  return end;
}

/** Candles of one symbol, computed rather than stored. */
export class CandleSource {
  /** Noise key of this seed and symbol, for anything else derived from the market. */
  readonly key: number;
  private readonly path: PricePath;
  private readonly tick: number;
  private readonly step: number;
  private readonly quoteUnit: number;
  private readonly hours = new Map<number, Candle>();
  private readonly days = new Map<number, Candle>();
  private priceMinute = Number.NaN;
  private priceValue = 0;
  private readonly secondsKept = new RecentMemo<number, readonly Candle[]>(SECONDS_KEPT);
  private readonly minuteRuns = new RecentMemo<string, Candle>(MINUTE_RUNS_KEPT);
  private computed = 0;

  /** Creates the source for `spec` under `seed`. */
  constructor(readonly spec: SymbolSpec, seed: number) {
    this.key = fold(hashString(spec.symbol), seed);
    this.path = new PricePath(this.key, spec.basePrice, spec.volatility);
    this.tick = 10 ** -spec.tickDecimals;
    this.step = 10 ** -spec.stepDecimals;
    this.quoteUnit = 10 ** -spec.quoteVolumeDecimals;
  }

  /** Price in ticks at the start of epoch minute `minute`. */
  private priceTicks(minute: number): number {
    // A minute's close is the next minute's open, so sequential reads hit this one-entry cache.
    if (minute !== this.priceMinute) {
      this.priceMinute = minute;
      this.priceValue = Math.max(1, Math.round(this.path.priceAt(minute) / this.tick));
    }
    return this.priceValue;
  }

  /**
   * Candles generated so far at every level (days, hours, minutes, seconds). Every answer is built
   * from them, so this counts the work a request costs; tests read it to bound that cost.
   */
  get candlesGenerated(): number {
    return this.computed;
  }

  /** The full one-minute candle of epoch minute `minute`. */
  minute(minute: number): Candle {
    this.computed += 1;
    const open = this.priceTicks(minute);
    const close = this.priceTicks(minute + 1);
    const cell = cellKey(this.key, minute);
    const sigmaTicks = open * MINUTE_VOLATILITY * this.spec.volatility;
    const wickUp = Math.floor(unitAt(cell, 1) ** 2 * sigmaTicks * 1.5);
    const wickDown = Math.floor(unitAt(cell, 2) ** 2 * sigmaTicks * 1.5);
    const high = Math.max(open, close) + wickUp;
    const low = Math.max(1, Math.min(open, close) - wickDown);
    const hourOfDay = Math.floor(minute / 60) % 24;
    // Busier during the European and US sessions, and when the price moves.
    const session = 1 + 0.35 * Math.sin(((hourOfDay - 8) / 24) * 2 * Math.PI);
    const move = Math.abs(close - open) / Math.max(1, sigmaTicks);
    const activity = session * (0.4 + 1.2 * unitAt(cell, 3)) * (0.8 + 0.25 * move);
    const volume = Math.max(60, Math.round((this.spec.volumePerMinute * activity) / this.step));
    const trades = Math.min(SYNTHETIC_TRADE_CAP, Math.max(60, Math.round(
      this.spec.tradesPerMinute * activity * (0.7 + 0.6 * unitAt(cell, 4)),
    )));
    const averagePrice = ((open + high + low + close) / 4) * this.tick;
    const quoteVolume = Math.round((volume * this.step * averagePrice) / this.quoteUnit);
    const takerBuyVolume = Math.round(volume * (0.35 + 0.3 * unitAt(cell, 5)));
    const takerBuyQuoteVolume = Math.round((quoteVolume * takerBuyVolume) / volume);
    const firstTradeId = minute * TRADE_ID_STRIDE;
    return {
      openTime: minute * MINUTE_MS, closeTime: minute * MINUTE_MS + MINUTE_MS - 1,
      open, high, low, close, volume, quoteVolume, trades, takerBuyVolume, takerBuyQuoteVolume,
      firstTradeId, lastTradeId: firstTradeId + trades - 1,
    };
  }

  /**
   * The 60 one-second candles of a minute: a Brownian bridge from its open to its close, clamped
   * into its range, with the minute's high and low each reached in one chosen second; amounts are
   * split so they sum back to the minute exactly.
   */
  seconds(minute: number): readonly Candle[] {
    return this.secondsKept.get(minute, () => this.computeSeconds(minute));
  }

  private computeSeconds(minute: number): readonly Candle[] {
    const m = this.minute(minute);
    this.computed += 60;
    const cell = cellKey(this.key, minute);
    const walk: number[] = [0];
    for (let i = 1; i <= 60; i++) walk.push(walk[i - 1]! + (unitAt(cell, 100 + i) * 2 - 1));
    const end = walk[60]!;
    const scale = (m.open * MINUTE_VOLATILITY * this.spec.volatility) / Math.sqrt(60) / 0.58;
    const path = walk.map((w, i) => {
      if (i === 0) return m.open;
      if (i === 60) return m.close;
      const drift = m.open + ((m.close - m.open) * i) / 60;
      return Math.min(m.high, Math.max(m.low, Math.round(drift + (w - (end * i) / 60) * scale)));
    });
    const highSecond = Math.floor(unitAt(cell, 6) * 60);
    const lowSecond = (highSecond + 1 + Math.floor(unitAt(cell, 7) * 59)) % 60;
    const weights = path.slice(0, 60).map((p, s) => 1 + Math.floor(unitAt(cell, 200 + s) * 50)
      + Math.abs(path[s + 1]! - p));
    const trades = splitProportional(m.trades - 60, weights).map((n) => n + 1);
    const volumes = splitProportional(m.volume - 60, weights).map((v) => v + 1);
    const quoteVolumes = splitProportional(m.quoteVolume, volumes);
    const takerVolumes = splitProportional(m.takerBuyVolume, volumes);
    const takerQuotes = splitProportional(m.takerBuyQuoteVolume, volumes);
    const candles: Candle[] = [];
    let tradeId = m.firstTradeId;
    for (let s = 0; s < 60; s++) {
      const open = path[s]!;
      const close = path[s + 1]!;
      const count = trades[s]!;
      candles.push({
        openTime: m.openTime + s * SECOND_MS, closeTime: m.openTime + s * SECOND_MS + SECOND_MS - 1,
        open, close,
        high: s === highSecond ? m.high : Math.max(open, close),
        low: s === lowSecond ? m.low : Math.min(open, close),
        volume: volumes[s]!, quoteVolume: quoteVolumes[s]!, trades: count,
        takerBuyVolume: takerVolumes[s]!, takerBuyQuoteVolume: takerQuotes[s]!,
        firstTradeId: tradeId, lastTradeId: tradeId + count - 1,
      });
      tradeId += count;
    }
    return candles;
  }

  /** The one-second candle starting at `time` (a whole second). */
  second(time: number): Candle {
    const minute = Math.floor(time / MINUTE_MS);
    return this.seconds(minute)[Math.floor((time - minute * MINUTE_MS) / SECOND_MS)]!;
  }

  private hour(time: number): Candle {
    let candle = this.hours.get(time);
    if (candle === undefined) {
      const pieces: Candle[] = [];
      for (let t = time; t < time + HOUR_MS; t += MINUTE_MS) pieces.push(this.minute(t / MINUTE_MS));
      candle = aggregateCandles(pieces, time, time + HOUR_MS - 1)!;
      this.computed += 1;
      if (this.hours.size >= MEMO_LIMIT) this.hours.clear();
      this.hours.set(time, candle);
    }
    return candle;
  }

  private day(time: number): Candle {
    let candle = this.days.get(time);
    if (candle === undefined) {
      const pieces: Candle[] = [];
      for (let t = time; t < time + DAY_MS; t += HOUR_MS) pieces.push(this.hour(t));
      candle = aggregateCandles(pieces, time, time + DAY_MS - 1)!;
      this.computed += 1;
      if (this.days.size >= MEMO_LIMIT) this.days.clear();
      this.days.set(time, candle);
    }
    return candle;
  }

  /**
   * The whole minutes [from, to) as one candle. A rolling window's minutes before its first hour and
   * after its last one stay the same for the whole minute, so they are kept rather than re-added
   * every second.
   */
  private minuteRun(from: number, to: number): Candle {
    return this.minuteRuns.get(`${from}/${to}`, () => {
      const pieces: Candle[] = [];
      for (let t = from; t < to; t += MINUTE_MS) pieces.push(this.minute(t / MINUTE_MS));
      return aggregateCandles(pieces, from, to - 1)!;
    });
  }

  /**
   * The candle spanning [from, to) — both whole seconds — built from the coarsest complete pieces
   * (days, hours, minutes, seconds), clipped to the listing time; undefined when nothing traded.
   * `openTime`/`closeTime` are the labels the result carries.
   */
  span(from: number, to: number, openTime: number, closeTime: number): Candle | undefined {
    const pieces: Candle[] = [];
    let t = Math.max(from, this.spec.listedAt);
    // Only windows longer than an hour (rolling tickers) have minute runs worth keeping; a kline's
    // minutes are read once.
    const keepRuns = to - t > HOUR_MS;
    while (t < to) {
      if (t % DAY_MS === 0 && t + DAY_MS <= to) {
        pieces.push(this.day(t));
        t += DAY_MS;
      } else if (t % HOUR_MS === 0 && t + HOUR_MS <= to) {
        pieces.push(this.hour(t));
        t += HOUR_MS;
      } else if (keepRuns && t % MINUTE_MS === 0 && t + MINUTE_MS <= to) {
        const runEnd = minuteRunEnd(t, to);
        pieces.push(this.minuteRun(t, runEnd));
        t = runEnd;
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
