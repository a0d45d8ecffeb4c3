import type { Ticker } from '../core/models.js';

/** Plain-text tables and values for the terminal. */

/** Renders rows as an aligned table with a header line. Numbers-like columns are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.,:%]+$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The one format every time is printed in for people: ISO-8601 in UTC with milliseconds, so every
 * time has the same width, sorts as text, and keeps the precision of trades and order events.
 */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** A counted item's name: `{ one: 'order update', many: 'order updates' }`. */
export interface CountedItems {
  one: string;
  many: string;
}

/** `3 order updates`, `1 order update`. */
export function countText(count: number, items: CountedItems): string {
  return `${count} ${count === 1 ? items.one : items.many}`;
}

/** A heading line. */
export function heading(text: string): string {
  return `\n== ${text}`;
}

/** The label and value rows the `ticker` command and the live ticker view both show. */
export function tickerFields(t: Ticker): [string, string][] {
  return [
    ['last', t.lastPrice.toFixed()],
    ['bid', t.bidPrice.toFixed()],
    ['ask', t.askPrice.toFixed()],
    ['open', t.openPrice.toFixed()],
    ['high', t.highPrice.toFixed()],
    ['low', t.lowPrice.toFixed()],
    ['24h change %', t.priceChangePercent.toFixed()],
    ['volume', t.volume.toFixed()],
    ['quote volume', t.quoteVolume.toFixed()],
    ['as of', isoTime(t.closeTime)],
  ];
}
