import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { call } from '../simulator/support.js';

/**
 * `getCommissionRates` and `getOrderRateLimits` against the simulator, over REST and over the
 * WebSocket API (`orderEntry: 'ws-api'`: `account.commission`, `account.rateLimits.orders`).
 */

let sim: SimulatorHandle | undefined;
let connector: BinanceConnector | undefined;

afterEach(async () => {
  await connector?.disconnect();
  await sim?.close();
  connector = undefined;
  sim = undefined;
});

async function setup(orderEntry: 'rest' | 'ws-api'): Promise<BinanceConnector> {
  sim = await startSimulator({
    port: 0, seed: 5,
    accounts: [{ commission: { standard: { maker: '0.00075', taker: '0.001', seller: '0.0001' }, tax: { taker: '0.00002' } } }],
  });
  const { apiKey, apiSecret } = sim.accounts[0]!;
  connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, wsStreamUrl: sim.wsStreamUrl, apiKey, apiSecret: apiSecret!, orderEntry });
  await connector.connect();
  return connector;
}

describe.each(['rest', 'ws-api'] as const)('the account\'s trading terms over %s', (orderEntry) => {
  it('getCommissionRates reads the account\'s rates on a symbol as exact decimals', async () => {
    const c = await setup(orderEntry);
    const rates = await c.getCommissionRates('btcusdt');
    expect(rates.symbol).toBe('BTCUSDT');
    expect(Object.values(rates.standard).map((r) => r.toFixed())).toEqual(['0.00075', '0.001', '0', '0.0001']);
    expect(Object.values(rates.tax).map((r) => r.toFixed())).toEqual(['0', '0.00002', '0', '0']);
    expect(Object.values(rates.special).map((r) => r.toFixed())).toEqual(['0', '0', '0', '0']);
    expect({ ...rates.discount, discount: rates.discount.discount.toFixed() }).toEqual({ enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0' });
  });

  it('getOrderRateLimits counts the orders placed in each ORDERS window', async () => {
    const c = await setup(orderEntry);
    const before = await c.getOrderRateLimits();
    expect(before.map((w) => [w.interval, w.intervalNum, w.count])).toEqual([['SECOND', 10, 0], ['DAY', 1, 0]]);
    const last = (await c.getTicker('BTCUSDT')).lastPrice;
    await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: last.times('0.9').toFixed(2) });
    const after = await c.getOrderRateLimits();
    // The 10-second window follows the wall clock and may roll over mid-test; the day's count cannot.
    expect(after.map((w) => w.interval)).toEqual(['SECOND', 'DAY']);
    expect([after[0]!.count <= 1, after[1]!.count]).toEqual([true, 1]);
    expect(after.map((w) => w.limit)).toEqual(before.map((w) => w.limit));
  });

  it('refuses an unknown symbol before any request', async () => {
    const c = await setup(orderEntry);
    const sent = c.metrics().requests;
    await expect(c.getCommissionRates('NOPE')).rejects.toMatchObject({ field: 'symbol' });
    // The one request is the fresh exchangeInfo read that looks for a new listing.
    expect(c.metrics().requestsByEndpoint['GET /api/v3/account/commission']).toBeUndefined();
    expect(c.metrics().requests - sent).toBeLessThanOrEqual(1);
  });
});

describe('the WebSocket API carries them', () => {
  it('with orderEntry ws-api, neither read touches REST: a REST fault set before is still pending after', async () => {
    const c = await setup('ws-api');
    sim!.inject({ kind: 'http-error', status: 500, count: 1 });
    await c.getCommissionRates('BTCUSDT');
    await c.getOrderRateLimits();
    expect((await call(`${sim!.restUrl}/api/v3/ping`)).status).toBe(500);
  });
});
