import { Spot, SpotRestAPI } from '@binance/spot';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../../src/simulator/index.js';
import { startFrozenSim, type FrozenSim } from './frozen-market.js';

/** The official `@binance/spot`, unchanged but for its URLs, placing an iceberg and a self-trade-prevented order with `newOrder`. */

let env: FrozenSim;
let spot: Spot;

beforeEach(async () => {
  env = await startFrozenSim(22);
  spot = new Spot({ configurationRestAPI: { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, basePath: env.sim.restUrl } });
});
afterEach(async () => {
  await env.sim.close();
});

const limit = (side: SpotRestAPI.NewOrderSideEnum, quantity: number, price: number): SpotRestAPI.NewOrderRequest => ({
  symbol: 'BTCUSDT', side, type: SpotRestAPI.NewOrderTypeEnum.LIMIT, timeInForce: SpotRestAPI.NewOrderTimeInForceEnum.GTC, quantity, price,
});

describe('@binance/spot over REST', () => {
  test('newOrder with icebergQty rests an iceberg that shows only its part on the book', async () => {
    env.clock.thaw();
    const price = Number((Number((await env.book()).ask) * 1.01).toFixed(2));
    const placed = await (await spot.restAPI.newOrder({ ...limit(SpotRestAPI.NewOrderSideEnum.SELL, 0.01, price), icebergQty: 0.002 })).data();
    expect([placed.status, (placed as Record<string, unknown>).icebergQty]).toEqual(['NEW', '0.00200000']);
    expect((await env.book(String(price))).at).toBe(0.002);
    const queried = await (await spot.restAPI.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId! })).data();
    expect([queried.icebergQty, queried.origQty]).toEqual(['0.00200000', '0.01000000']);
  });

  test('newOrder with selfTradePreventionMode EXPIRE_BOTH expires the taker and the account\'s own bid', async () => {
    env.clock.thaw();
    const bid = Number((await env.book()).bid);
    const maker = await (await spot.restAPI.newOrder(limit(SpotRestAPI.NewOrderSideEnum.BUY, 0.001, bid))).data();
    const taker = await (await spot.restAPI.newOrder({
      ...limit(SpotRestAPI.NewOrderSideEnum.SELL, 0.002, bid), selfTradePreventionMode: SpotRestAPI.NewOrderSelfTradePreventionModeEnum.EXPIRE_BOTH,
    })).data();
    expect([taker.status, taker.selfTradePreventionMode, taker.executedQty]).toEqual(['EXPIRED_IN_MATCH', 'EXPIRE_BOTH', '0.00000000']);
    const queried = await (await spot.restAPI.getOrder({ symbol: 'BTCUSDT', orderId: maker.orderId! })).data();
    expect([queried.status, queried.preventedMatchId, queried.preventedQuantity]).toEqual(['EXPIRED_IN_MATCH', 0, '0.00100000']);
  });
});
