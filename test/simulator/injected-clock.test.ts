import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { FakeClock } from '../support/fake-clock.js';

/**
 * The simulator on an injected clock: its timers (pings, connection lifetime, latency, stream
 * cadences) run on the clock given to `startSimulator`, so a test moves time by hand while the
 * sockets stay real.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(clock: FakeClock, pingIntervalMs = 60_000, connectionLifetimeMs = 3_600_000): Promise<SimulatorHandle> {
  const sim = await startSimulator({ port: 0, clock, timing: { pingIntervalMs, pongTimeoutMs: 60_000, connectionLifetimeMs } });
  cleanups.push(() => sim.close());
  return sim;
}

async function opened(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  cleanups.push(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Resolves with what `event` gives, or 'nothing' when it has not come within 300 real ms. */
function within<T>(ws: WebSocket, event: 'ping' | 'close', read: (...args: unknown[]) => T): Promise<T | 'nothing'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('nothing'), 300);
    ws.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(read(...args));
    });
  });
}

describe('the simulator on an injected clock', () => {
  it('pings a stream connection when the clock reaches the ping interval, not before', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 3, 12));
    const sim = await started(clock);
    const ws = await opened(`${sim.wsStreamUrl}/ws/btcusdt@trade`);
    clock.advance(59_000);
    expect(await within(ws, 'ping', () => 'ping')).toBe('nothing');
    const ping = within(ws, 'ping', () => 'ping');
    clock.advance(1_000);
    expect(await ping).toBe('ping');
  });

  it('ends a connection at its lifetime on the injected clock, with 1001', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 3, 12));
    // No ping within the lifetime: the connection lives exactly its 5 minutes of the injected clock
    // (every timer of those minutes runs, the market's included, so a longer span only costs time).
    const sim = await started(clock, 7_200_000, 300_000);
    const ws = await opened(`${sim.wsStreamUrl}/ws/btcusdt@trade`);
    clock.advance(299_000);
    expect(await within(ws, 'close', (code) => code)).toBe('nothing');
    const closed = within(ws, 'close', (code) => code);
    clock.advance(1_000);
    expect(await closed).toBe(1001);
    expect(sim.exchange.now()).toBe(Date.UTC(2026, 11, 3, 12, 5));
  });
});

describe('closed candles after a clock step', () => {
  it('closes at most 120 buckets in one tick, in order from the open one, and leaves the rest to REST', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 3, 12));
    const sim = await started(clock);
    const ws = await opened(`${sim.wsStreamUrl}/ws/btcusdt@kline_1s`);
    const closed: number[] = [];
    let frames = 0;
    ws.on('message', (data) => {
      frames += 1;
      const k = (JSON.parse(String(data)) as { k: { t: number; x: boolean } }).k;
      if (k.x) closed.push(k.t);
    });
    clock.advance(1_000);
    await until(() => frames > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const openBefore = Math.floor(sim.exchange.now() / 1_000) * 1_000;
    closed.length = 0;
    // The server's clock steps 300 s ahead at once: 300 buckets end in one tick.
    sim.inject({ kind: 'clock-skew', ms: 300_000 });
    clock.advance(1_000);
    await until(() => closed.length >= 120);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first tick after the step closes 120 buckets from the one that was open; the next
    // closed candle is near the new time, the 180 between left to a REST backfill.
    expect(closed.slice(0, 120)).toEqual(Array.from({ length: 120 }, (_, i) => openBefore + i * 1_000));
    expect(closed.slice(120).every((t) => t >= openBefore + 299_000)).toBe(true);
    expect(closed.length).toBeLessThanOrEqual(122);
  });
});

/** Waits (real time, at most 5 s) until `predicate` holds. */
async function until(predicate: () => boolean): Promise<void> {
  for (let waited = 0; !predicate(); waited += 10) {
    if (waited > 5_000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('frames held through a stall', () => {
  it('cuts a connection that would hold more than 10,000 frames with 1008, as a server cuts a slow consumer', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 3, 12));
    const sim = await started(clock);
    const symbols = ['btcusdt', 'ethusdt', 'bnbusdt', 'ethbtc'];
    const streams = symbols.flatMap((s) => [`${s}@depth@100ms`, `${s}@kline_1s`, `${s}@ticker`, `${s}@trade`]).join('/');
    const ws = await opened(`${sim.wsStreamUrl}/stream?streams=${streams}`);
    clock.advance(1_000);
    sim.inject({ kind: 'stall-streams' });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    // Four @100ms depth streams hold 40 frames a second of the injected clock, the others more:
    // past 10,000 held frames within about four minutes.
    for (let second = 0; second < 400 && ws.readyState === WebSocket.OPEN; second += 1) {
      clock.advance(1_000);
      if (second % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await closed).toEqual({ code: 1008, reason: 'Too many messages held' });
  });
});
