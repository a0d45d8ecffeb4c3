import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { UserDataEvent } from '../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { until } from '../support/until.js';

let sim: SimulatorHandle;
const connectors: BinanceConnector[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5 });
});

afterEach(async () => {
  sim.clear();
  for (const c of connectors.splice(0)) await c.disconnect();
});

afterAll(async () => {
  await sim.close();
});

async function connect(): Promise<BinanceConnector> {
  const account = sim.accounts[0]!;
  const c = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
    apiKey: account.apiKey, apiSecret: account.apiSecret,
    streams: { backoff: { initialMs: 20, maxMs: 100 }, requestTimeoutMs: 2_000 },
  });
  connectors.push(c);
  await c.connect();
  return c;
}

describe('order updates when the simulator revokes the API key', () => {
  it('end with a refused notice after the reconnect instead of retrying, and unsubscribe cleanly', async () => {
    const c = await connect();
    const events: UserDataEvent[] = [];
    const subscription = await c.subscribeOrderUpdates((event) => events.push(event));
    sim.inject({ kind: 'revoke-key', apiKey: sim.accounts[0]!.apiKey });
    sim.inject({ kind: 'drop-streams' });
    await until(() => events.some((e) => e.type === 'stream'));
    const notice = events.find((e) => e.type === 'stream');
    expect(notice).toMatchObject({ type: 'stream', status: 'terminated', reason: 'refused', recoveredOrders: 0 });
    expect(notice?.type === 'stream' && notice.status === 'terminated' && notice.reason === 'refused'
      ? [notice.error.name, notice.error.exchangeCode, notice.error.httpStatus] : []).toEqual(['AuthenticationError', -2015, 401]);
    await until(() => c.metrics().streams.connections.wsApi?.state === 'open');
    expect(c.metrics().streams.reconnects).toBe(1);
    await subscription.unsubscribe();
  });

  it('can subscribe again once the key is valid again', async () => {
    const c = await connect();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    sim.inject({ kind: 'revoke-key', apiKey: sim.accounts[0]!.apiKey });
    sim.inject({ kind: 'drop-streams' });
    await until(() => events.length > 0);
    await expect(c.subscribeOrderUpdates(() => undefined)).rejects.toMatchObject({ name: 'AuthenticationError', exchangeCode: -2015 });
    sim.clear();
    const again: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => again.push(event));
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    await until(() => again.some((e) => e.type === 'order' && e.order.orderId === order.orderId && e.order.status === 'FILLED'));
    expect(events).toHaveLength(1);
  });
});
