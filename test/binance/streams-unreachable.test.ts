import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { ConnectionError } from '../../src/core/errors.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';

let sim: SimulatorHandle;
let deadUrl: string;

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  deadUrl = `ws://127.0.0.1:${await closedPort()}`;
});

afterAll(async () => {
  await sim.close();
});

function connector(urls: { wsStreamUrl?: string; wsApiUrl?: string }, orderEntry: 'rest' | 'ws-api' = 'rest'): BinanceConnector {
  const account = sim.accounts[0]!;
  return new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: urls.wsStreamUrl ?? sim.wsStreamUrl, wsApiUrl: urls.wsApiUrl ?? sim.wsApiUrl,
    apiKey: account.apiKey, apiSecret: account.apiSecret, orderEntry,
    streams: { backoff: { initialMs: 20, maxMs: 50 }, requestTimeoutMs: 300 },
  });
}

describe('unreachable stream endpoints', () => {
  it('connect() with order entry over the WebSocket API fails with a ConnectionError instead of waiting forever', async () => {
    const c = connector({ wsApiUrl: `${deadUrl}/ws-api/v3` }, 'ws-api');
    const error = await c.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('The WebSocket API was not reachable within 300 ms');
    expect(c.isConnected()).toBe(false);
    await c.disconnect();
  });

  it('a market subscription on an unreachable stream host fails with a ConnectionError instead of waiting forever', async () => {
    const c = connector({ wsStreamUrl: deadUrl });
    await c.connect();
    const error = await c.subscribeTicker('BTCUSDT', () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('The market stream was not reachable within 300 ms');
    await c.disconnect();
  });
});
