import type ccxt from 'ccxt';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connectCcxt } from './client-support.js';
import { startFrozenSim, type FrozenSim } from './frozen-market.js';

/** ccxt's binance, unchanged but for its URLs, placing an iceberg and a self-trade-prevented order on the simulator through `params`. */

let env: FrozenSim;
let exchange: InstanceType<typeof ccxt.binance>;

beforeEach(async () => {
  env = await startFrozenSim(21);
  exchange = await connectCcxt(env.sim.restUrl);
});
afterEach(async () => {
  await exchange.close();
  await env.sim.close();
});

describe('ccxt', () => {
  test('createOrder with params.icebergQty rests an iceberg that shows only its part on the book', async () => {
    env.clock.thaw();
    const price = Number((Number((await env.book()).ask) * 1.01).toFixed(2));
    const placed = await exchange.createOrder('BTC/USDT', 'limit', 'sell', 0.01, price, { icebergQty: 0.002 });
    expect([placed.status, placed.info.icebergQty]).toEqual(['open', '0.00200000']);
    expect((await env.book(String(price))).at).toBe(0.002);
    expect((await exchange.fetchOrder(placed.id!, 'BTC/USDT')).info.icebergQty).toBe('0.00200000');
  });

  test('createOrder with params.selfTradePreventionMode EXPIRE_TAKER expires the taker against the account\'s own bid', async () => {
    env.clock.thaw();
    const bid = Number((await env.book()).bid);
    const maker = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.001, bid);
    const taker = await exchange.createOrder('BTC/USDT', 'limit', 'sell', 0.002, bid, { selfTradePreventionMode: 'EXPIRE_TAKER' });
    expect([taker.info.status, taker.info.selfTradePreventionMode, taker.filled]).toEqual(['EXPIRED_IN_MATCH', 'EXPIRE_TAKER', 0]);
    expect(taker.info.preventedMatches).toEqual([{ preventedMatchId: 0, makerSymbol: 'BTCUSDT', makerOrderId: Number(maker.id), price: bid.toFixed(8), takerPreventedQuantity: '0.00200000' }]);
    const queried = await exchange.fetchOrder(taker.id!, 'BTC/USDT');
    expect([queried.info.status, queried.info.preventedMatchId, queried.info.preventedQuantity]).toEqual(['EXPIRED_IN_MATCH', 0, '0.00200000']);
    expect((await exchange.fetchOrder(maker.id!, 'BTC/USDT')).status).toBe('open');
  });
});
