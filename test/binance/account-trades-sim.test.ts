import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { InsufficientFundsError, InvalidArgumentError } from '../../src/core/errors.js';
import type { AccountTrade, Order } from '../../src/core/models.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { rejectionOf } from './support/rejection.js';

/** The kill switch and the account's own fills, against the simulator. */

let sim: SimulatorHandle;
let connector: BinanceConnector;
let wsApi: BinanceConnector;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, accounts: [{ balances: { USDT: '100000', BTC: '2', ETH: '20', BNB: '50' } }, { balances: { USDT: '5000' } }] });
  const account = sim.accounts[0]!;
  const common = { environment: 'sim' as const, restUrl: sim.restUrl, apiKey: account.apiKey, apiSecret: account.apiSecret };
  connector = new BinanceConnector(common);
  wsApi = new BinanceConnector({ ...common, wsApiUrl: sim.wsApiUrl, orderEntry: 'ws-api' });
  await connector.connect();
  await wsApi.connect();
});

afterAll(async () => {
  await connector.disconnect();
  await wsApi.disconnect();
  await sim.close();
});

/** A BUY far under the market, so it rests. */
async function restingBuy(c: BinanceConnector, symbol: string, clientOrderId: string): Promise<Order> {
  const ticker = await c.getTicker(symbol);
  const price = ticker.bidPrice.times('0.5').toFixed(symbol === 'ETHBTC' ? 5 : 2);
  return c.placeOrder({ symbol, side: 'BUY', type: 'LIMIT', quantity: symbol === 'BTCUSDT' ? '0.001' : '0.01', price, clientOrderId });
}

describe.each([['REST', () => connector], ['the WebSocket API', () => wsApi]] as const)('cancelAllOrders over %s', (_entry, entry) => {
  it('cancels every open order of the symbol and returns them, leaves other symbols alone, and returns [] when nothing is open', async () => {
    const c = entry();
    const tag = c === connector ? 'rest' : 'wsapi';
    const placed = [
      await restingBuy(c, 'BTCUSDT', `ca-${tag}-1`), await restingBuy(c, 'BTCUSDT', `ca-${tag}-2`), await restingBuy(c, 'BTCUSDT', `ca-${tag}-3`),
    ];
    const other = await restingBuy(c, 'ETHUSDT', `ca-${tag}-other`);

    const cancelled = await c.cancelAllOrders('BTCUSDT');
    expect(cancelled.map((o) => [o.orderId, o.clientOrderId, o.status]).sort())
      .toEqual(placed.map((o) => [o.orderId, o.clientOrderId, 'CANCELED']).sort());
    expect(await c.getOrders('BTCUSDT')).toEqual([]);
    expect((await c.getOrders('ETHUSDT')).map((o) => o.orderId)).toContain(other.orderId);

    // Nothing open: Binance answers -2011, the kill switch answers an empty list.
    expect(await c.cancelAllOrders('BTCUSDT')).toEqual([]);
    await c.cancelAllOrders('ETHUSDT');
  });
});

describe('getTrades and tradeHistory', () => {
  let start: number;
  let orders: Order[];

  beforeAll(async () => {
    start = await connector.getServerTime();
    orders = [];
    for (const [side, quantity] of [['BUY', '0.01'], ['SELL', '0.004'], ['BUY', '0.02'], ['SELL', '0.01']] as const) {
      orders.push(await connector.placeOrder({ symbol: 'BTCUSDT', side, type: 'MARKET', quantity }));
    }
  });

  it('reports each fill of an order with the trade id, price, quantity and fee its placement answer gave', async () => {
    for (const order of orders) {
      const trades = await connector.getTrades('BTCUSDT', { orderId: order.orderId });
      expect(trades.length).toBeGreaterThan(0);
      expect(trades.map((t) => [t.tradeId, t.price.toFixed(), t.quantity.toFixed(), t.commission.toFixed(), t.commissionAsset]))
        .toEqual(order.fills.map((f) => [f.tradeId, f.price.toFixed(), f.quantity.toFixed(), f.commission.toFixed(), f.commissionAsset]));
      for (const trade of trades) {
        expect(trade).toMatchObject({ orderId: order.orderId, orderListId: undefined, symbol: 'BTCUSDT', side: order.side, isBuyer: order.side === 'BUY', isMaker: false });
        expect(trade.quoteQuantity.toFixed()).toBe(trade.price.times(trade.quantity).toFixed());
      }
      const sum = trades.reduce((acc, t) => acc.plus(t.quantity), trades[0]!.quantity.times(0));
      expect(sum.toFixed()).toBe(order.executedQuantity.toFixed());
    }
  });

  it('reads the same fills by time range, by fromId and through the history iterator, oldest first and each once', async () => {
    const mine = (trades: AccountTrade[]): AccountTrade[] => trades.filter((t) => orders.some((o) => o.orderId === t.orderId));
    const byTime = mine(await connector.getTrades('BTCUSDT', { startTime: start, endTime: await connector.getServerTime() }));
    expect(byTime.length).toBe(orders.reduce((n, o) => n + o.fills.length, 0));
    const ids = byTime.map((t) => t.tradeId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const byId = mine(await connector.getTrades('BTCUSDT', { fromId: ids[0]! }));
    expect(byId.map((t) => t.tradeId)).toEqual(ids);
    const history: AccountTrade[] = [];
    for await (const trade of connector.tradeHistory('BTCUSDT', { startTime: start })) history.push(trade);
    expect(mine(history).map((t) => t.tradeId)).toEqual(ids);
  });

  it('refuses what Binance does not combine, before any request', async () => {
    const before = connector.metrics().requests;
    for (const [query, field] of [
      [{ startTime: start, fromId: 1 }, 'fromId'],
      [{ endTime: start, orderId: '1' }, 'orderId'],
      [{ startTime: start, endTime: start + 86_400_001 }, 'endTime'],
      [{ limit: 1001 }, 'limit'],
      [{ fromId: -1 }, 'fromId'],
      [{ orderId: 'x' }, 'orderId'],
    ] as const) {
      const error = await rejectionOf(connector.getTrades('BTCUSDT', query));
      expect(error, JSON.stringify(query)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe(field);
    }
    expect(connector.metrics().requests).toBe(before);
  });
});

describe('netQuantity', () => {
  it('is what a BUY left after its fee in the base asset: selling that works, selling the bought quantity is refused (-2010)', async () => {
    const account = sim.accounts[1]!;
    const fresh = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, apiKey: account.apiKey, apiSecret: account.apiSecret });
    await fresh.connect();
    try {
      const bought = await fresh.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
      const fees = bought.fills.reduce((sum, f) => (f.commissionAsset === 'BTC' ? sum.plus(f.commission) : sum), bought.executedQuantity.times(0));
      expect(fees.gt(0)).toBe(true);
      const net = await fresh.netQuantity(bought);
      expect(net.toFixed()).toBe(bought.executedQuantity.minus(fees).toFixed());
      expect((await fresh.getBalance()).get('BTC')?.toFixed()).toBe(net.toFixed());
      // Read back, the order carries no fills: the fees come from myTrades, with the same answer.
      const readBack = await fresh.getOrder(bought.orderId, 'BTCUSDT');
      expect(readBack.fills).toEqual([]);
      expect((await fresh.netQuantity(readBack)).toFixed()).toBe(net.toFixed());
      expect(await rejectionOf(fresh.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01' }))).toBeInstanceOf(InsufficientFundsError);
      const sold = await fresh.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: net.toFixed() });
      expect(sold.status).toBe('FILLED');
    } finally {
      await fresh.disconnect();
    }
  });
});
