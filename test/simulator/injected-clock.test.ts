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

async function started(clock: FakeClock, pingIntervalMs = 60_000): Promise<SimulatorHandle> {
  const sim = await startSimulator({ port: 0, clock, timing: { pingIntervalMs, pongTimeoutMs: 60_000, connectionLifetimeMs: 3_600_000 } });
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
    // No ping within the lifetime: the connection lives exactly its hour of the injected clock.
    const sim = await started(clock, 7_200_000);
    const ws = await opened(`${sim.wsStreamUrl}/ws/btcusdt@trade`);
    clock.advance(3_599_000);
    expect(await within(ws, 'close', (code) => code)).toBe('nothing');
    const closed = within(ws, 'close', (code) => code);
    clock.advance(1_000);
    expect(await closed).toBe(1001);
    expect(sim.exchange.now()).toBe(Date.UTC(2026, 11, 3, 13));
  });
});
