import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { delay } from '../../src/core/clock.js';
import type { Candlestick } from '../../src/core/models.js';
import type { Fault } from '../../src/simulator/control/faults.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ScaledClock } from '../support/scaled-clock.js';

let sim: SimulatorHandle;
const connectors: BinanceConnector[] = [];
/**
 * The simulator and the connectors share a clock five times faster than the wall: a 1s candle
 * closes every 200 ms. The keepalive keeps its timing on that clock (it must act within a gap
 * between two frames), so a pong late by 80 ms of wall time already replaces a connection: the
 * candles must come through such extra reconnects too.
 */
const clock = new ScaledClock({ speed: 5 });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, clock, timing: { pingIntervalMs: 1_000, pongTimeoutMs: 3_000 } });
});

afterEach(async () => {
  sim.clear();
  for (const c of connectors.splice(0)) await c.disconnect();
});

afterAll(async () => {
  await sim.close();
  // The simulator and every connector released their timers.
  expect(clock.pendingCount()).toBe(0);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` every 10 ms of wall time; rejects after `timeoutMs` of wall time. */
async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function plain(c: Candlestick): string {
  return [c.openTime, c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(), c.trades].join(' ');
}

describe('1s candles through a fault held 1.5 s, with the keepalive acting within it', () => {
  it.each<Fault>([{ kind: 'stall-streams' }, { kind: 'stop-pings' }, { kind: 'latency', ms: 700 }])('$kind: every closed candle once, equal to REST', { timeout: 30_000 }, async (fault) => {
    const account = sim.accounts[0]!;
    const c = new BinanceConnector({
      environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
      apiKey: account.apiKey, apiSecret: account.apiSecret, clock, recvWindow: 60_000,
      streams: { backoff: { initialMs: 20, maxMs: 100 }, pingIntervalMs: 400, pongTimeoutMs: 400, staleAfterMs: 1_000 },
    });
    connectors.push(c);
    await c.connect();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1s', (candle) => candles.push(candle));
    await until(() => candles.some((k) => k.closed));
    sim.inject(fault);
    await delay(1_500, clock);
    sim.clear();
    const mark = clock.now();
    await until(() => candles.filter((k) => k.closed && k.openTime > mark + 2_000).length >= 2);
    const closed = candles.filter((k) => k.closed);
    const rest = await c.getCandles('BTCUSDT', '1s', { startTime: closed[0]!.openTime, endTime: closed.at(-1)!.openTime });
    expect(closed.map(plain)).toEqual(rest.map(plain));
    // A stalled connection answers no ping: the keepalive replaced it while the fault held.
    if (fault.kind === 'stall-streams') expect(c.metrics().streams.reconnectsByReason.stale).toBeGreaterThanOrEqual(1);
  });
});
