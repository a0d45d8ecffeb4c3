import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import type { AccountTrade, Candlestick } from '../core/models.js';
import { isoTime, table } from './format.js';
import { parseChoice } from './parse-args.js';
import { accountTradeJson, candleJson } from './serialize.js';

/** Output formats of commands that write many rows (`candles`, `trades`). */
export const ROW_FORMATS = ['csv', 'jsonl', 'table'] as const;
/** One of {@link ROW_FORMATS}. */
export type RowFormat = (typeof ROW_FORMATS)[number];

/**
 * The format of a row-writing command: `--format` when given; else JSON lines with `--json`, a
 * file by its extension, a range as CSV, and a short list as a table.
 */
export function chooseRowFormat(options: { format?: string | undefined; out?: string | undefined }, json: boolean, ranged: boolean): RowFormat {
  if (options.format !== undefined) return parseChoice('--format', options.format, ROW_FORMATS);
  if (json) return 'jsonl';
  if (options.out !== undefined) return ['.jsonl', '.ndjson', '.json'].includes(extname(options.out).toLowerCase()) ? 'jsonl' : 'csv';
  return ranged ? 'csv' : 'table';
}

/** How one kind of row is written in each format. */
export interface RowView<T> {
  /** The CSV header line. */
  csvHeader: string;
  /** A row as one CSV line (no field needs quoting: numbers, booleans and plain names only). */
  csvLine(row: T): string;
  /** A row as one JSON value. */
  json(row: T): unknown;
  tableHeaders: readonly string[];
  tableCells(row: T): string[];
  /** What a table says when there are no rows. */
  empty: string;
  /** The time that places a row in its range, for the summary. */
  time(row: T): number;
}

/** Candles: columns in Binance's kline order, times in epoch ms. */
export const CANDLE_ROWS: RowView<Candlestick> = {
  csvHeader: 'openTime,open,high,low,close,volume,closeTime,quoteVolume,trades,closed',
  csvLine: (c) => [
    c.openTime, c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(),
    c.closeTime, c.quoteVolume.toFixed(), c.trades, c.closed,
  ].join(','),
  json: candleJson,
  tableHeaders: ['open time', 'open', 'high', 'low', 'close', 'volume', 'trades', 'closed'],
  tableCells: (c) => [isoTime(c.openTime), c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(), String(c.trades), String(c.closed)],
  empty: 'no candles',
  time: (c) => c.openTime,
};

/** The account's fills, with their fees; times in epoch ms. */
export const TRADE_ROWS: RowView<AccountTrade> = {
  csvHeader: 'time,tradeId,orderId,orderListId,symbol,side,price,quantity,quoteQuantity,commission,commissionAsset,isMaker',
  csvLine: (t) => [
    t.time, t.tradeId, t.orderId, t.orderListId ?? '', t.symbol, t.side, t.price.toFixed(), t.quantity.toFixed(),
    t.quoteQuantity.toFixed(), t.commission.toFixed(), t.commissionAsset, t.isMaker,
  ].join(','),
  json: accountTradeJson,
  tableHeaders: ['tradeId', 'orderId', 'side', 'price', 'qty', 'quoteQty', 'fee', 'feeAsset', 'maker', 'time'],
  tableCells: (t) => [
    String(t.tradeId), t.orderId, t.side, t.price.toFixed(), t.quantity.toFixed(), t.quoteQuantity.toFixed(),
    t.commission.toFixed(), t.commissionAsset, t.isMaker ? 'yes' : 'no', isoTime(t.time),
  ],
  empty: 'no fills',
  time: (t) => t.time,
};

/** Lines held before a write; about one page, so output follows the pages as they arrive. */
const FLUSH_LINES = 1000;

/**
 * Where rows go. CSV and JSON lines are written in chunks of whole lines, waiting for the stream
 * to drain, so memory stays flat and a stop at any point leaves only whole lines. A table needs
 * every row for its widths, so it is printed at the end.
 */
export class RowSink<T> {
  readonly #view: RowView<T>;
  readonly #format: RowFormat;
  readonly #stream: Writable;
  readonly #ownsStream: boolean;
  #lines: string[] = [];
  #rows: T[] = [];
  #count = 0;
  #first: number | undefined;
  #last: number | undefined;

  private constructor(view: RowView<T>, format: RowFormat, stream: Writable, ownsStream: boolean) {
    this.#view = view;
    this.#format = format;
    this.#stream = stream;
    this.#ownsStream = ownsStream;
    if (format === 'csv') this.#lines.push(view.csvHeader);
  }

  /** A sink writing to `path` (created or truncated now, so a bad path fails before any request), or to `stdout`. */
  static async open<T>(view: RowView<T>, format: RowFormat, path: string | undefined, stdout: Writable): Promise<RowSink<T>> {
    if (path === undefined) return new RowSink(view, format, stdout, false);
    const handle = await open(path, 'w');
    return new RowSink(view, format, handle.createWriteStream(), true);
  }

  /** Rows taken so far (written or held). */
  get count(): number {
    return this.#count;
  }

  /** Times of the first and last row taken, for the summary; undefined before the first. */
  get range(): { first: number; last: number } | undefined {
    return this.#first === undefined || this.#last === undefined ? undefined : { first: this.#first, last: this.#last };
  }

  /** The format written. */
  get format(): RowFormat {
    return this.#format;
  }

  /** Adds one row; returns true when a chunk was written. */
  async add(row: T): Promise<boolean> {
    this.#count += 1;
    this.#first ??= this.#view.time(row);
    this.#last = this.#view.time(row);
    if (this.#format === 'table') {
      this.#rows.push(row);
      return false;
    }
    this.#lines.push(this.#format === 'csv' ? this.#view.csvLine(row) : JSON.stringify(this.#view.json(row)));
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
      this.#lines.push(this.#rows.length === 0 ? this.#view.empty : table(this.#view.tableHeaders, this.#rows.map((row) => this.#view.tableCells(row))));
      this.#rows = [];
    }
    await this.flush();
    if (this.#ownsStream) {
      this.#stream.end();
      await finished(this.#stream);
    }
  }
}
