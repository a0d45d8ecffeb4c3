import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { Order, OrderRequest, SelfTradePreventionMode } from '../../src/core/models.js';
import type { OrderUpdate, UserDataEvent } from '../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { STP_MODES } from '../../src/spec/binance/enums.js';
import { ManualClock } from '../simulator/ws-support.js';
import { until } from '../support/until.js';

/**
 * Iceberg, pegged and self-trade-prevented orders from the connector against the simulator: an
 * iceberg's part refills behind the orders at its price, a pegged price is fixed when the order
 * enters the book and kept as the market moves, and each STP mode expires or decrements as
 * stp_faq.md describes, with the prevented fields in the order and in its executionReport.
 */

const START = Date.UTC(2026, 6, 1, 8, 0, 5, 500);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  sim: SimulatorHandle;
  clock: ManualClock;
  /** One connector per account. */
  connectors: BinanceConnector[];
  /** The first account's order updates. */
  events: UserDataEvent[];
}

async function setup(accounts = 1, orderEntry: 'rest' | 'ws-api' = 'rest'): Promise<Setup> {
  const clock = new ManualClock(START);
  const sim = await startSimulator({ port: 0, seed: 12, clock, accounts: Array.from({ length: accounts }, () => ({ balances: { USDT: '1000000', BTC: '10' } })) });
  cleanups.push(() => sim.close());
  const connectors: BinanceConnector[] = [];
  for (const account of sim.accounts) {
    const c = new BinanceConnector({
      environment: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, wsStreamUrl: sim.wsStreamUrl, apiKey: account.apiKey, apiSecret: account.apiSecret, orderEntry,
    });
    cleanups.push(() => c.disconnect());
    await c.connect();
    connectors.push(c);
  }
  const events: UserDataEvent[] = [];
  await connectors[0]!.subscribeOrderUpdates((event) => events.push(event));
  return { sim, clock, connectors, events };
}

const updatesOf = (events: readonly UserDataEvent[], order: Order): OrderUpdate[] =>
  events.filter((e): e is OrderUpdate => e.type === 'order' && e.order.orderId === order.orderId);

describe("the simulator's exchangeInfo", () => {
  it('allows icebergs, pegged orders and every STP mode Binance lists, NONE by default, with ICEBERG_PARTS 100', async () => {
    const { sim } = await setup();
    const info = await (await fetch(`${sim.restUrl}/api/v3/exchangeInfo?symbol=BTCUSDT`)).json() as { symbols: Record<string, unknown>[] };
    const symbol = info.symbols[0]!;
    expect([symbol.icebergAllowed, symbol.pegInstructionsAllowed, symbol.defaultSelfTradePreventionMode]).toEqual([true, true, 'NONE']);
    expect(symbol.allowedSelfTradePreventionModes).toEqual([...STP_MODES]);
    expect((symbol.filters as Record<string, unknown>[]).find((f) => f.filterType === 'ICEBERG_PARTS')).toEqual({ filterType: 'ICEBERG_PARTS', limit: 100 });
  });
});

describe('iceberg orders against the simulator', () => {
  it('show their part on the book, and a used-up part refills behind the order resting at the same price', async () => {
    const { connectors: [a, b, c] } = await setup(3);
    const book = await a!.getOrderBook('BTCUSDT', 5);
    const price = book.asks[0]!.price;
    const synthetic = book.asks[0]!.quantity;
    const iceberg = await a!.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price, quantity: '0.01', icebergQuantity: '0.003' });
    expect([iceberg.icebergQuantity?.toFixed(), iceberg.status]).toEqual(['0.003', 'NEW']);
    expect((await a!.getOrderBook('BTCUSDT', 5)).asks[0]!.quantity.minus(synthetic).toFixed()).toBe('0.003');
    const plain = await b!.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price, quantity: '0.002' });
    await c!.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity: '0.004' });
    expect((await a!.getOrder(iceberg.orderId, 'BTCUSDT')).executedQuantity.toFixed()).toBe('0.003');
    expect((await b!.getOrder(plain.orderId, 'BTCUSDT')).executedQuantity.toFixed()).toBe('0.001');
    // The iceberg's next part waits behind the rest of the plain order.
    await c!.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity: '0.002' });
    expect((await b!.getOrder(plain.orderId, 'BTCUSDT')).status).toBe('FILLED');
    const after = await a!.getOrder(iceberg.orderId, 'BTCUSDT');
    expect([after.executedQuantity.toFixed(), after.status, after.icebergQuantity?.toFixed()]).toEqual(['0.004', 'PARTIALLY_FILLED', '0.003']);
    expect((await a!.getOrderBook('BTCUSDT', 5)).asks[0]!.quantity.minus(synthetic).toFixed()).toBe('0.002');
  });
});

describe('pegged orders against the simulator', () => {
  it('take the best bid when placed and keep that price as the market moves', async () => {
    const { sim, clock, connectors: [a], events } = await setup();
    const bestBid = (await a!.getOrderBook('BTCUSDT', 5)).bids[0]!.price;
    const placed = await a!.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', pegPriceType: 'PRIMARY_PEG', strategyId: 42, strategyType: 1_000_001 });
    expect([placed.price.toFixed(), placed.peggedPrice?.toFixed(), placed.pegPriceType, placed.strategyId, placed.strategyType])
      .toEqual(['0', bestBid.toFixed(), 'PRIMARY_PEG', 42, 1_000_001]);
    sim.market.moveTo('BTCUSDT', bestBid.times('1.02').toFixed(2));
    clock.time += 10_000;
    await a!.getServerTime();
    expect((await a!.getOrderBook('BTCUSDT', 5)).bids[0]!.price.gt(bestBid)).toBe(true);
    const later = await a!.getOrder(placed.orderId, 'BTCUSDT');
    expect([later.status, later.peggedPrice?.toFixed()]).toEqual(['NEW', bestBid.toFixed()]);
    await until(() => updatesOf(events, placed).length > 0);
    const report = updatesOf(events, placed)[0]!.order;
    expect([report.pegPriceType, report.peggedPrice?.toFixed(), report.strategyId]).toEqual(['PRIMARY_PEG', bestBid.toFixed(), 42]);
  });

  it('take a level deeper on the other side with a PRICE_LEVEL offset', async () => {
    const { connectors: [a] } = await setup();
    const asks = (await a!.getOrderBook('BTCUSDT', 5)).asks;
    const placed = await a!.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.001', pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 2 });
    expect([placed.peggedPrice?.toFixed(), placed.pegOffsetType, placed.pegOffsetValue]).toEqual([asks[2]!.price.toFixed(), 'PRICE_LEVEL', 2]);
  });
});

describe('order options over the WebSocket API', () => {
  it('places an iceberg and a self-trade-prevented order with order.place, and reads their fields', async () => {
    const { connectors: [a] } = await setup(1, 'ws-api');
    const price = (await a!.getTicker('BTCUSDT')).lastPrice;
    const iceberg = await a!.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: '0.01', icebergQuantity: '0.004', strategyId: 9 });
    const taker = await a!.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price, quantity: '0.001', selfTradePreventionMode: 'DECREMENT' });
    expect([iceberg.icebergQuantity?.toFixed(), iceberg.strategyId, taker.status, taker.preventedQuantity?.toFixed()]).toEqual(['0.004', 9, 'EXPIRED_IN_MATCH', '0.001']);
  });
});

describe('self-trade prevention against the simulator', () => {
  /** A maker BUY at the last price, then a SELL taker of the same account at that price. */
  async function selfTrade(makerQuantity: string, takerQuantity: string, takerMode: SelfTradePreventionMode, makerMode: SelfTradePreventionMode = 'NONE') {
    const { connectors: [a], events } = await setup();
    const price = (await a!.getTicker('BTCUSDT')).lastPrice;
    const request = (side: 'BUY' | 'SELL', quantity: string, mode: SelfTradePreventionMode): OrderRequest =>
      ({ symbol: 'BTCUSDT', side, type: 'LIMIT', price, quantity, selfTradePreventionMode: mode });
    const maker = await a!.placeOrder(request('BUY', makerQuantity, makerMode));
    const taker = await a!.placeOrder(request('SELL', takerQuantity, takerMode));
    return { a: a!, events, maker: await a!.getOrder(maker.orderId, 'BTCUSDT'), taker };
  }

  const summary = (o: Order): unknown[] => [o.status, o.selfTradePreventionMode, o.preventedMatchId, o.preventedQuantity?.toFixed()];

  it('EXPIRE_TAKER expires the taker, the maker keeps working', async () => {
    const { maker, taker } = await selfTrade('0.001', '0.003', 'EXPIRE_TAKER');
    expect(summary(taker)).toEqual(['EXPIRED_IN_MATCH', 'EXPIRE_TAKER', 0, '0.003']);
    expect(summary(maker)).toEqual(['NEW', 'NONE', undefined, undefined]);
  });

  it('EXPIRE_MAKER expires the maker, the taker trades on with the rest of the book', async () => {
    const { maker, taker } = await selfTrade('0.001', '0.003', 'EXPIRE_MAKER');
    expect(summary(maker)).toEqual(['EXPIRED_IN_MATCH', 'NONE', 0, '0.001']);
    expect([taker.status, taker.executedQuantity.toFixed(), taker.preventedQuantity]).toEqual(['FILLED', '0.003', undefined]);
  });

  it('EXPIRE_BOTH expires both orders', async () => {
    const { maker, taker } = await selfTrade('0.001', '0.003', 'EXPIRE_BOTH');
    expect([summary(maker), summary(taker)]).toEqual([['EXPIRED_IN_MATCH', 'NONE', 0, '0.001'], ['EXPIRED_IN_MATCH', 'EXPIRE_BOTH', 0, '0.003']]);
  });

  it('DECREMENT takes the smaller quantity off both and reports TRADE_PREVENTION to each', async () => {
    const { maker, taker, events } = await selfTrade('0.006', '0.002', 'DECREMENT');
    expect([summary(maker), summary(taker)]).toEqual([['NEW', 'NONE', 0, '0.002'], ['EXPIRED_IN_MATCH', 'DECREMENT', 0, '0.002']]);
    await until(() => updatesOf(events, taker).some((u) => u.execution.executionType === 'TRADE_PREVENTION'));
    const prevention = (o: Order): unknown[] => updatesOf(events, o).filter((u) => u.execution.executionType === 'TRADE_PREVENTION').map((u) => summary(u.order));
    await until(() => prevention(maker).length > 0);
    expect(prevention(maker)).toEqual([['NEW', 'NONE', 0, '0.002']]);
    expect(prevention(taker)).toEqual([['EXPIRED_IN_MATCH', 'DECREMENT', 0, '0.002']]);
  });

  it('TRANSFER between orders of one account acts as DECREMENT', async () => {
    const { maker, taker } = await selfTrade('0.006', '0.002', 'TRANSFER', 'TRANSFER');
    expect([summary(maker), summary(taker)]).toEqual([['NEW', 'TRANSFER', 0, '0.002'], ['EXPIRED_IN_MATCH', 'TRANSFER', 0, '0.002']]);
  });

  it('NONE lets the account trade with itself', async () => {
    const { maker, taker } = await selfTrade('0.001', '0.001', 'NONE');
    expect([maker.status, taker.status, taker.preventedQuantity]).toEqual(['FILLED', 'FILLED', undefined]);
  });
});
