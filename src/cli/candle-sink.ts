import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Candlestick } from '../core/models.js';
import { isoTime, table } from './format.js';
import { candleJson } from './serialize.js';

/** Output formats of `autotrader candles`. */
export const CANDLE_FORMATS = ['csv', 'jsonl', 'table'] as const;
/** One of {@link CANDLE_FORMATS}. */
export type CandleFormat = (typeof CANDLE_FORMATS)[number];

/** The CSV header line; columns in Binance's kline order, times in epoch ms. */
export const CSV_HEADER = 'openTime,open,high,low,close,volume,closeTime,quoteVolume,trades,closed';

/** A candle as one CSV line (no field needs quoting: numbers and booleans only). */
export function csvLine(c: Candlestick): string {
  return [
    c.openTime, c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(),
    c.closeTime, c.quoteVolume.toFixed(), c.trades, c.closed,
  ].join(',');
}

const TABLE_HEADERS = ['open time', 'open', 'high', 'low', 'close', 'volume', 'trades', 'closed'];

function tableCells(c: Candlestick): string[] {
  return [isoTime(c.openTime), c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(), String(c.trades), String(c.closed)];
}

/** Lines held before a write; about one page, so output follows the pages as they arrive. */
const FLUSH_LINES = 1000;

/**
 * Where candles go. CSV and JSON lines are written in chunks of whole lines, waiting for the
 * stream to drain, so memory stays flat and a stop at any point leaves only whole lines. A table
 * needs every row for its widths, so it is printed at the end.
 */
export class CandleSink {
  readonly #format: CandleFormat;
  readonly #stream: Writable;
  readonly #ownsStream: boolean;
  #lines: string[] = [];
  #rows: Candlestick[] = [];
  #count = 0;
  #first: number | undefined;
  #last: number | undefined;

  private constructor(format: CandleFormat, stream: Writable, ownsStream: boolean) {
    this.#format = format;
    this.#stream = stream;
    this.#ownsStream = ownsStream;
    if (format === 'csv') this.#lines.push(CSV_HEADER);
  }

  /** A sink writing to `path` (created or truncated now, so a bad path fails before any request), or to `stdout`. */
  static async open(format: CandleFormat, path: string | undefined, stdout: Writable): Promise<CandleSink> {
    if (path === undefined) return new CandleSink(format, stdout, false);
    const handle = await open(path, 'w');
    return new CandleSink(format, handle.createWriteStream(), true);
  }

  /** Candles taken so far (written or held). */
  get count(): number {
    return this.#count;
  }

  /** Open times of the first and last candle taken, for the summary; undefined before the first. */
  get range(): { first: number; last: number } | undefined {
    return this.#first === undefined || this.#last === undefined ? undefined : { first: this.#first, last: this.#last };
  }

  /** The format written. */
  get format(): CandleFormat {
    return this.#format;
  }

  /** Adds one candle; returns true when a chunk was written. */
  async add(candle: Candlestick): Promise<boolean> {
    this.#count += 1;
    this.#first ??= candle.openTime;
    this.#last = candle.openTime;
    if (this.#format === 'table') {
      this.#rows.push(candle);
      return false;
    }
    this.#lines.push(this.#format === 'csv' ? csvLine(candle) : JSON.stringify(candleJson(candle)));
    if (this.#lines.length < FLUSH_LINES) return false;
    await this.flush();
    return true;
  }

  /** Writes the held lines as one chunk, waiting while the stream is full. */
  async flush(): Promise<void> {
    if (this.#lines.length === 0) return;
    const chunk = `${this.#lines.join('\n')}\n`;
    this.#lines = [];
    if (this.#stream.write(chunk)) return;
    // A closed reader (such as `| head`) ends the wait with its error instead of leaving it hanging.
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        this.#stream.off('drain', done);
        this.#stream.off('error', done);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#stream.once('drain', done);
      this.#stream.once('error', done);
    });
  }

  /** Writes what is held (the table, if any) and closes a file; stdout is left open. */
  async close(): Promise<void> {
    if (this.#format === 'table') {
      this.#lines.push(this.#rows.length === 0 ? 'no candles' : table(TABLE_HEADERS, this.#rows.map(tableCells)));
      this.#rows = [];
    }
    await this.flush();
    if (this.#ownsStream) {
      this.#stream.end();
      await finished(this.#stream);
    }
  }
}
