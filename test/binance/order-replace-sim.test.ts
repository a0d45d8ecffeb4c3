import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { Decimal } from '../../src/core/decimal.js';
import { InvalidOrderError, OrderNotFoundError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { Order, ReplaceResult } from '../../src/core/models.js';
import type { OrderUpdate, UserDataEvent } from '../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { until } from '../support/until.js';

/**
 * amendOrder and replaceOrder against the simulator, over REST and over the WebSocket API: the
 * amended order keeps its place and its client id, each partial outcome of a replace is a result
 * (a cancel whose new order failed flagged as an order lost), and a lost answer is read back.
 */

const START = Date.UTC(2026, 6, 1, 8, 0, 5, 500);
let sim: SimulatorHandle | undefined;
let connector: BinanceConnector | undefined;

afterEach(async () => {
  await connector?.disconnect();
  await sim?.close();
  connector = undefined;
  sim = undefined;
});

interface Setup { c: BinanceConnector; s: SimulatorHandle; events: UserDataEvent[]; logs: string[] }

async function setup(options: { orderEntry?: 'rest' | 'ws-api' } = {}): Promise<Setup> {
  sim = await startSimulator({
    port: 0, seed: 31, clock: { now: () => START }, accounts: [{ balances: { USDT: '100000', BTC: '2' } }],
  });
  const account = sim.accounts[0]!;
  const logs: string[] = [];
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { logs.push(chunk.toString()); done(); } });
  connector = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, wsStreamUrl: sim.wsStreamUrl,
    apiKey: account.apiKey, apiSecret: account.apiSecret, orderEntry: options.orderEntry ?? 'rest', reconcileDelaysMs: [10, 30, 60],
    logger: createLogger({ level: 'warn', destination }),
  });
  await connector.connect();
  const events: UserDataEvent[] = [];
  await connector.subscribeOrderUpdates((event) => events.push(event));
  return { c: connector, s: sim, events, logs };
}

/** The best ask: SELLs there rest, and a BUY at it meets them before the market's own liquidity at that price. */
async function bestAsk(c: BinanceConnector): Promise<string> {
  return (await c.getOrderBook('BTCUSDT', 5)).asks[0]!.price.toFixed(2);
}

const sell = (c: BinanceConnector, price: string, quantity: string, clientOrderId?: string): Promise<Order> =>
  c.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...(clientOrderId === undefined ? {} : { clientOrderId }) });
const takeAt = (c: BinanceConnector, price: string, quantity: string): Promise<Order> =>
  c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity });
const outcome = (r: ReplaceResult): unknown[] => [r.cancelResult, r.newOrderResult, r.orderLost];

describe.each(['rest', 'ws-api'] as const)('over %s', (orderEntry) => {
  it('amendOrder keeps the order\'s place and its client order id: a later order at the same price fills after it', async () => {
    const { c, events } = await setup({ orderEntry });
    const price = await bestAsk(c);
    const first = await sell(c, price, '0.005', 'bot-order-1');
    const second = await sell(c, price, '0.002');
    const amended = await c.amendOrder(first.orderId, 'BTCUSDT', '0.002');
    expect([amended.orderId, amended.clientOrderId, amended.quantity.toFixed(), amended.status]).toEqual([first.orderId, 'bot-order-1', '0.002', 'NEW']);
    await takeAt(c, price, '0.002');
    expect((await c.getOrderByClientId('bot-order-1', 'BTCUSDT'))).toMatchObject({ status: 'FILLED', orderId: first.orderId });
    expect((await c.getOrder(second.orderId, 'BTCUSDT')).status).toBe('NEW');
    await until(() => events.some((e) => e.type === 'order' && e.execution.executionType === 'REPLACED'));
    const replaced = events.find((e): e is OrderUpdate => e.type === 'order' && e.execution.executionType === 'REPLACED')!;
    expect([replaced.order.clientOrderId, replaced.order.quantity.toFixed()]).toEqual(['bot-order-1', '0.002']);
  });

  it('each outcome of replaceOrder is a result, a cancel whose new order failed flagged as an order lost', async () => {
    const { c, logs } = await setup({ orderEntry });
    const price = await bestAsk(c);
    const limit = { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.003' } as const;
    const takingMaker = { side: 'BUY', type: 'LIMIT_MAKER', price: new Decimal(price).plus(500).toFixed(2), quantity: '0.002' } as const;

    const old = await sell(c, price, '0.002');
    const both = await c.replaceOrder(old.orderId, 'BTCUSDT', { ...limit, clientOrderId: 'replacement-1' });
    expect(outcome(both)).toEqual(['SUCCESS', 'SUCCESS', false]);
    expect([both.cancelledOrder?.orderId, both.cancelledOrder?.status, both.newOrder?.clientOrderId, both.newOrder?.status])
      .toEqual([old.orderId, 'CANCELED', 'replacement-1', 'NEW']);

    const notFound = await c.replaceOrder('999999', 'BTCUSDT', limit);
    expect(outcome(notFound)).toEqual(['FAILURE', 'NOT_ATTEMPTED', false]);
    expect(notFound.cancelError).toBeInstanceOf(OrderNotFoundError);
    expect([notFound.newOrder, notFound.cancelledOrder, notFound.newOrderError]).toEqual([undefined, undefined, undefined]);

    const allowed = await c.replaceOrder('999999', 'BTCUSDT', limit, { mode: 'ALLOW_FAILURE' });
    expect(outcome(allowed)).toEqual(['FAILURE', 'SUCCESS', false]);
    expect((await c.getOrder(allowed.newOrder!.orderId, 'BTCUSDT')).status).toBe('NEW');

    const neither = await c.replaceOrder('999999', 'BTCUSDT', takingMaker, { mode: 'ALLOW_FAILURE' });
    expect(outcome(neither)).toEqual(['FAILURE', 'FAILURE', false]);
    expect(neither.newOrderError).toBeInstanceOf(InvalidOrderError);

    expect(logs.filter((line) => line.includes('no order works in its place'))).toEqual([]);
    const lost = await c.replaceOrder(both.newOrder!.orderId, 'BTCUSDT', takingMaker);
    expect(outcome(lost)).toEqual(['SUCCESS', 'FAILURE', true]);
    expect([lost.cancelledOrder?.status, lost.newOrderError?.exchangeCode]).toEqual(['CANCELED', -2010]);
    expect(logs.filter((line) => line.includes(`replace of order ${both.newOrder!.orderId} on BTCUSDT cancelled it`))).toHaveLength(1);
  });
});

describe('replaceOrder', () => {
  it('a lost answer is read back by the new order\'s client id and never sent again', async () => {
    const { c, s } = await setup();
    const price = await bestAsk(c);
    const old = await sell(c, price, '0.002');
    s.inject({ kind: 'order-status-unknown', count: 1, as: 503 });
    const result = await c.replaceOrder(old.orderId, 'BTCUSDT', { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.004', clientOrderId: 'after-loss' });
    expect(outcome(result)).toEqual(['SUCCESS', 'SUCCESS', false]);
    expect([result.newOrder?.clientOrderId, result.cancelledOrder?.orderId]).toEqual(['after-loss', old.orderId]);
    const open = await c.getOrders('BTCUSDT');
    expect(open.map((o) => o.clientOrderId)).toEqual(['after-loss']);
  });

  it('checks the new order as placeOrder does, before any request', async () => {
    const { c } = await setup();
    const before = c.metrics().requests;
    await expect(c.replaceOrder('1', 'BTCUSDT', { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '60000.001', quantity: '0.002' }))
      .rejects.toMatchObject({ name: 'InvalidOrderError', field: 'price' });
    await expect(c.replaceOrder('1', 'BTCUSDT', { symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '0.002' }))
      .rejects.toMatchObject({ name: 'InvalidOrderError', field: 'symbol', rule: 'SAME_SYMBOL' });
    await expect(c.amendOrder('1', 'BTCUSDT', '0.0000001')).rejects.toMatchObject({ name: 'InvalidOrderError', field: 'newQuantity' });
    expect(c.metrics().requests).toBe(before);
  });
});

describe('amendOrder', () => {
  it('sets the client order id asked for, and the order updates show it', async () => {
    const { c, events } = await setup();
    const price = await bestAsk(c);
    const placed = await sell(c, price, '0.005', 'before-rename');
    const amended = await c.amendOrder(placed.orderId, 'BTCUSDT', '0.004', { clientOrderId: 'after-rename' });
    expect(amended.clientOrderId).toBe('after-rename');
    await until(() => events.some((e) => e.type === 'order' && e.execution.executionType === 'REPLACED'));
    const replaced = events.find((e): e is OrderUpdate => e.type === 'order' && e.execution.executionType === 'REPLACED')!;
    expect(replaced.order.clientOrderId).toBe('after-rename');
  });
});
