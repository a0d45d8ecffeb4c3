import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

/**
 * The order options over REST, as Binance's documents show them: the placement answer of a
 * prevented taker (stp_faq.md), `GET /api/v3/myPreventedMatches` with its combinations and
 * weights (rest-api.md), and the option parameters refused with Binance's codes and messages.
 */

const NOW = Date.UTC(2026, 6, 1, 8, 0, 5);
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

beforeEach(async () => {
  sim = await startSimulator({ seed: 13, clock: { now: () => NOW } });
});
afterEach(async () => {
  await sim.close();
});

const send = (method: 'GET' | 'POST', path: string, params: Record<string, string | number>) =>
  signed(sim.restUrl, method, path, DEMO_API_KEY, key, params, { timestamp: NOW });
const place = (params: Record<string, string | number>) => send('POST', '/api/v3/order', { symbol: 'BTCUSDT', type: 'LIMIT', timeInForce: 'GTC', ...params });

async function bestBid(): Promise<string> {
  return ((await call(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`)).body as { bids: [string, string][] }).bids[0]![0];
}

describe('self-trade prevention over REST', () => {
  test('a prevented taker lists its preventedMatches, and myPreventedMatches reads them by id and by order', async () => {
    const price = await bestBid();
    const maker = (await place({ side: 'BUY', quantity: '0.003', price })).body as Record<string, unknown>;
    const taker = await place({ side: 'SELL', quantity: '0.001', price, selfTradePreventionMode: 'EXPIRE_BOTH' });
    expect(taker.status).toBe(200);
    expect(taker.body).toMatchObject({
      status: 'EXPIRED_IN_MATCH', executedQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_BOTH', preventedMatchId: 0, preventedQuantity: '0.00100000',
      preventedMatches: [{ preventedMatchId: 0, makerSymbol: 'BTCUSDT', makerOrderId: maker.orderId, price, takerPreventedQuantity: '0.00100000', makerPreventedQuantity: '0.00300000' }],
    });
    const takerId = (taker.body as Record<string, unknown>).orderId as number;
    const expected = {
      symbol: 'BTCUSDT', preventedMatchId: 0, takerOrderId: takerId, makerSymbol: 'BTCUSDT', makerOrderId: maker.orderId, tradeGroupId: -1,
      selfTradePreventionMode: 'EXPIRE_BOTH', price, takerPreventedQuantity: '0.00100000', makerPreventedQuantity: '0.00300000', transactTime: NOW,
    };
    const byId = await send('GET', '/api/v3/myPreventedMatches', { symbol: 'BTCUSDT', preventedMatchId: 0 });
    expect([byId.status, byId.body, byId.headers.get('x-mbx-used-weight-1m')]).toEqual([200, [expected], expect.any(String)]);
    const byOrder = await send('GET', '/api/v3/myPreventedMatches', { symbol: 'BTCUSDT', orderId: maker.orderId as number, fromPreventedMatchId: 0 });
    expect(byOrder.body).toEqual([expected]);
    expect((await send('GET', '/api/v3/myPreventedMatches', { symbol: 'BTCUSDT', orderId: maker.orderId as number, fromPreventedMatchId: 1 })).body).toEqual([]);
    const weight = async (params: Record<string, string | number>): Promise<number> => {
      const before = Number((await call(`${sim.restUrl}/api/v3/ping`)).headers.get('x-mbx-used-weight-1m'));
      const after = Number((await send('GET', '/api/v3/myPreventedMatches', params)).headers.get('x-mbx-used-weight-1m'));
      return after - before;
    };
    expect([await weight({ symbol: 'BTCUSDT', preventedMatchId: 0 }), await weight({ symbol: 'BTCUSDT', orderId: takerId })]).toEqual([2, 20]);
    expect((await send('GET', '/api/v3/myPreventedMatches', { symbol: 'BTCUSDT' })).body)
      .toEqual({ code: -1102, msg: "Param 'preventedMatchId' or 'orderId' must be sent, but both were empty/null!" });
  });
});

describe('order options refused as Binance refuses them', () => {
  test.each([
    [{ side: 'BUY', quantity: '0.01', price: '50000', timeInForce: 'IOC', icebergQty: '0.002' }, -2010, 'Unsupported order combination'],
    [{ side: 'BUY', quantity: '0.01', price: '50000', icebergQty: '0.01' }, -2010, 'IcebergQty exceeds QTY.'],
    [{ side: 'BUY', quantity: '0.01', price: '50000', icebergQty: '0.00001' }, -1013, 'Filter failure: ICEBERG_PARTS'],
    [{ side: 'BUY', quantity: '0.01', pegPriceType: 'MID_PEG' }, -1210, 'Invalid pegPriceType.'],
    [{ side: 'BUY', quantity: '0.01', pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'TICKS', pegOffsetValue: 1 }, -1211, 'Invalid pegOffsetType.'],
    [{ side: 'BUY', quantity: '0.01', pegPriceType: 'PRIMARY_PEG', pegOffsetValue: 1 }, -1128, 'Combination of optional parameters invalid.'],
    [{ side: 'BUY', type: 'LIMIT_MAKER', timeInForce: undefined, quantity: '0.01', pegPriceType: 'MARKET_PEG' }, -2010, 'This price peg cannot be used with this order type.'],
    [{ side: 'BUY', type: 'STOP_LOSS', timeInForce: undefined, quantity: '0.01', stopPrice: '90000', pegPriceType: 'PRIMARY_PEG' }, -2010, 'This order type may not use pegged price.'],
    [{ side: 'BUY', quantity: '0.01', price: '50000', strategyType: 999_999 }, -1134, 'strategyType was less than 1000000.'],
    [{ side: 'BUY', quantity: '0.01', price: '50000', selfTradePreventionMode: 'EXPIRE_ALL' }, -1130, "Data sent for parameter 'selfTradePreventionMode' is not valid."],
  ])('%j answers %i %s', async (params, code, msg) => {
    const all: Record<string, string | number | undefined> = { symbol: 'BTCUSDT', type: 'LIMIT', timeInForce: 'GTC', ...params };
    const response = await send('POST', '/api/v3/order', Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string | number>);
    expect([response.status, response.body]).toEqual([400, { code, msg }]);
  });
});
