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

/** ISO time without milliseconds, in UTC. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
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
