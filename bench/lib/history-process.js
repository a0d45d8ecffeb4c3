/**
 * Child-process entry for the history benchmark, so each client's peak RSS is its own.
 * argv: client name, simulator JSON ({restUrl, account}), startTime, endTime, output file.
 * Writes every candle as a CSV line and prints `{ ms, candles, maxRssMb, cpuMs }`; `ms` covers the paging
 * and writing only, after imports and connecting.
 */
import { performance } from 'node:perf_hooks';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import process from 'node:process';
import { CCXT_SYMBOL, SYMBOL, createCcxt } from './clients.js';

const require = createRequire(import.meta.url);
const [name, simJson, startText, endText, file] = process.argv.slice(2);
const sim = JSON.parse(simJson);
const startTime = Number(startText);
const endTime = Number(endText);
const PAGE = 1000;
const MINUTE = 60_000;

const out = createWriteStream(file);
async function write(text) {
  if (!out.write(text)) await once(out, 'drain');
}

/** The SDK way: a klines call in a loop, each page written as it arrives. */
async function pageLoop(fetchPage, toLine) {
  let from = startTime;
  let count = 0;
  while (from <= endTime) {
    const rows = await fetchPage(from);
    if (rows.length === 0) break;
    let text = '';
    for (const row of rows) text += toLine(row);
    await write(text);
    count += rows.length;
    from = Number(rows.at(-1)[0] ?? rows.at(-1).openTime) + MINUTE;
  }
  return count;
}

const runners = {
  async 'ours'() {
    const { BinanceConnector } = await import('../../dist/index.js');
    const connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret });
    await connector.connect();
    return async () => {
    let count = 0;
    let text = '';
    for await (const c of connector.candleHistory(SYMBOL, '1m', { startTime, endTime })) {
      text += `${c.openTime},${c.open},${c.high},${c.low},${c.close},${c.volume}\n`;
      count += 1;
      if (count % PAGE === 0) {
        await write(text);
        text = '';
      }
    }
    await write(text);
    await connector.disconnect();
    return { count };
    };
  },
  async 'ours getCandles'() {
    const { BinanceConnector } = await import('../../dist/index.js');
    const connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret });
    await connector.connect();
    return async () => {
    const candles = await connector.getCandles(SYMBOL, '1m', { startTime, endTime });
    let text = '';
    for (const c of candles) text += `${c.openTime},${c.open},${c.high},${c.low},${c.close},${c.volume}\n`;
    await write(text);
    await connector.disconnect();
    return { count: candles.length };
    };
  },
  async 'ccxt'() {
    const { exchange } = await createCcxt(sim, { enableRateLimit: process.env.CCXT_RATE_LIMIT === '1' });
    const pages = Math.ceil((endTime - startTime + MINUTE) / (PAGE * MINUTE));
    return async () => {
    const rows = await exchange.fetchOHLCV(CCXT_SYMBOL, '1m', startTime, undefined, { paginate: true, paginationCalls: pages, until: endTime + 1 });
    let text = '';
    for (const r of rows) text += `${r[0]},${r[1]},${r[2]},${r[3]},${r[4]},${r[5]}\n`;
    await write(text);
    return { count: rows.length };
    };
  },
  async 'binance'() {
    const { MainClient } = require('binance');
    const client = new MainClient({ api_key: sim.account.apiKey, api_secret: sim.account.apiSecret, baseUrl: sim.restUrl, disableTimeSync: true });
    return async () => ({ count: await pageLoop(
      (from) => client.getKlines({ symbol: SYMBOL, interval: '1m', startTime: from, endTime, limit: PAGE }),
      (r) => `${r[0]},${r[1]},${r[2]},${r[3]},${r[4]},${r[5]}\n`,
    ) });
  },
  async '@binance/spot'() {
    const { Spot } = await import('@binance/spot');
    const spot = new Spot({ configurationRestAPI: { basePath: sim.restUrl } });
    return async () => ({ count: await pageLoop(
      async (from) => (await spot.restAPI.klines({ symbol: SYMBOL, interval: '1m', startTime: from, endTime, limit: PAGE })).data(),
      (r) => `${r[0]},${r[1]},${r[2]},${r[3]},${r[4]},${r[5]}\n`,
    ) });
  },
};

// Imports, connect and loadMarkets happen before the clock starts: only the paging is timed.
const fetchAll = await runners[name]();
const t0 = performance.now();
const result = await fetchAll();
out.end();
await once(out, 'finish');
const ms = performance.now() - t0;
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({ ms, candles: result.count, maxRssMb: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
process.exit(0);
