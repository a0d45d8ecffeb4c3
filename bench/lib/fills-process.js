/**
 * Child-process entry for the fills benchmark, so each client's peak RSS and CPU are its own.
 * argv: client name, simulator JSON ({restUrl, account}), startTime.
 * Pages every fill of the account from startTime to now and prints `{ ms, fills, maxRssMb, cpuMs }`;
 * `ms` covers the paging only, after imports and connecting.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { CCXT_SYMBOL, SYMBOL, createCcxt, createOurs } from './clients.js';

const [name, simJson, startText] = process.argv.slice(2);
const sim = JSON.parse(simJson);
const startTime = Number(startText);

/** ccxt's own way to page an account's fills: `fetchMyTrades` with `paginate` (backwards by `until`, 1000 a call). */
async function ccxtRunner(enableRateLimit) {
  const { exchange } = await createCcxt(sim, { enableRateLimit });
  return async () => {
    const trades = await exchange.fetchMyTrades(CCXT_SYMBOL, startTime, undefined, { paginate: true, paginationCalls: 100_000 });
    return { count: trades.filter((t) => t.timestamp >= startTime).length };
  };
}

const runners = {
  async 'ours'() {
    const { connector } = await createOurs(sim);
    return async () => {
      let count = 0;
      for await (const _fill of connector.tradeHistory(SYMBOL, { startTime })) count += 1;
      await connector.disconnect();
      return { count };
    };
  },
  'ccxt': () => ccxtRunner(true),
  'ccxt (rate limiter off)': () => ccxtRunner(false),
};

// Imports, connect and loadMarkets happen before the clock starts: only the paging is timed.
const fetchAll = await runners[name]();
const t0 = performance.now();
const result = await fetchAll();
const ms = performance.now() - t0;
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({ ms, fills: result.count, maxRssMb: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
process.exit(0);
