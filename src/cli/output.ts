import { table } from './format.js';

/** Writes one line to stdout. */
export function writeLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** One result: a JSON object on one line with `--json`, else the text. */
export function emit(json: boolean, data: unknown, text: () => string): void {
  writeLine(json ? JSON.stringify(data) : text());
}

/** A list: one JSON line per row with `--json`, else a table (or `empty` when there are no rows). */
export function emitRows<T>(
  json: boolean,
  rows: readonly T[],
  view: { toJson: (row: T) => unknown; headers: readonly string[]; cells: (row: T) => string[]; empty: string },
): void {
  if (json) {
    for (const row of rows) writeLine(JSON.stringify(view.toJson(row)));
    return;
  }
  writeLine(rows.length === 0 ? view.empty : table(view.headers, rows.map(view.cells)));
}

/** Aligned `name  value` lines, for single records read by people. */
export function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}
