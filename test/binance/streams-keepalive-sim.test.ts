import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { delay } from '../../src/core/clock.js';
import type { UserDataEvent } from '../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ScaledClock } from '../support/scaled-clock.js';

let sim: SimulatorHandle;
const connectors: BinanceConnector[] = [];
/**
 * The simulator and the connectors share a clock ten times faster than the wall. The keepalive's
 * timings are given in wall time (`fromWall`): each allows for a pong delayed by a busy machine.
 */
const clock = new ScaledClock({ speed: 10 });

beforeAll(async () => {
  // A server that (almost) never pings: only the client's own pings can show the connection alive.
  sim = await startSimulator({ port: 0, seed: 5, clock, timing: { pingIntervalMs: 2_147_483_647, pongTimeoutMs: 2_147_483_647 } });
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

async function connect(streams: NonNullable<ConstructorParameters<typeof BinanceConnector>[0]['streams']>): Promise<BinanceConnector> {
  const account = sim.accounts[0]!;
  const c = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
    apiKey: account.apiKey, apiSecret: account.apiSecret, clock, recvWindow: 60_000,
    streams: { backoff: { initialMs: 20, maxMs: 100 }, requestTimeoutMs: clock.fromWall(10_000), ...streams },
  });
  connectors.push(c);
  await c.connect();
  return c;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('keepalive by the client’s own pings', () => {
  it('keeps a quiet user-data connection when the server does not ping', async () => {
    const c = await connect({ pingIntervalMs: clock.fromWall(50), pongTimeoutMs: clock.fromWall(1_000), staleAfterMs: clock.fromWall(350) });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    // Three times the silence the watchdog allows: only the pongs to the client's pings arrive.
    await delay(clock.fromWall(1_050), clock);
    expect(c.metrics().streams.connections.wsApi).toMatchObject({ state: 'open', connects: 1, reconnects: 0 });
    expect(events).toEqual([]);
  });

  it('replaces a connection whose pings go unanswered (stop-pings), then recovers', async () => {
    const c = await connect({ pingIntervalMs: clock.fromWall(50), pongTimeoutMs: clock.fromWall(200) });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    sim.inject({ kind: 'stop-pings' });
    while ((c.metrics().streams.reconnectsByReason.stale ?? 0) === 0) await sleep(20);
    sim.clear();
    while (!events.some((event) => event.type === 'stream' && event.status === 'resubscribed')) await sleep(20);
    expect(c.metrics().streams.connections.wsApi?.state).toBe('open');
  });

  it('after a stall hid an order\'s fill, replays the balances the account holds, marked as recovered', async () => {
    const c = await connect({ pingIntervalMs: clock.fromWall(50), pongTimeoutMs: clock.fromWall(200) });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    sim.inject({ kind: 'stall-streams' });
    await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    while ((c.metrics().streams.reconnectsByReason.stale ?? 0) === 0) await sleep(20);
    sim.clear();
    while (!events.some((event) => event.type === 'stream')) await sleep(20);
    const replay = events.find((event) => event.type === 'balance' && event.reason === 'position' && event.recovered === true);
    if (replay?.type !== 'balance' || replay.reason !== 'position') throw new Error('no recovered balances');
    const account = await c.getPositions();
    const plain = (levels: readonly { asset: string; free: { toFixed(): string }; locked: { toFixed(): string } }[]): string[] =>
      levels.map((l) => `${l.asset} ${l.free.toFixed()} ${l.locked.toFixed()}`).sort();
    expect(plain(replay.balances)).toEqual(plain(account));
    expect(events.filter((event) => event.type === 'order' && event.recovered).map((event) => event.type === 'order' && event.order.status)).toEqual(['FILLED']);
  });
});
