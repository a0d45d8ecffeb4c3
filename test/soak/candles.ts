import { Decimal } from '../../src/core/decimal.js';
import type { Candlestick, Interval } from '../../src/core/models.js';
import type { Findings } from './findings.js';
import type { KlineRow, Oracle } from './oracle.js';

/**
 * One candle subscription's closed candles: checked as they arrive (in order, none twice, none
 * missing) and, at quiet points, field by field against the exchange's REST klines.
 */

/** A closed candle reduced to what is compared. */
interface ClosedCandle {
  readonly openTime: number;
  readonly closeTime: number;
  readonly values: string;
}

function valuesOf(open: string, high: string, low: string, close: string, volume: string, quoteVolume: string, trades: number): string {
  return [open, high, low, close, volume, quoteVolume].map((v) => new Decimal(v).toFixed()).concat(String(trades)).join(' ');
}

function rowValues(row: KlineRow): string {
  return valuesOf(row[1], row[2], row[3], row[4], row[5], row[7], row[8]);
}

/** The closed candles of one subscription since the last quiet point. */
export class CandleRecorder {
  #pending: ClosedCandle[] = [];
  #last: { openTime: number; closeTime: number } | undefined;
  #closedSinceQuiet = 0;
  /** Closed candles received, and those compared with REST. */
  readonly counts = { closed: 0, checked: 0 };

  constructor(readonly label: string, readonly symbol: string, readonly interval: Interval, private readonly findings: Findings) {}

  /** Handles one delivered candle. */
  onCandle(candle: Candlestick): void {
    if (!candle.closed) return;
    this.counts.closed += 1;
    this.#closedSinceQuiet += 1;
    const last = this.#last;
    if (last !== undefined) {
      if (candle.openTime <= last.openTime) {
        this.findings.fail('candles-gapless', `${this.label}: closed candle ${iso(candle.openTime)} delivered again or out of order (last closed was ${iso(last.openTime)})`);
        return;
      }
      if (candle.openTime !== last.closeTime + 1) {
        const stepMs = last.closeTime + 1 - last.openTime;
        const missing = Math.round((candle.openTime - last.closeTime - 1) / stepMs);
        this.findings.fail('candles-gapless', `${this.label}: ${missing} closed candle(s) missing between ${iso(last.openTime)} and ${iso(candle.openTime)}`);
      }
    }
    this.#last = { openTime: candle.openTime, closeTime: candle.closeTime };
    this.#pending.push({
      openTime: candle.openTime,
      closeTime: candle.closeTime,
      values: valuesOf(candle.open.toFixed(), candle.high.toFixed(), candle.low.toFixed(), candle.close.toFixed(), candle.volume.toFixed(), candle.quoteVolume.toFixed(), candle.trades),
    });
  }

  /**
   * Compares the candles received since the last quiet point with REST klines of the same range.
   * `expectFlow`: the segment was long enough that a closed candle must have arrived.
   */
  async verify(oracle: Oracle, expectFlow: boolean): Promise<void> {
    if (expectFlow && this.#closedSinceQuiet === 0) {
      this.findings.fail('candles-flowing', `${this.label}: no closed candle delivered since the last quiet point`);
    }
    this.#closedSinceQuiet = 0;
    const pending = this.#pending;
    this.#pending = [];
    // REST serves no candle from the exchange's future; one delivered while its clock ran ahead is compared once it is past.
    if (pending.length > 0) await oracle.reach(pending.at(-1)!.closeTime);
    for (let start = 0; start < pending.length; start += 1000) {
      const chunk = pending.slice(start, start + 1000);
      const rows = await oracle.klines(this.symbol, this.interval, chunk[0]!.openTime, chunk.at(-1)!.openTime);
      const byOpen = new Map(rows.map((row) => [row[0], row]));
      for (const candle of chunk) {
        const row = byOpen.get(candle.openTime);
        this.counts.checked += 1;
        if (row === undefined) {
          this.findings.fail('candles-equal-rest', `${this.label}: candle ${iso(candle.openTime)} is not in the REST klines`);
        } else if (row[6] !== candle.closeTime || rowValues(row) !== candle.values) {
          this.findings.fail('candles-equal-rest', `${this.label}: candle ${iso(candle.openTime)} is [${candle.values}], REST says [${rowValues(row)}]`);
        }
      }
    }
  }
}

/** An epoch ms as ISO time, for messages. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
