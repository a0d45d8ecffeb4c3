import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { Decimal, ZERO } from '../../src/core/decimal.js';
import type { OrderListRequest } from '../../src/core/models.js';
import type { UserDataEvent } from '../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ManualClock } from '../simulator/ws-support.js';
import { until } from '../support/until.js';

/**
 * Stops and order lists from the connector against the simulator, the market moved on purpose:
 * the trigger fires when the market crosses it, the OCO's other order expires, the OTO's pending
 * order appears and fills, a stop on a thin book expires part-filled and the bot is told, and
 * the updates of all of them arrive in order.
 */

const START = Date.UTC(2026, 6, 1, 8, 0, 5, 500);
let sim: SimulatorHandle | undefined;
let connector: BinanceConnector | undefined;
let clock: ManualClock;

afterEach(async () => {
  await connector?.disconnect();
  await sim?.close();
  connector = undefined;
  sim = undefined;
});

async function setup(balances: Record<string, string> = { USDT: '100000', BTC: '2' }, orderEntry: 'rest' | 'ws-api' = 'rest'): Promise<{ c: BinanceConnector; s: SimulatorHandle; events: UserDataEvent[] }> {
  return setupWith({ balances, orderEntry });
}

async function setupWith(options: { balances?: Record<string, string>; orderEntry?: 'rest' | 'ws-api'; backoffMs?: number }): Promise<{ c: BinanceConnector; s: SimulatorHandle; events: UserDataEvent[] }> {
  const { balances = { USDT: '100000', BTC: '2' }, orderEntry = 'rest' } = options;
  clock = new ManualClock(START);
  sim = await startSimulator({ port: 0, seed: 31, clock, accounts: [{ balances }] });
  const account = sim.accounts[0]!;
  connector = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, wsStreamUrl: sim.wsStreamUrl,
    apiKey: account.apiKey, apiSecret: account.apiSecret, orderEntry,
    ...(options.backoffMs === undefined ? {} : { streams: { backoff: { initialMs: options.backoffMs, maxMs: options.backoffMs } } }),
  });
  await connector.connect();
  const events: UserDataEvent[] = [];
  await connector.subscribeOrderUpdates((event) => events.push(event));
  return { c: connector, s: sim, events };
}

/**
 * Moves the market and lets the simulator replay `ms` of it (its clock jumps: more than the
 * signatures' recvWindow would make signed requests refused until the connector syncs its clock).
 */
async function moveTo(s: SimulatorHandle, c: BinanceConnector, price: number, ms = 10_000): Promise<void> {
  s.market.moveTo('BTCUSDT', price.toFixed(2));
  clock.time += ms;
  await c.getServerTime();
}

async function last(c: BinanceConnector): Promise<number> {
  return Number((await c.getTicker('BTCUSDT')).lastPrice.toFixed());
}

/** The order and list events as short strings, in the order they arrived. */
function story(events: UserDataEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'order') return [`${e.order.clientOrderId} ${e.execution.executionType} ${e.order.status}${e.order.expiryReason === undefined ? '' : ` ${e.order.expiryReason}`}`];
    if (e.type === 'orderList') return [`list ${e.orderList.listStatusType}`];
    if (e.type === 'protectionLost') return [`LOST ${e.reason} ${e.order.clientOrderId}`];
    return [];
  });
}

describe.each(['rest', 'ws-api'] as const)('order lists placed over %s', (orderEntry) => {
  it('a sell OCO: the stop fires when the market falls through it, the limit order expires, and the list ends', async () => {
    const { c, s, events } = await setup(undefined, orderEntry);
    const price = await last(c);
    const request: OrderListRequest = {
      type: 'OCO', symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', listClientOrderId: 'bracket',
      above: { type: 'LIMIT_MAKER', price: (price * 1.03).toFixed(2), clientOrderId: 'tp' },
      below: { type: 'STOP_LOSS', stopPrice: (price * 0.97).toFixed(2), clientOrderId: 'sl' },
    };
    const list = await c.placeOrderList(request);
    expect([list.contingencyType, list.listStatusType, list.listClientOrderId]).toEqual(['OCO', 'EXEC_STARTED', 'bracket']);
    expect(list.orders.map((o) => [o.clientOrderId, o.order?.status, o.order?.isWorking])).toEqual([['sl', 'NEW', false], ['tp', 'NEW', true]]);
    expect((await c.getOpenOrderLists()).map((l) => l.orderListId)).toEqual([list.orderListId]);
    await moveTo(s, c, price * 0.9);
    await until(() => events.some((e) => e.type === 'orderList' && e.orderList.listStatusType === 'ALL_DONE'));
    const told = story(events);
    expect(told.slice(0, 3)).toEqual(['sl NEW NEW', 'tp NEW NEW', 'list EXEC_STARTED']);
    // The stop starts working, which expires its pair, then trades; the list is done after both.
    expect(told.slice(3)).toEqual(['tp EXPIRED EXPIRED OCO_TRIGGER', 'sl NEW NEW', 'sl TRADE FILLED', 'list ALL_DONE']);
    expect(await c.getOrderList(list.orderListId)).toMatchObject({ listOrderStatus: 'ALL_DONE' });
    expect((await c.getAllOrderLists()).map((l) => l.listClientOrderId)).toEqual(['bracket']);
    const fills = await c.getTrades('BTCUSDT', { orderId: list.orders[0]!.orderId });
    expect(fills.every((f) => f.orderListId === list.orderListId)).toBe(true);
  });
});

describe.each(['rest', 'ws-api'] as const)('OPO and OPOCO placed over %s', (orderEntry) => {
  it('an OPO: the pending SELL starts for what the working BUY received, net of its fee, and fills in its turn', async () => {
    const { c, s, events } = await setup(undefined, orderEntry);
    const price = await last(c);
    const list = await c.placeOrderList({
      type: 'OPO', symbol: 'BTCUSDT', listClientOrderId: 'opo',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: (price * 0.98).toFixed(2), clientOrderId: 'buy' },
      pending: { type: 'LIMIT_MAKER', price: (price * 1.02).toFixed(2), clientOrderId: 'sell' },
    });
    expect([list.contingencyType, list.listClientOrderId]).toEqual(['OTO', 'opo']);
    expect(list.orders.map((o) => [o.clientOrderId, o.order?.status, o.order?.quantity.toFixed()])).toEqual([['buy', 'NEW', '0.01'], ['sell', 'PENDING_NEW', '0']]);
    await moveTo(s, c, price * 0.97);
    await until(() => events.some((e) => e.type === 'order' && e.order.clientOrderId === 'sell' && e.order.status === 'NEW'));
    const bought = (await c.getTrades('BTCUSDT', { orderId: list.orders[0]!.orderId }));
    const fee = bought.reduce((sum, t) => (t.commissionAsset === 'BTC' ? sum.plus(t.commission) : sum), ZERO);
    const sell = await c.getOrderByClientId('sell', 'BTCUSDT');
    expect(sell.quantity.toFixed()).toBe(new Decimal('0.01').minus(fee).round(5, Decimal.roundDown).toFixed());
    await moveTo(s, c, price * 1.05);
    await until(() => events.some((e) => e.type === 'orderList' && e.orderList.listStatusType === 'ALL_DONE'));
    expect(story(events).filter((line) => /^(buy|sell|list)/.test(line))).toEqual([
      'buy NEW NEW', 'sell NEW PENDING_NEW', 'list EXEC_STARTED', 'buy TRADE FILLED', 'sell NEW NEW', 'sell TRADE FILLED', 'list ALL_DONE',
    ]);
  });

  it('an OPOCO whose working order is cancelled cancels the list; its pair never had a quantity', async () => {
    const { c } = await setup(undefined, orderEntry);
    const price = await last(c);
    const list = await c.placeOrderList({
      type: 'OPOCO', symbol: 'BTCUSDT', listClientOrderId: 'opoco',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: (price * 0.95).toFixed(2) },
      pendingAbove: { type: 'LIMIT_MAKER', price: (price * 1.05).toFixed(2) },
      pendingBelow: { type: 'STOP_LOSS', stopPrice: (price * 0.9).toFixed(2) },
    });
    expect(list.orders.map((o) => [o.order?.type, o.order?.status])).toEqual([['LIMIT', 'NEW'], ['STOP_LOSS', 'PENDING_NEW'], ['LIMIT_MAKER', 'PENDING_NEW']]);
    const cancelled = await c.cancelOrderList(list.orderListId, 'BTCUSDT');
    expect(cancelled.orders.map((o) => [o.order?.status, o.order?.quantity.toFixed()])).toEqual([['CANCELED', '0.01'], ['CANCELED', '0'], ['CANCELED', '0']]);
    expect(await c.getOpenOrderLists()).toEqual([]);
  });
});

describe('order options on a list against the simulator', () => {
  it('an OTOCO with an iceberg working order, a pegged take-profit and the list\'s STP mode: each order carries what it was sent', async () => {
    const { c } = await setup();
    const price = await last(c);
    const list = await c.placeOrderList({
      type: 'OTOCO', symbol: 'BTCUSDT', listClientOrderId: 'otoco-options', selfTradePreventionMode: 'EXPIRE_BOTH',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.05', price: (price * 0.98).toFixed(2), icebergQuantity: '0.01', strategyId: 11, clientOrderId: 'buy' },
      pendingSide: 'SELL', pendingQuantity: '0.05',
      pendingAbove: { type: 'LIMIT_MAKER', pegPriceType: 'PRIMARY_PEG', strategyType: 1_000_002, clientOrderId: 'take' },
      pendingBelow: { type: 'STOP_LOSS', stopPrice: (price * 0.9).toFixed(2), clientOrderId: 'stop' },
    });
    const orders = new Map(list.orders.map((o) => [o.clientOrderId, o.order!]));
    expect([...orders.values()].map((o) => o.selfTradePreventionMode)).toEqual(['EXPIRE_BOTH', 'EXPIRE_BOTH', 'EXPIRE_BOTH']);
    expect([orders.get('buy')!.icebergQuantity?.toFixed(), orders.get('buy')!.strategyId]).toEqual(['0.01', 11]);
    expect([orders.get('take')!.pegPriceType, orders.get('take')!.strategyType, orders.get('take')!.status]).toEqual(['PRIMARY_PEG', 1_000_002, 'PENDING_NEW']);
  });
});

describe('OTO against the simulator', () => {
  it('the pending order appears once the working order fills, and fills in its turn', async () => {
    const { c, s, events } = await setup();
    const price = await last(c);
    const list = await c.placeOrderList({
      type: 'OTO', symbol: 'BTCUSDT', listClientOrderId: 'oto',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: (price * 0.98).toFixed(2), clientOrderId: 'buy' },
      pending: { type: 'LIMIT_MAKER', side: 'SELL', quantity: '0.0099', price: (price * 1.02).toFixed(2), clientOrderId: 'sell' },
    });
    expect(list.orders.map((o) => o.order?.status)).toEqual(['NEW', 'PENDING_NEW']);
    await moveTo(s, c, price * 0.97);
    await until(() => events.some((e) => e.type === 'order' && e.order.clientOrderId === 'sell' && e.order.status === 'NEW'));
    await moveTo(s, c, price * 1.05);
    await until(() => events.some((e) => e.type === 'orderList' && e.orderList.listStatusType === 'ALL_DONE'));
    expect(story(events).filter((line) => line.startsWith('buy') || line.startsWith('sell') || line.startsWith('list'))).toEqual([
      'buy NEW NEW', 'sell NEW PENDING_NEW', 'list EXEC_STARTED', 'buy TRADE FILLED', 'sell NEW NEW', 'sell TRADE FILLED', 'list ALL_DONE',
    ]);
  });

  it('cancelAllOrders empties a symbol with a list on it', async () => {
    const { c } = await setup();
    const price = await last(c);
    await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: (price * 0.9).toFixed(2), clientOrderId: 'single' });
    await c.placeOrderList({
      type: 'OTO', symbol: 'BTCUSDT',
      working: { type: 'LIMIT_MAKER', side: 'BUY', quantity: '0.001', price: (price * 0.95).toFixed(2), clientOrderId: 'w' },
      pending: { type: 'STOP_LOSS', side: 'SELL', quantity: '0.001', stopPrice: (price * 0.9).toFixed(2), clientOrderId: 'p' },
    });
    const cancelled = await c.cancelAllOrders('BTCUSDT');
    expect(cancelled.map((o) => [o.clientOrderId, o.status]).sort()).toEqual([['p', 'CANCELED'], ['single', 'CANCELED'], ['w', 'CANCELED']]);
    expect(await c.getOrders('BTCUSDT')).toEqual([]);
    expect(await c.getOpenOrderLists()).toEqual([]);
  });
});

describe('lost protection against the simulator', () => {
  it('a stop that triggers on a thin book and expires part-filled reaches the bot as a protectionLost notice', async () => {
    const { c, s, events } = await setup({ USDT: '1000', BTC: '100' });
    const price = await last(c);
    await c.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '100', stopPrice: (price * 0.99).toFixed(2), clientOrderId: 'big-stop' });
    await moveTo(s, c, price * 0.95);
    await until(() => events.some((e) => e.type === 'protectionLost'));
    const lost = events.find((e) => e.type === 'protectionLost');
    expect(lost).toMatchObject({ reason: 'EXPIRED_AFTER_TRIGGER', order: { clientOrderId: 'big-stop', status: 'EXPIRED', expiryReason: 'INSUFFICIENT_LIQUIDITY' } });
    const update = events.find((e) => e.type === 'order' && e.order.status === 'EXPIRED');
    expect(update).toMatchObject({ protectionLost: 'EXPIRED_AFTER_TRIGGER' });
    expect(story(events).at(-1)).toBe('LOST EXPIRED_AFTER_TRIGGER big-stop');
  });
});

describe('order lists through a stream gap', () => {
  it('an OCO that ends while the user-data stream is down arrives after the reconnect: its orders, then the list, recovered', async () => {
    const { c, s, events } = await setupWith({ backoffMs: 400 });
    const price = await last(c);
    const list = await c.placeOrderList({
      type: 'OCO', symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', listClientOrderId: 'gap-oco',
      above: { type: 'LIMIT_MAKER', price: (price * 1.03).toFixed(2), clientOrderId: 'gap-tp' },
      below: { type: 'STOP_LOSS', stopPrice: (price * 0.97).toFixed(2), clientOrderId: 'gap-sl' },
    });
    await until(() => events.some((e) => e.type === 'orderList'));
    s.inject({ kind: 'drop-streams' });
    // While the stream is down: the market falls through the stop, the OCO ends.
    await moveTo(s, c, price * 0.9, 2_000);
    await until(() => events.some((e) => e.type === 'stream' && e.status === 'resubscribed'), 10_000);
    const recovered = events.flatMap((e) => {
      if (e.type === 'order' && e.recovered) return [`${e.order.clientOrderId} ${e.order.status}`];
      if (e.type === 'orderList' && e.recovered) return [`list ${e.orderList.listOrderStatus}`];
      return [];
    });
    expect(recovered)
      .toEqual(['gap-sl FILLED', 'gap-tp EXPIRED', 'list ALL_DONE']);
    expect(await c.getOrderList(list.orderListId)).toMatchObject({ listOrderStatus: 'ALL_DONE' });
  });
});
