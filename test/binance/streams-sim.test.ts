import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import type { Candlestick, OrderBook, Ticker } from '../../src/core/models.js';
import type { OrderBookUpdate, OrderUpdate, UserDataEvent } from '../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ScaledClock } from '../support/scaled-clock.js';

let sim: SimulatorHandle;
const connectors: BinanceConnector[] = [];
/**
 * The simulator and every connector share a clock ten times faster than the wall, so a 1s candle
 * closes every 100 ms; timeouts that allow for real delays are set in wall time (`fromWall`).
 */
const clock = new ScaledClock({ speed: 10 });

beforeAll(async () => {
  // Pongs count toward the 5 incoming messages a second, so pings stay well under that rate.
  sim = await startSimulator({
    port: 0, seed: 11, clock,
    timing: { pingIntervalMs: 400, pongTimeoutMs: clock.fromWall(500), connectionLifetimeMs: clock.fromWall(60_000) },
  });
});

afterEach(async () => {
  sim.clear();
  for (const c of connectors.splice(0)) await c.disconnect();
});

afterAll(async () => {
  await sim.close();
  // The simulator and every connector released their timers.
  expect(clock.pendingCount()).toBe(0);
});

async function connect(more: Partial<BinanceConnectorOptions> = {}): Promise<BinanceConnector> {
  const account = sim.accounts[0]!;
  const c = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
    apiKey: account.apiKey, apiSecret: account.apiSecret, reconcileDelaysMs: [20, 50, 100], clock, recvWindow: 60_000,
    streams: { backoff: { initialMs: 20, maxMs: 100 }, staleAfterMs: clock.fromWall(500), requestTimeoutMs: clock.fromWall(2_000) },
    ...more,
  });
  connectors.push(c);
  await c.connect();
  return c;
}

async function until(predicate: () => boolean, timeoutMs = 10_000, describe?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met in time${describe === undefined ? '' : `: ${describe()}`}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function plainCandle(c: Candlestick): string[] {
  return [String(c.openTime), c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(), String(c.trades)];
}

/** Closed candles must follow one another by exactly one interval, each once. */
function expectContiguous(closed: Candlestick[], stepMs: number): void {
  for (let i = 1; i < closed.length; i += 1) expect(closed[i]!.openTime - closed[i - 1]!.openTime).toBe(stepMs);
}

describe('streams against the simulator', () => {
  it('candles arrive with the values REST reports', async () => {
    const c = await connect();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1s', (candle) => candles.push(candle));
    await until(() => candles.filter((k) => k.closed).length >= 3);
    const closed = candles.filter((k) => k.closed);
    const rest = await c.getCandles('BTCUSDT', '1s', { startTime: closed[0]!.openTime, endTime: closed.at(-1)!.openTime });
    expect(closed.map(plainCandle)).toEqual(rest.map(plainCandle));
  });

  it('tickers arrive with exact decimals', async () => {
    const c = await connect();
    const tickers: Ticker[] = [];
    await c.subscribeTicker('BTCUSDT', (t) => tickers.push(t));
    await until(() => tickers.length >= 1);
    expect(tickers[0]!.symbol).toBe('BTCUSDT');
    expect(tickers[0]!.bidPrice.lt(tickers[0]!.askPrice)).toBe(true);
  });

  it.each(['drop-streams', 'stall-streams', 'server-shutdown', 'ignore-pongs'] as const)(
    'after %s, candle subscriptions come back with no closed candle missed or repeated',
    async (kind) => {
      const c = await connect();
      const candles: Candlestick[] = [];
      await c.subscribeCandlesticks('BTCUSDT', '1s', (candle) => candles.push(candle));
      await until(() => candles.some((k) => k.closed));
      const before = c.metrics().streams.reconnects;
      sim.inject({ kind });
      await until(() => c.metrics().streams.reconnects > before);
      sim.clear();
      const mark = clock.now();
      await until(() => candles.filter((k) => k.closed && k.openTime > mark + 1000).length >= 2);
      const closed = candles.filter((k) => k.closed);
      expectContiguous(closed, 1000);
      const rest = await c.getCandles('BTCUSDT', '1s', { startTime: closed[0]!.openTime, endTime: closed.at(-1)!.openTime });
      expect(closed.map(plainCandle)).toEqual(rest.map(plainCandle));
    },
  );

  it('keeps a busy market stream through stop-pings, with every closed candle', async () => {
    const c = await connect();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1s', (candle) => candles.push(candle));
    await until(() => candles.some((k) => k.closed));
    sim.inject({ kind: 'stop-pings' });
    const mark = clock.now();
    await until(() => candles.filter((k) => k.closed && k.openTime > mark + 1000).length >= 2);
    sim.clear();
    const closed = candles.filter((k) => k.closed);
    expectContiguous(closed, 1000);
    expect(c.metrics().streams.reconnects).toBe(0);
  });

  it('an order placed over REST produces NEW then TRADE/FILLED executionReports; a resting one NEW then CANCELED', async () => {
    const c = await connect();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((e) => events.push(e));
    const market = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    await until(() => events.some((e) => e.type === 'order' && e.order.orderId === market.orderId && e.order.status === 'FILLED'));
    const mine = (id: string): OrderUpdate[] => events.filter((e): e is OrderUpdate => e.type === 'order' && e.order.orderId === id);
    expect(mine(market.orderId)[0]!.execution.executionType).toBe('NEW');
    const trades = mine(market.orderId).filter((e) => e.execution.executionType === 'TRADE');
    const sum = trades.reduce((acc, e) => acc.plus(e.execution.lastQuantity), trades[0]!.execution.lastQuantity.times(0));
    expect(sum.toFixed()).toBe(market.executedQuantity.toFixed());
    expect(mine(market.orderId).at(-1)!.order.cumulativeQuoteQuantity.toFixed()).toBe(market.cumulativeQuoteQuantity.toFixed());
    expect(trades.map((e) => [e.execution.lastPrice.toFixed(), e.execution.lastQuantity.toFixed(), e.execution.commission.toFixed(), e.execution.commissionAsset]))
      .toEqual(market.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), f.commission.toFixed(), f.commissionAsset]));
    expect(events.some((e) => e.type === 'balance')).toBe(true);

    const ticker = await c.getTicker('BTCUSDT');
    const price = ticker.bidPrice.times('0.8').round(2, 0).toFixed();
    const resting = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price });
    await c.cancelOrder(resting.orderId, 'BTCUSDT');
    await until(() => mine(resting.orderId).some((e) => e.order.status === 'CANCELED'));
    expect(mine(resting.orderId).map((e) => e.execution.executionType)).toEqual(['NEW', 'CANCELED']);
  });

  it.each(['drop-streams', 'stall-streams', 'server-shutdown', 'ignore-pongs', 'stop-pings'] as const)('after %s, no order update is missed', async (kind) => {
    const c = await connect();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((e) => events.push(e));
    const ticker = await c.getTicker('BTCUSDT');
    const price = ticker.bidPrice.times('0.8').round(2, 0).toFixed();
    const resting = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price });
    await until(() => events.some((e) => e.type === 'order' && e.order.orderId === resting.orderId));
    const before = c.metrics().streams.reconnects;
    sim.inject({ kind });
    // While the stream is down, stalled or about to be replaced, the order is canceled.
    await c.cancelOrder(resting.orderId, 'BTCUSDT');
    // A quiet user-data connection without pings (stop-pings) or frames (stall) is replaced by the watchdog.
    await until(() => c.metrics().streams.reconnects > before);
    sim.clear();
    await until(() => events.some((e) => e.type === 'order' && e.order.orderId === resting.orderId && e.order.status === 'CANCELED'));
    const updates = events.filter((e): e is OrderUpdate => e.type === 'order' && e.order.orderId === resting.orderId);
    expect(updates.map((e) => e.order.status)).toEqual(['NEW', 'CANCELED']);
  });

  // The simulated price can stay flat for tens of seconds, with no diff sent meanwhile: the book must
  // come from the snapshot then (a quiet market is tested on its own in streams-order-book.test.ts).
  it('the order book matches the simulator depth, also after a forced gap', { timeout: 90_000 }, async () => {
    const c = await connect();
    const books = new Map<number, OrderBookUpdate>();
    await c.subscribeOrderBook('BTCUSDT', (book) => books.set(book.lastUpdateId, book), { depth: 20 });
    const matches = async (): Promise<void> => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const rest: OrderBook = await c.getOrderBook('BTCUSDT', 20);
        await new Promise((resolve) => setTimeout(resolve, 150));
        const local = books.get(rest.lastUpdateId);
        if (local === undefined) continue;
        const plain = (b: OrderBook): string[][] => [b.bids, b.asks].map((side) => side.map((l) => `${l.price.toFixed()}@${l.quantity.toFixed()}`));
        expect(plain(local)).toEqual(plain(rest));
        return;
      }
      throw new Error('never saw the local book at the snapshot update id');
    };
    await until(() => books.size > 0, 20_000, () => JSON.stringify({ streams: c.metrics().streams, requests: c.metrics().requestsByEndpoint }));
    await matches();
    sim.inject({ kind: 'drop-streams' });
    await until(() => c.metrics().streams.orderBookResyncs >= 1, 25_000);
    sim.clear();
    books.clear();
    await until(() => books.size > 0, 25_000);
    await matches();
  });

  it('places and cancels over the WebSocket API', async () => {
    const c = await connect({ orderEntry: 'ws-api' });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((e) => events.push(e));
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect(order.status).toBe('FILLED');
    await until(() => events.some((e) => e.type === 'order' && e.order.orderId === order.orderId && e.order.status === 'FILLED'));
  });

  it('resolves a lost WebSocket API placement answer by querying, and the order exists once', async () => {
    const c = await connect({ orderEntry: 'ws-api' });
    sim.inject({ kind: 'order-status-unknown', count: 1, as: 503 });
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect(order.status).toBe('FILLED');
    expect(c.metrics().reconciliations).toBe(1);
    const all = await c.getAllOrders('BTCUSDT');
    expect(all.filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);
  });

  it('leaves no handle open after disconnect', async () => {
    const count = (kind: string): number => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    const timers = count('Timeout');
    const clockTimers = clock.pendingCount();
    const sockets = count('TCPSocketWrap');
    const c = await connect({ orderEntry: 'ws-api' });
    await c.subscribeTicker('BTCUSDT', () => undefined);
    await c.subscribeCandlesticks('BTCUSDT', '1s', () => undefined);
    await c.subscribeOrderBook('BTCUSDT', () => undefined);
    await c.subscribeOrderUpdates(() => undefined);
    expect(count('TCPSocketWrap')).toBeGreaterThan(sockets);
    await c.disconnect();
    connectors.length = 0;
    await until(() => count('TCPSocketWrap') <= sockets);
    expect(count('Timeout')).toBeLessThanOrEqual(timers);
    // The connector's timers (and the simulator's for these connections) run on the shared clock.
    expect(clock.pendingCount()).toBeLessThanOrEqual(clockTimers);
  });
});

describe('user data with asymmetric keys against the simulator', () => {
  it.each(['ed25519', 'rsa'] as const)('subscribes with an %s key and receives the executionReports of its orders', async (type) => {
    const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyed = await startSimulator({ port: 0, seed: 3, accounts: [{ apiKey: `key-${type}`, publicKey }] });
    const c = new BinanceConnector({
      environment: 'sim', restUrl: keyed.restUrl, wsStreamUrl: keyed.wsStreamUrl, wsApiUrl: keyed.wsApiUrl, apiKey: `key-${type}`, privateKey,
    });
    try {
      await c.connect();
      const events: UserDataEvent[] = [];
      await c.subscribeOrderUpdates((e) => events.push(e));
      const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
      await until(() => events.some((e) => e.type === 'order' && e.order.orderId === order.orderId && e.order.status === 'FILLED'));
    } finally {
      await c.disconnect();
      await keyed.close();
    }
  });
});
