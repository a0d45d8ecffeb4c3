/**
 * 5. History: a full year of 1m candles (525,600) for one symbol, written to a CSV file, with the
 * simulator enforcing Binance's request-weight limits. Each sample is a fresh client process (so
 * peak RSS is its own) against a fresh simulator process (so no sample inherits another's weight).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { promisify } from 'node:util';
import { fmt, fmtRatio, median, rotate } from '../lib/stats.js';
import { startSimChild } from '../lib/sim-child.js';

const run_ = promisify(execFile);
const ENTRY = fileURLToPath(new URL('../lib/history-process.js', import.meta.url));
const MINUTE = 60_000;
const NAMES = ['ours', 'ours getCandles', 'ccxt', 'binance', '@binance/spot'];

async function sample(name, minutes) {
  const sim = await startSimChild();
  const file = join(tmpdir(), `bench-history-${process.pid}-${name.replace(/\W/g, '')}.csv`);
  const endTime = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
  const startTime = endTime - (minutes - 1) * MINUTE;
  try {
    const before = await sim.stats();
    const { stdout } = await run_(process.execPath, [ENTRY, name, JSON.stringify({ restUrl: sim.restUrl, account: sim.account }), String(startTime), String(endTime), file], { maxBuffer: 1 << 20 });
    const stats = await sim.stats();
    return {
      ...JSON.parse(stdout), simCpuMs: stats.cpuMs - before.cpuMs,
      tooMany: (stats.statuses[429] ?? 0) + (stats.statuses[418] ?? 0), requests: Object.values(stats.statuses).reduce((a, b) => a + b, 0),
    };
  } finally {
    rmSync(file, { force: true });
    await sim.close();
  }
}

export const id = 'history';
export const title = '5. History: a year of 1m candles to a file';

export async function run({ quick }) {
  const minutes = quick ? 30 * 1440 : 525_600;
  const rounds = quick ? 1 : 3;
  const results = new Map(NAMES.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of rotate(NAMES, round)) results.get(name).push(await sample(name, minutes));
  }
  const summary = (name) => {
    const r = results.get(name);
    return {
      ms: median(r.map((s) => s.ms)), rss: median(r.map((s) => s.maxRssMb)), candles: r[0].candles, tooMany: Math.max(...r.map((s) => s.tooMany)), requests: r[0].requests,
      cpuMs: median(r.map((s) => s.cpuMs)), simCpuMs: median(r.map((s) => s.simCpuMs)),
    };
  };
  const ours = summary('ours');
  const rows = NAMES.map((name) => {
    const s = summary(name);
    return [name, fmt(s.ms / 1000, 2), fmt(s.cpuMs / 1000, 2), fmt(s.simCpuMs / 1000, 2), fmt(s.candles), fmt(s.requests), fmt(s.tooMany), fmt(s.rss), name.startsWith('ours') ? '' : fmtRatio(s.ms / ours.ms)];
  });
  const ccxt = summary('ccxt');
  const allCounts = NAMES.map((n) => summary(n).candles);
  return {
    header: ['client', 'wall s', 'client CPU s', 'simulator CPU s', 'candles', 'HTTP requests', '429/418', 'peak RSS MB', 'peer time / ours'],
    rows,
    samples: `${minutes.toLocaleString('en-US')} candles; ${rounds} sample${rounds > 1 ? 's' : ''} per client, each a fresh process against a fresh simulator, medians`,
    notes: [
      'ours: `candleHistory()` async iterator, pages of 1000 planned up front with three in flight, the candles of each written as a page is consumed; "ours getCandles": `getCandles()` for the whole range (4 pages in flight, result held in memory)',
      'ccxt: `fetchOHLCV(..., { paginate: true, paginationCalls, until })` (its deterministic pagination: every page requested at once, then concatenated), rate limiter off; binance and @binance/spot: their klines call in a loop, each page written as it arrives',
      'client CPU is the client process\'s user+system time, imports and connecting included; simulator CPU is the simulator process\'s over the same run (100 % of one core = 1 s a second)',
      `every client received ${allCounts.every((c) => c === minutes) ? 'all' : 'NOT all'} ${minutes.toLocaleString('en-US')} candles`,
    ],
    targets: [
      { label: `year of 1m candles ≥ 5× faster than ccxt paging${quick ? ' (quick: 30 days)' : ''}`, value: ccxt.ms / ours.ms, display: `ccxt takes ${fmtRatio(ccxt.ms / ours.ms)} our time`, met: ccxt.ms / ours.ms >= 5 },
      { label: 'zero 429/418 while paging', value: ours.tooMany, display: String(ours.tooMany), met: ours.tooMany === 0 },
      { label: 'history ahead of every peer', value: 0, display: ['ccxt', 'binance', '@binance/spot'].filter((p) => summary(p).ms < ours.ms).join(', ') || 'ahead of all', met: ['ccxt', 'binance', '@binance/spot'].every((p) => summary(p).ms >= ours.ms) },
    ],
  };
}
