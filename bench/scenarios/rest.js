/**
 * 4. REST round trip on loopback: `getTicker` and `getOrderBook` (100 levels) through each
 * client's public call, at concurrency 1 and 16, against a bare undici request to the same URL.
 * The simulator runs in its own process with limits raised so no client meets them.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { CLIENT_FACTORIES } from '../lib/clients.js';
import { fmt, fmtRatio, median, percentile, ratio, rotate } from '../lib/stats.js';
import { startSimChild, UNLIMITED } from '../lib/sim-child.js';

const NAMES = ['bare undici', 'ours', 'ccxt', 'binance', '@binance/spot'];
const PEERS = ['ccxt', 'binance', '@binance/spot'];

/**
 * Runs `total` calls of `fn` with `concurrency` in flight; latencies in ms, calls per second, and
 * this process's CPU time per call (the client's own cost: the simulator runs in another process).
 */
async function load(fn, total, concurrency) {
  const latencies = [];
  let issued = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (issued < total) {
      issued += 1;
      const t0 = performance.now();
      await fn();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { latencies, perSecond: total / seconds, cpuUs: (used.user + used.system) / total };
}

export const id = 'rest';
export const title = '4. REST round trip (loopback, simulator in its own process)';

export async function run({ quick }) {
  const rounds = quick ? 3 : 7;
  const perRound = quick ? 100 : 600;
  const sim = await startSimChild({ limits: UNLIMITED });
  const clients = [];
  try {
    for (const name of NAMES) clients.push(await CLIENT_FACTORIES[name](sim));
    const rows = [];
    const targets = [];
    for (const op of ['ticker', 'orderBook']) {
      for (const concurrency of [1, 16]) {
        for (const c of clients) await load(c[op], quick ? 30 : 200, concurrency); // warm-up
        const latencies = new Map(NAMES.map((n) => [n, []]));
        const rates = new Map(NAMES.map((n) => [n, []]));
        const cpus = new Map(NAMES.map((n) => [n, []]));
        for (let round = 0; round < rounds; round++) {
          for (const c of rotate(clients, round)) {
            const r = await load(c[op], perRound, concurrency);
            latencies.get(c.name).push(...r.latencies);
            rates.get(c.name).push(r.perSecond);
            cpus.get(c.name).push(r.cpuUs);
          }
        }
        const stat = (name) => ({
          p50: median(latencies.get(name)), p99: percentile(latencies.get(name), 99), rate: median(rates.get(name)), cpu: median(cpus.get(name)),
        });
        const floor = stat('bare undici');
        const ours = stat('ours');
        const label = `${op === 'ticker' ? 'getTicker' : 'getOrderBook'} c=${concurrency}`;
        for (const name of NAMES) {
          const s = stat(name);
          rows.push([`${label} · ${name}`, fmt(s.p50, 3), fmt(s.p99, 3), fmt(s.rate), fmtRatio(s.p50 / floor.p50),
            ['ours', 'bare undici'].includes(name) ? '' : fmtRatio(ratio(ours.rate, s.rate)), fmt(s.cpu), fmtRatio(s.cpu / floor.cpu)]);
        }
        if (concurrency === 1) {
          targets.push({ label: `${label}: median latency within 10% of bare undici`, value: ours.p50 / floor.p50, display: fmtRatio(ours.p50 / floor.p50), met: ours.p50 <= floor.p50 * 1.1 });
        }
        const behind = PEERS.filter((p) => ours.rate < stat(p).rate);
        targets.push({ label: `${label}: throughput ahead of every peer`, value: behind.length, display: behind.length === 0 ? `ahead of all (min ${fmtRatio(Math.min(...PEERS.map((p) => ours.rate / stat(p).rate)))})` : `behind ${behind.join(', ')}`, met: behind.length === 0 });
      }
    }
    return {
      header: ['call · client', 'p50 ms', 'p99 ms', 'req/s', 'p50 vs undici', 'ours/peer req/s', 'client CPU µs/req', 'CPU vs undici'],
      rows,
      samples: `${rounds} rounds of ${perRound} calls per client after warm-up, rotating order; latency percentiles over all calls, req/s the median round`,
      notes: [
        'every client parses the body into its own form: ours into Ticker/OrderBook with exact decimals, ccxt into its unified structures (floats), the SDKs into plain objects (strings)',
        'client CPU is this process\'s user+system time over a round divided by its calls, median round; the simulator runs in its own process, so at c=16, where the simulator is the bottleneck, req/s follows the CPU share the simulator gets and client CPU is the steadier comparison',
      ],
      targets,
    };
  } finally {
    for (const c of clients) await c.close();
    await sim.close();
  }
}
