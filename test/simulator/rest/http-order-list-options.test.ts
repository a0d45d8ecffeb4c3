import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

/**
 * The order options on the orders of a list, over REST as rest-api.md's list endpoints name them:
 * an iceberg shows only its part on the book, a pegged order takes its price when it is placed,
 * and the list's `selfTradePreventionMode` is each of its orders' mode.
 */

const NOW = Date.UTC(2026, 6, 1, 8, 0, 5);
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

beforeEach(async () => {
  sim = await startSimulator({ seed: 17, clock: { now: () => NOW } });
});
afterEach(async () => {
  await sim.close();
});

type Report = Record<string, unknown>;
type ListAnswer = { orderReports: Report[] } & Record<string, unknown>;

const post = (path: string, params: Record<string, string | number>) =>
  signed(sim.restUrl, 'POST', path, DEMO_API_KEY, key, { symbol: 'BTCUSDT', ...params }, { timestamp: NOW });

async function book(): Promise<{ bids: [string, string][]; asks: [string, string][] }> {
  return (await call(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`)).body as { bids: [string, string][]; asks: [string, string][] };
}

/** The quantity the book shows at `price` on the bid side, 0 when none. */
async function bidQuantityAt(price: string): Promise<number> {
  return Number((await book()).bids.find(([p]) => p === price)?.[1] ?? 0);
}

/** A report of the list's answer by its client order id. */
const report = (answer: ListAnswer, clientOrderId: string): Report => answer.orderReports.find((r) => r.clientOrderId === clientOrderId)!;

describe('order options on the orders of a list', () => {
  test('an OTO\'s working iceberg shows only its visible part on the book and reports its icebergQty and strategy labels', async () => {
    const { asks, bids } = await book();
    const price = bids[0]![0];
    const before = await bidQuantityAt(price);
    const placed = await post('/api/v3/orderList/oto', {
      workingType: 'LIMIT', workingSide: 'BUY', workingPrice: price, workingQuantity: '0.05', workingTimeInForce: 'GTC',
      workingIcebergQty: '0.01', workingStrategyId: 42, workingStrategyType: 1_000_000, workingClientOrderId: 'w',
      pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingQuantity: '0.05', pendingPrice: asks[3]![0], pendingClientOrderId: 'p',
      pendingStrategyId: 43,
    });
    expect([placed.status, placed.body]).toMatchObject([200, { listOrderStatus: 'EXECUTING' }]);
    const answer = placed.body as ListAnswer;
    expect(report(answer, 'w')).toMatchObject({ status: 'NEW', origQty: '0.05000000', icebergQty: '0.01000000', strategyId: 42, strategyType: 1_000_000 });
    expect(report(answer, 'p')).toMatchObject({ status: 'PENDING_NEW', strategyId: 43 });
    expect((await bidQuantityAt(price)) - before).toBeCloseTo(0.01, 8);
  });

  // pegged_orders.md: `price` is the one sent (none here), `peggedPrice` the one the order took.
  test('an OCO\'s pegged LIMIT_MAKER takes the best price on its side when it is placed', async () => {
    const { asks, bids } = await book();
    const placed = await post('/api/v3/orderList/oco', {
      side: 'SELL', quantity: '0.001',
      aboveType: 'LIMIT_MAKER', abovePegPriceType: 'PRIMARY_PEG', aboveClientOrderId: 'above',
      belowType: 'STOP_LOSS', belowStopPrice: String(Math.floor(Number(bids[0]![0]) * 0.9)), belowClientOrderId: 'below',
    });
    expect([placed.status, placed.body]).toMatchObject([200, { listOrderStatus: 'EXECUTING' }]);
    expect(report(placed.body as ListAnswer, 'above')).toMatchObject({ status: 'NEW', price: '0.00000000', pegPriceType: 'PRIMARY_PEG', peggedPrice: asks[0]![0] });
  });

  test('the list\'s selfTradePreventionMode is each order\'s: the working order expires in the match with the account\'s own order', async () => {
    const price = (await book()).bids[0]![0];
    const maker = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, {
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.003', price,
    }, { timestamp: NOW });
    expect(maker.status).toBe(200);
    const placed = await post('/api/v3/orderList/oto', {
      selfTradePreventionMode: 'EXPIRE_TAKER',
      workingType: 'LIMIT', workingSide: 'SELL', workingPrice: price, workingQuantity: '0.001', workingTimeInForce: 'GTC', workingClientOrderId: 'w',
      pendingType: 'LIMIT', pendingSide: 'BUY', pendingQuantity: '0.001', pendingPrice: price, pendingTimeInForce: 'GTC', pendingClientOrderId: 'p',
    });
    expect([placed.status, placed.body]).toMatchObject([200, {}]);
    const answer = placed.body as ListAnswer;
    expect(report(answer, 'w')).toMatchObject({
      status: 'EXPIRED_IN_MATCH', executedQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_TAKER', preventedMatchId: 0, preventedQuantity: '0.00100000',
    });
    // The answer shows the pending order as placed; it expires with the working order right after.
    expect(report(answer, 'p')).toMatchObject({ status: 'PENDING_NEW', selfTradePreventionMode: 'EXPIRE_TAKER' });
    const pending = await signed(sim.restUrl, 'GET', '/api/v3/order', DEMO_API_KEY, key, { symbol: 'BTCUSDT', origClientOrderId: 'p' }, { timestamp: NOW });
    expect(pending.body).toMatchObject({ status: 'EXPIRED', selfTradePreventionMode: 'EXPIRE_TAKER' });
  });
});
