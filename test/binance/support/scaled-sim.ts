import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { BinanceConnector } from '../../../src/binance/connector.js';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { ScaledClock } from '../../support/scaled-clock.js';

/**
 * A simulator and connectors sharing a clock ten times faster than the wall (the market trades ten
 * times as often), for stream tests; registers the hooks that start it, disconnect each test's
 * connectors and check every timer was released.
 */
export function scaledSimulator(seed: number): { sim: () => SimulatorHandle; clock: ScaledClock; connect: () => Promise<BinanceConnector> } {
  let sim: SimulatorHandle | undefined;
  const connectors: BinanceConnector[] = [];
  const clock = new ScaledClock({ speed: 10 });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed, clock });
  });

  afterEach(async () => {
    for (const c of connectors.splice(0)) await c.disconnect();
  });

  afterAll(async () => {
    await sim?.close();
    // The simulator and every connector released their timers.
    expect(clock.pendingCount()).toBe(0);
  });

  const current = (): SimulatorHandle => {
    if (sim === undefined) throw new Error('the simulator starts in beforeAll');
    return sim;
  };

  return {
    sim: current,
    clock,
    connect: async () => {
      const s = current();
      const c = new BinanceConnector({
        environment: 'sim', restUrl: s.restUrl, wsStreamUrl: s.wsStreamUrl, wsApiUrl: s.wsApiUrl, clock,
        streams: { requestTimeoutMs: clock.fromWall(10_000) },
      });
      connectors.push(c);
      await c.connect();
      return c;
    },
  };
}
