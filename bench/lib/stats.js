/** Small statistics and formatting helpers shared by the scenarios. */
import process from 'node:process';

/** The median of `values` (not modified). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The `p`-th percentile (0–100) by nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** `ours / peer`, or NaN when either side is missing. */
export function ratio(ours, peer) {
  return Number.isFinite(ours) && Number.isFinite(peer) && peer !== 0 ? ours / peer : Number.NaN;
}

/** A number with a sensible number of digits for a table. */
export function fmt(value, digits) {
  if (value === undefined || value === null || Number.isNaN(value)) return 'n/a';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (digits !== undefined) return value.toFixed(digits);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** `×0.42` style ratio text. */
export function fmtRatio(value) {
  return Number.isFinite(value) ? `×${value >= 10 ? value.toFixed(1) : value.toFixed(2)}` : 'n/a';
}

/** Renders rows (arrays of cells) as an aligned text table; also used for Markdown with `markdown: true`. */
export function table(header, rows, { markdown = false } = {}) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  if (markdown) {
    const line = (row) => `| ${row.join(' | ')} |`;
    return [line(cells[0]), line(cells[0].map((_, i) => (i === 0 ? '---' : '---:'))), ...cells.slice(1).map(line)].join('\n');
  }
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Rotates `items` by `round`, so every client takes every position in turn across rounds. */
export function rotate(items, round) {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Runs `fn` until `minMs` has passed (at least `minIterations` calls); ns per call. Sync functions only. */
export function timeSync(fn, { minMs = 200, minIterations = 100 } = {}) {
  let iterations = 0;
  let batch = 64;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs * 1e6 || iterations < minIterations) {
    for (let i = 0; i < batch; i++) fn();
    iterations += batch;
    elapsed = Number(process.hrtime.bigint() - start);
    if (batch < 65_536) batch *= 2;
  }
  return elapsed / iterations;
}

/** The same for async functions, awaited one after another. */
export async function timeAsync(fn, { minMs = 200, minIterations = 100 } = {}) {
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs * 1e6 || iterations < minIterations) {
    for (let i = 0; i < 64; i++) await fn();
    iterations += 64;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return elapsed / iterations;
}

/**
 * Micro-benchmark of several candidates: warm-up, then `rounds` rounds in which each candidate
 * runs for `msPerRun`, the order rotating each round. Returns the median ns per call of each.
 */
export async function compareMicro(candidates, { rounds, msPerRun, warmupMs }) {
  for (const c of candidates) {
    if (c.async) await timeAsync(c.fn, { minMs: warmupMs });
    else timeSync(c.fn, { minMs: warmupMs });
  }
  const samples = new Map(candidates.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const c of rotate(candidates, round)) {
      const ns = c.async ? await timeAsync(c.fn, { minMs: msPerRun }) : timeSync(c.fn, { minMs: msPerRun });
      samples.get(c.name).push(ns);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, { median: median(values), samples: values }]));
}
