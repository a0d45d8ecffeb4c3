/**
 * 8. The simulator itself: REST requests per second it serves (a bare undici pool of 32
 * connections as the load) and stream messages per second it emits (kline streams at a 10 ms
 * cadence over several connections). The simulator runs in its own process; the load generator
 * shares the machine's other core, so these are lower bounds.
 */
import { setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import WebSocket from 'ws';
import { fmt } from '../lib/stats.js';
import { startSimChild, UNLIMITED } from '../lib/sim-child.js';

const CONNECTIONS = 32;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'];
const INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'];

async function restLoad(pool, path, ms) {
  let done = 0;
  let failed = 0;
  const end = performance.now() + ms;
  const worker = async () => {
    while (performance.now() < end) {
      const response = await pool.request({ method: 'GET', path });
      await response.body.text();
      if (response.statusCode === 200) done += 1;
      else failed += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { perSecond: done / ((performance.now() - t0) / 1000), failed };
}

async function streamLoad(sim, connections, ms) {
  const names = SYMBOLS.flatMap((s) => INTERVALS.map((i) => `${s.toLowerCase()}@kline_${i}`));
  let received = 0;
  let counting = false;
  const sockets = await Promise.all(Array.from({ length: connections }, () => new Promise((resolve, reject) => {
    const socket = new WebSocket(`${sim.wsStreamUrl}/stream?streams=${names.join('/')}`);
    socket.on('message', () => {
      if (counting) received += 1;
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  })));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = await sim.stats();
  counting = true;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  counting = false;
  const seconds = (performance.now() - t0) / 1000;
  const after = await sim.stats();
  for (const socket of sockets) socket.close();
  return { perSecond: received / seconds, simCpu: (after.cpuMs - before.cpuMs) / 10 / seconds, streams: names.length * connections };
}

export const id = 'simulator';
export const title = '8. The simulator (its own process)';

export async function run({ quick }) {
  const ms = quick ? 1000 : 6000;
  const rows = [];
  const rest = await startSimChild({ limits: UNLIMITED });
  try {
    const pool = new Pool(rest.restUrl, { connections: CONNECTIONS });
    for (const [label, path] of [
      ['GET /api/v3/ping', '/api/v3/ping'],
      ['GET /api/v3/time', '/api/v3/time'],
      ['GET /api/v3/ticker/24hr (1 symbol)', '/api/v3/ticker/24hr?symbol=BTCUSDT'],
      ['GET /api/v3/depth (limit 100)', '/api/v3/depth?symbol=BTCUSDT&limit=100'],
      ['GET /api/v3/klines (1m, limit 1000)', '/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000'],
    ]) {
      await restLoad(pool, path, 500);
      const before = await rest.stats();
      const r = await restLoad(pool, path, ms);
      const after = await rest.stats();
      rows.push([label, `${fmt(r.perSecond)} req/s`, `${fmt((after.cpuMs - before.cpuMs) / 10 / (ms / 1000))} %`, r.failed === 0 ? '' : `${r.failed} non-200`]);
    }
    await pool.close();
  } finally {
    await rest.close();
  }
  const streams = await startSimChild({ timing: { klineUpdateMs: 10, secondKlineUpdateMs: 10 } });
  try {
    for (const connections of [1, 8]) {
      const r = await streamLoad(streams, connections, ms);
      rows.push([`kline streams, ${connections} connection${connections > 1 ? 's' : ''} × 64 streams, 10 ms cadence`, `${fmt(r.perSecond)} msg/s`, `${fmt(r.simCpu)} %`, '']);
    }
  } finally {
    await streams.close();
  }
  return {
    header: ['load', 'served', 'simulator CPU', ''],
    rows,
    samples: `${ms / 1000} s per row after a warm-up; ${CONNECTIONS} keep-alive connections for REST`,
    notes: ['simulator CPU is its process\'s user+system time over the window (100 % = one core)'],
  };
}
