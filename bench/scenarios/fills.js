/**
 * 10. Fills: a year of a busy account's fills paged (`myTrades`), with the simulator enforcing
 * Binance's request-weight limits. The simulator seeds the account (`fillHistory`: 200 fills a day
 * for a year). Each sample is a fresh client process against a fresh simulator process, so no
 * sample inherits another's weight window.
 */
import { execFile } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { promisify } from 'node:util';
import { fmt, fmtRatio, median, rotate } from '../lib/stats.js';
import { startSimChild } from '../lib/sim-child.js';
import { SYMBOL } from '../lib/clients.js';

const run_ = promisify(execFile);
const ENTRY = fileURLToPath(new URL('../lib/fills-process.js', import.meta.url));
const DAY_MS = 86_400_000;
const FILLS_PER_DAY = 200;
const NAMES = ['ours', 'ccxt', 'ccxt (rate limiter off)'];

async function sample(name, days) {
  const sim = await startSimChild({ accounts: [{ fillHistory: { symbol: SYMBOL, days, fillsPerDay: FILLS_PER_DAY } }] });
  try {
    const before = await sim.stats();
    const startTime = Date.now() - (days + 1) * DAY_MS;
    const { stdout } = await run_(process.execPath, [ENTRY, name, JSON.stringify({ restUrl: sim.restUrl, account: sim.account }), String(startTime)], { maxBuffer: 1 << 20 });
    const stats = await sim.stats();
    const count = (status) => (stats.statuses[status] ?? 0) - (before.statuses[status] ?? 0);
    return {
      ...JSON.parse(stdout), simCpuMs: stats.cpuMs - before.cpuMs,
      tooMany: count(429) + count(418), requests: Object.keys(stats.statuses).reduce((sum, status) => sum + count(status), 0),
    };
  } finally {
    await sim.close();
  }
}

export const id = 'fills';
export const title = '10. Fills: a year of a busy account\'s fills paged';

export async function run({ quick }) {
  const days = quick ? 30 : 365;
  const rounds = quick ? 1 : 3;
  const results = new Map(NAMES.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of rotate(NAMES, round)) results.get(name).push(await sample(name, days));
  }
  const summary = (name) => {
    const r = results.get(name);
    return {
      ms: median(r.map((s) => s.ms)), fills: r[0].fills, requests: median(r.map((s) => s.requests)), tooMany: Math.max(...r.map((s) => s.tooMany)),
      cpuMs: median(r.map((s) => s.cpuMs)), simCpuMs: median(r.map((s) => s.simCpuMs)), rss: median(r.map((s) => s.maxRssMb)),
    };
  };
  const ours = summary('ours');
  const expected = days * FILLS_PER_DAY;
  const rows = NAMES.map((name) => {
    const s = summary(name);
    return [name, fmt(s.ms / 1000, 2), fmt(s.cpuMs / 1000, 2), fmt(s.simCpuMs / 1000, 2), fmt(s.fills), fmt(s.requests), fmt(s.tooMany), fmt(s.rss), name === 'ours' ? '' : fmtRatio(s.ms / ours.ms)];
  });
  const ccxt = summary('ccxt');
  const fast = summary('ccxt (rate limiter off)');
  return {
    header: ['client', 'wall s', 'client CPU s', 'simulator CPU s', 'fills', 'HTTP requests', '429/418', 'peak RSS MB', 'peer time / ours'],
    rows,
    samples: `${expected.toLocaleString('en-US')} fills (${FILLS_PER_DAY} a day for ${days} days); ${rounds} sample${rounds > 1 ? 's' : ''} per client, each a fresh process against a fresh simulator, medians`,
    notes: [
      'ours: `tradeHistory()` async iterator (by trade id from the account\'s first page, 1000 a page, paced by the weight the exchange reports); the HTTP requests include connecting (exchangeInfo, time)',
      'ccxt: `fetchMyTrades(symbol, since, undefined, { paginate: true, paginationCalls })` (its dynamic pagination: backwards by `until`, 1000 a call, until an empty page), with its rate limiter on (its default: `myTrades` costs 4 units of 50 ms, 200 ms a call) and off',
      'client CPU is the client process\'s user+system time, imports and connecting included; simulator CPU is the simulator process\'s over the same run',
      `fills received: ${NAMES.map((n) => `${n} ${summary(n).fills === expected ? 'all' : `${summary(n).fills} of ${expected}`}`).join(', ')}`,
    ],
    targets: [
      { label: `a year of fills paged ahead of ccxt${quick ? ' (quick: 30 days)' : ''}`, value: ccxt.ms / ours.ms, display: `ccxt takes ${fmtRatio(ccxt.ms / ours.ms)} our time (rate limiter off: ${fmtRatio(fast.ms / ours.ms)})`, met: ccxt.ms >= ours.ms && fast.ms >= ours.ms },
      { label: 'fills paged within the weight budget (zero 429/418)', value: ours.tooMany + ccxt.tooMany, display: `ours ${ours.tooMany}, ccxt ${ccxt.tooMany}`, met: ours.tooMany === 0 && ccxt.tooMany === 0 },
      { label: 'every fill received once', value: ours.fills, display: `ours ${ours.fills} of ${expected}`, met: ours.fills === expected },
    ],
  };
}
