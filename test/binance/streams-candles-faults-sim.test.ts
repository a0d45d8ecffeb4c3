import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { Candlestick } from '../../src/core/models.js';
import type { Fault } from '../../src/simulator/control/faults.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';

let sim: SimulatorHandle;
const connectors: BinanceConnector[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, timing: { pingIntervalMs: 1_000, pongTimeoutMs: 3_000 } });
});

afterEach(async () => {
  sim.clear();
  for (const c of connectors.splice(0)) await c.disconnect();
});

afterAll(async () => {
  await sim.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
      apiKey: account.apiKey, apiSecret: account.apiSecret,
      streams: { backoff: { initialMs: 20, maxMs: 100 }, pingIntervalMs: 400, pongTimeoutMs: 400, staleAfterMs: 1_000 },
    });
    connectors.push(c);
    await c.connect();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1s', (candle) => candles.push(candle));
    await until(() => candles.some((k) => k.closed));
    sim.inject(fault);
    await sleep(1_500);
    sim.clear();
    const mark = Date.now();
    await until(() => candles.filter((k) => k.closed && k.openTime > mark + 2_000).length >= 2);
    const closed = candles.filter((k) => k.closed);
    const rest = await c.getCandles('BTCUSDT', '1s', { startTime: closed[0]!.openTime, endTime: closed.at(-1)!.openTime });
    expect(closed.map(plain)).toEqual(rest.map(plain));
    // A stalled connection answers no ping: the keepalive replaced it while the fault held.
    if (fault.kind === 'stall-streams') expect(c.metrics().streams.reconnectsByReason.stale).toBeGreaterThanOrEqual(1);
  });
});
