/**
 * 6. Streams at scale: every kline stream the simulator offers (4 symbols × 16 intervals = 64
 * streams) on one client, updates every 100 ms. Each sample is a fresh client process: messages
 * delivered per second, CPU per delivered message, memory, and delivery latency where the client
 * hands the event time to its callback.
 */
import { execFile } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { promisify } from 'node:util';
import { fmt, fmtRatio, median, percentile, ratio, rotate } from '../lib/stats.js';
import { startSimChild } from '../lib/sim-child.js';

const run_ = promisify(execFile);
const ENTRY = fileURLToPath(new URL('../lib/streams-process.js', import.meta.url));
const NAMES = ['ours', 'ccxt', 'binance', '@binance/spot'];
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'];
const INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'];
const UPDATE_MS = 100;

export const id = 'streams';
export const title = `6. Streams at scale (${SYMBOLS.length * INTERVALS.length} kline streams, one client)`;

export async function run({ quick }) {
  const rounds = quick ? 1 : 3;
  const warmMs = quick ? 3000 : 6000;
  const windowMs = quick ? 2000 : 8000;
  const streams = SYMBOLS.flatMap((s) => INTERVALS.map((i) => [s, i]));
  const sim = await startSimChild({ timing: { klineUpdateMs: UPDATE_MS, secondKlineUpdateMs: UPDATE_MS } });
  const results = new Map(NAMES.map((n) => [n, []]));
  const failures = new Map();
  try {
    const simJson = JSON.stringify({ restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl, account: sim.account });
    for (let round = 0; round < rounds; round++) {
      for (const name of rotate(NAMES, round)) {
        try {
          const { stdout } = await run_(process.execPath, ['--expose-gc', ENTRY, name, simJson, JSON.stringify(streams), String(warmMs), String(windowMs)], { timeout: 60_000, maxBuffer: 64 << 20 });
          results.get(name).push(JSON.parse(stdout.split('\nRESULT ')[1]));
        } catch (error) {
          failures.set(name, String(error.message).split('\n')[0]);
        }
      }
    }
  } finally {
    await sim.close();
  }
  // Messages the simulator sends each client per second (every stream, every update).
  const sent = streams.length * (1000 / UPDATE_MS);
  const summary = (name) => {
    const r = results.get(name).filter((sample) => sample.messages > 0);
    if (r.length === 0) return undefined;
    const latencies = r.flatMap((s) => s.latencies);
    return {
      rate: median(r.map((s) => s.messages / (windowMs / 1000))),
      cpuUs: median(r.map((s) => (s.cpuMs * 1000) / (sent * (windowMs / 1000)))),
      rss: median(r.map((s) => s.rssMb)),
      heap: median(r.map((s) => s.heapMb)),
      p50: latencies.length > 0 ? median(latencies) : Number.NaN,
      p99: latencies.length > 0 ? percentile(latencies, 99) : Number.NaN,
    };
  };
  const ours = summary('ours');
  const rows = NAMES.map((n) => {
    const s = summary(n);
    if (s === undefined) return [n, 'no messages', '', '', '', '', '', ''];
    return [n, fmt(s.rate), fmt(s.cpuUs), fmt(s.rss), fmt(s.heap), fmt(s.p50), fmt(s.p99), n === 'ours' ? '' : fmtRatio(ratio(ours?.cpuUs, s.cpuUs))];
  });
  const peers = NAMES.slice(1).filter((n) => summary(n) !== undefined);
  const behindCpu = peers.filter((p) => summary(p).cpuUs < ours.cpuUs);
  const behindMem = peers.filter((p) => summary(p).rss < ours.rss);
  return {
    header: ['client', 'msgs/s delivered', 'CPU µs/msg sent', 'RSS MB', 'heap MB', 'latency p50 ms', 'latency p99 ms', 'ours/peer CPU'],
    rows,
    samples: `${streams.length} streams updated every ${UPDATE_MS} ms; ${rounds} sample${rounds > 1 ? 's' : ''} per client, each a fresh process measured over ${windowMs / 1000} s after ${warmMs / 1000} s warm-up, medians`,
    notes: [
      'the simulator lists 4 symbols, so 64 distinct kline streams is the most it can serve; the 500-stream case needs more simulator symbols',
      `CPU is the client process's user+system time over the window divided by the ${streams.length * (1000 / UPDATE_MS)} messages a second the simulator sends it; RSS and heap at the end of the window`,
      'ccxt subscribes with one `watchOHLCVForSymbols` (a `watchOHLCV` per stream exceeds the 5 control messages a second and the server closes the connection); its caller is woken once per batch, hence fewer deliveries; @binance/spot subscribes stream by stream, is closed with 1008 and recovers by reconnecting with every stream in the URL; each client\'s warm-up starts at its first delivery',
      'latency is callback time minus the event time `E`; ours (Candlestick) and ccxt (OHLCV arrays) do not hand `E` to the callback, so it is not measured for them',
      ...[...failures].map(([n, m]) => `${n} failed: ${m}`),
    ],
    targets: [
      { label: 'streams: CPU per message ahead of every peer', value: behindCpu.length, display: behindCpu.length === 0 ? 'ahead of all' : `behind ${behindCpu.join(', ')}`, met: behindCpu.length === 0 },
      { label: 'streams: memory ahead of every peer', value: behindMem.length, display: behindMem.length === 0 ? 'ahead of all' : `behind ${behindMem.join(', ')}`, met: behindMem.length === 0 },
    ],
  };
}
