import type { CliIo } from './cli-io.js';
import { table } from './format.js';

/** Writes one line to stdout. */
export function writeLine(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}

/** One result: a JSON object on one line with `--json`, else the text. */
export function emit(io: CliIo, json: boolean, data: unknown, text: () => string): void {
  writeLine(io, json ? JSON.stringify(data) : text());
}

/**
 * A list: one JSON array with `--json` (`[]` when there are no rows, so a script always reads a
 * value), else a table (or `empty` when there are no rows).
 */
export function emitRows<T>(
  io: CliIo,
  json: boolean,
  rows: readonly T[],
  view: { toJson: (row: T) => unknown; headers: readonly string[]; cells: (row: T) => string[]; empty: string },
): void {
  if (json) {
    writeLine(io, JSON.stringify(rows.map(view.toJson)));
    return;
  }
  writeLine(io, rows.length === 0 ? view.empty : table(view.headers, rows.map(view.cells)));
}

/** A note on stderr, so stdout stays data: `{"warning": ...}` with `--json`, else one line of text. */
export function warn(io: CliIo, json: boolean, message: string): void {
  io.stderr.write(json ? `${JSON.stringify({ warning: message })}\n` : `autotrader: warning: ${message}\n`);
}

/** A summary of what a command did, on stderr for people; `--json` keeps stderr for machine-readable lines only. */
export function note(io: CliIo, json: boolean, message: string): void {
  if (!json) io.stderr.write(`autotrader: ${message}\n`);
}

/** Aligned `name  value` lines, for single records read by people. */
export function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}
