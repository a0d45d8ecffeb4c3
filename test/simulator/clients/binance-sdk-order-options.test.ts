import { MainClient } from 'binance';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../../src/simulator/index.js';
import { startFrozenSim, type FrozenSim } from './frozen-market.js';

/** The `binance` SDK's MainClient, unchanged but for its base URL, placing an iceberg and a self-trade-prevented order with `submitNewOrder`. */

let env: FrozenSim;
let client: MainClient;

beforeEach(async () => {
  env = await startFrozenSim(23);
  client = new MainClient({ api_key: DEMO_API_KEY, api_secret: DEMO_API_SECRET, baseUrl: env.sim.restUrl, disableTimeSync: true });
});
afterEach(async () => {
  await env.sim.close();
});

async function order(orderId: number): Promise<Record<string, unknown>> {
  return await client.getOrder({ symbol: 'BTCUSDT', orderId }) as unknown as Record<string, unknown>;
}

describe('binance MainClient', () => {
  test('submitNewOrder with icebergQty rests an iceberg that shows only its part on the book', async () => {
    env.clock.thaw();
    const price = Number((Number((await env.book()).ask) * 1.01).toFixed(2));
    const placed = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price, icebergQty: 0.002, newOrderRespType: 'FULL' });
    expect((placed as unknown as Record<string, unknown>).icebergQty).toBe('0.00200000');
    expect((await env.book(String(price))).at).toBe(0.002);
    expect((await order(placed.orderId)).icebergQty).toBe('0.00200000');
  });

  test('submitNewOrder with selfTradePreventionMode DECREMENT takes the smaller quantity off both of the account\'s orders', async () => {
    env.clock.thaw();
    const bid = Number((await env.book()).bid);
    const maker = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.006, price: bid });
    const taker = await client.submitNewOrder({
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.002, price: bid, selfTradePreventionMode: 'DECREMENT', newOrderRespType: 'FULL',
    });
    expect([taker.status, (taker as unknown as Record<string, unknown>).selfTradePreventionMode]).toEqual(['EXPIRED_IN_MATCH', 'DECREMENT']);
    const queried = await order(maker.orderId);
    expect([queried.status, queried.preventedMatchId, queried.preventedQuantity]).toEqual(['NEW', 0, '0.00200000']);
  });
});
