import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { ConnectorFactory } from '../../src/binance/index.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import {
  AuthenticationError, InsufficientFundsError, InvalidArgumentError, InvalidOrderError, OrderError, OrderNotFoundError, RateLimitError,
} from '../../src/core/errors.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { FakeClock } from '../support/fake-clock.js';
import { until } from '../support/until.js';
import { rejectionOf } from './support/rejection.js';

let sim: SimulatorHandle;
let connector: BinanceConnector;
const extra: { close(): Promise<void> }[] = [];

function options(handle: SimulatorHandle, more: Partial<BinanceConnectorOptions> = {}): BinanceConnectorOptions {
  const account = handle.accounts[0]!;
  return {
    environment: 'sim', restUrl: handle.restUrl, apiKey: account.apiKey, apiSecret: account.apiSecret,
    retry: { minDelayMs: 5, maxDelayMs: 20 }, reconcileDelaysMs: [20, 50, 100], ...more,
  };
}

async function another(more: Partial<BinanceConnectorOptions>, handle: SimulatorHandle = sim): Promise<BinanceConnector> {
  const c = new BinanceConnector(options(handle, more));
  extra.push({ close: () => c.disconnect() });
  await c.connect();
  return c;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 7 });
  connector = ConnectorFactory.create('binance', options(sim));
  await connector.connect();
});

afterEach(async () => {
  sim.clear();
  for (const item of extra.splice(0).reverse()) await item.close();
});

afterAll(async () => {
  await connector.disconnect();
  await sim.close();
});

describe('market data against the simulator', () => {
  it('connects: offset measured, limits and symbols from exchangeInfo', async () => {
    const m = connector.metrics();
    expect(m.time.syncs).toBeGreaterThanOrEqual(1);
    expect(m.rateLimits.windows.find((w) => w.id === 'REQUEST_WEIGHT_1M')?.limit).toBe(6000);
    expect(connector.getSymbolInfo('ETHBTC').filters.price?.tickSize.toFixed()).toBe('0.00001');
    await connector.ping();
    expect(Math.abs((await connector.getServerTime()) - Date.now())).toBeLessThan(2000);
  });

  it('candles: the last N, and a long range identical to the async iterator', async () => {
    const last = await connector.getCandles('BTCUSDT', '1m', { limit: 5 });
    expect(last.length).toBe(5);
    expect(last.at(-1)!.closed).toBe(false);
    expect(last.slice(0, 4).every((c) => c.closed)).toBe(true);
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
    const start = end - 2_499 * 60_000;
    const range = await connector.getCandles('BTCUSDT', '1m', { startTime: start, endTime: end });
    expect(range.length).toBe(2500);
    expect([range[0]!.openTime, range.at(-1)!.openTime]).toEqual([start, end]);
    expect(range.every((c, i) => i === 0 || c.openTime - range[i - 1]!.openTime === 60_000)).toBe(true);
    const streamed: string[] = [];
    for await (const c of connector.candleHistory('BTCUSDT', '1m', { startTime: start, endTime: end })) streamed.push(`${c.openTime}:${c.close.toFixed()}`);
    expect(streamed).toEqual(range.map((c) => `${c.openTime}:${c.close.toFixed()}`));
    const hours = await connector.getCandles('BTCUSDT', '1h', { startTime: start, endTime: end });
    expect(hours.length).toBe(Math.floor(end / 3_600_000) - Math.ceil(start / 3_600_000) + 1);
  });

  it('monthly candles page by calendar month', async () => {
    const months = await connector.getCandles('BTCUSDT', '1M', { startTime: Date.UTC(2024, 0, 1), endTime: Date.UTC(2024, 11, 31) });
    expect(months.map((c) => new Date(c.openTime).toISOString().slice(0, 7))).toEqual(
      Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('ticker and order book', async () => {
    const ticker = await connector.getTicker('BTCUSDT');
    expect(ticker.symbol).toBe('BTCUSDT');
    expect(ticker.bidPrice.lt(ticker.askPrice)).toBe(true);
    const book = await connector.getOrderBook('BTCUSDT', 5);
    expect([book.bids.length, book.asks.length]).toEqual([5, 5]);
    expect(book.bids.every((l, i) => i === 0 || l.price.lt(book.bids[i - 1]!.price))).toBe(true);
    expect(book.asks.every((l, i) => i === 0 || l.price.gt(book.asks[i - 1]!.price))).toBe(true);
    expect(book.bids[0]!.price.lt(book.asks[0]!.price)).toBe(true);
  });

  it('unknown symbol fails before any request', async () => {
    const before = connector.metrics().requests;
    const error = await rejectionOf<InvalidArgumentError>(connector.getTicker('DOGEUSDT'));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).not.toBeInstanceOf(OrderError);
    expect([error.field, error.rule, error.code]).toEqual(['symbol', 'UNKNOWN_SYMBOL', 'ERR_INVALID_ARGUMENT']);
    expect(connector.metrics().requests).toBe(before);
  });
});

describe('account and orders against the simulator', () => {
  it('balances and positions', async () => {
    const balances = await connector.getBalance();
    expect(balances.get('USDT')?.gt(0)).toBe(true);
    expect(balances.get('BTC')?.gt(0)).toBe(true);
    const positions = await connector.getPositions();
    const usdt = positions.find((p) => p.asset === 'USDT')!;
    expect(usdt.total.eq(usdt.free.plus(usdt.locked))).toBe(true);
  });

  it('a LIMIT order rests, is listed, locks funds, cancels, and cannot be cancelled twice', async () => {
    const price = (await connector.getTicker('BTCUSDT')).lastPrice.times('0.9');
    const before = (await connector.getPositions()).find((p) => p.asset === 'USDT')!;
    const placed = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: price.toFixed(), roundToFilters: true, clientOrderId: 'sim-limit-1' });
    expect([placed.status, placed.clientOrderId, placed.quantity.toFixed(), placed.timeInForce]).toEqual(['NEW', 'sim-limit-1', '0.001', 'GTC']);
    expect(placed.orderId).toMatch(/^\d+$/);
    const queried = await connector.getOrder(placed.orderId, 'BTCUSDT');
    expect([queried.orderId, queried.status, queried.price.toFixed()]).toEqual([placed.orderId, 'NEW', placed.price.toFixed()]);
    expect((await connector.getOrderByClientId('sim-limit-1', 'BTCUSDT')).orderId).toBe(placed.orderId);
    expect((await connector.getOrders('BTCUSDT')).map((o) => o.orderId)).toContain(placed.orderId);
    expect((await connector.getOrders()).map((o) => o.orderId)).toContain(placed.orderId);
    const locked = (await connector.getPositions()).find((p) => p.asset === 'USDT')!;
    expect(locked.locked.minus(before.locked).toFixed()).toBe(placed.price.times('0.001').toFixed());
    const cancelled = await connector.cancelOrder(placed.orderId, 'BTCUSDT');
    expect([cancelled.orderId, cancelled.status, cancelled.clientOrderId]).toEqual([placed.orderId, 'CANCELED', 'sim-limit-1']);
    expect((await connector.getOrder(placed.orderId, 'BTCUSDT')).status).toBe('CANCELED');
    expect((await connector.getOrders('BTCUSDT')).map((o) => o.orderId)).not.toContain(placed.orderId);
    const again = await rejectionOf<OrderNotFoundError>(connector.cancelOrder(placed.orderId, 'BTCUSDT'));
    expect(again).toBeInstanceOf(OrderNotFoundError);
    expect(again.exchangeCode).toBe(-2011);
  });

  it('MARKET orders fill with fills and commissions, by quantity and by quote quantity', async () => {
    const byQty = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002' });
    expect([byQty.status, byQty.executedQuantity.toFixed()]).toEqual(['FILLED', '0.002']);
    expect(byQty.fills.length).toBeGreaterThan(0);
    expect(byQty.fills.reduce((sum, f) => sum.plus(f.quantity), byQty.executedQuantity.minus(byQty.executedQuantity)).toFixed()).toBe('0.002');
    expect(byQty.fills[0]!.commissionAsset).toBe('BTC');
    const byQuote = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quoteQuantity: '50' });
    expect(byQuote.status).toBe('FILLED');
    expect(byQuote.cumulativeQuoteQuantity.lte(50)).toBe(true);
    expect(byQuote.cumulativeQuoteQuantity.gt(45)).toBe(true);
  });

  it('unknown order: OrderNotFoundError -2013', async () => {
    const error = await rejectionOf<OrderNotFoundError>(connector.getOrder('987654321', 'BTCUSDT'));
    expect(error).toBeInstanceOf(OrderNotFoundError);
    expect([error.exchangeCode, error.httpStatus]).toEqual([-2013, 400]);
  });

  it('filter failures: caught locally before sending, and the server\'s -1013 mapped when only it knows', async () => {
    const before = connector.metrics().requests;
    const tick = await rejectionOf<InvalidOrderError>(connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '50000.001' }));
    expect([tick.field, tick.rule]).toEqual(['price', 'PRICE_FILTER']);
    const step = await rejectionOf<InvalidOrderError>(connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.000015', price: '50000' }));
    expect([step.field, step.rule]).toEqual(['quantity', 'LOT_SIZE']);
    const notional = await rejectionOf<InvalidOrderError>(connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.00001', price: '50000' }));
    expect([notional.field, notional.rule]).toEqual(['notional', 'NOTIONAL']);
    expect(connector.metrics().requests).toBe(before);
    // PERCENT_PRICE_BY_SIDE needs the average price, which only the exchange knows.
    const far = (await connector.getTicker('BTCUSDT')).lastPrice.times(6).round(2);
    const server = await rejectionOf<InvalidOrderError>(connector.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '0.001', price: far.toFixed() }));
    expect(server).toBeInstanceOf(InvalidOrderError);
    expect([server.exchangeCode, server.rule, server.field, server.message]).toEqual([-1013, 'PERCENT_PRICE_BY_SIDE', 'price', 'Filter failure: PERCENT_PRICE_BY_SIDE (Binance code -1013, HTTP 400)']);
  });

  it('insufficient balance: InsufficientFundsError -2010', async () => {
    const error = await rejectionOf<InsufficientFundsError>(connector.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '50' }));
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect([error.exchangeCode, error.message]).toEqual([-2010, 'Account has insufficient balance for requested action. (Binance code -2010, HTTP 400)']);
  });

  for (const as of [503, -1007] as const) {
    it(`a placement answered with ${as} ends with exactly one order on the exchange`, async () => {
      const clientOrderId = `sim-unknown-${as === 503 ? '503' : '1007'}`;
      sim.inject({ kind: 'order-status-unknown', count: 1, as });
      const order = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId });
      expect([order.clientOrderId, order.status, order.executedQuantity.toFixed()]).toEqual([clientOrderId, 'FILLED', '0.001']);
      const all = await connector.getAllOrders('BTCUSDT', { limit: 1000 });
      expect(all.filter((o) => o.clientOrderId === clientOrderId).map((o) => o.orderId)).toEqual([order.orderId]);
      expect(connector.metrics().requestsByEndpoint['POST /api/v3/order']).toBeGreaterThan(0);
    });
  }

  it('Ed25519 and RSA keys sign requests the simulator accepts', async () => {
    const ed = generateKeyPairSync('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyed = await startSimulator({
      port: 0,
      accounts: [
        { apiKey: 'ed-key', publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        { apiKey: 'rsa-key', publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      ],
    });
    extra.push(keyed);
    for (const [apiKey, key] of [['ed-key', ed.privateKey], ['rsa-key', rsa.privateKey]] as const) {
      const c = await another({ apiKey, apiSecret: undefined, privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString() }, keyed);
      expect((await c.getBalance()).get('USDT')?.toFixed()).toBe('10000');
      const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
      expect(order.status).toBe('FILLED');
    }
  });
});

describe('error paths against the simulator', () => {
  it('a wrong secret is an AuthenticationError -1022; a malformed key -2014; an unknown key -2015', async () => {
    const wrong = await another({ apiSecret: 'not-the-secret' });
    const bad = await rejectionOf<AuthenticationError>(wrong.getBalance());
    expect(bad).toBeInstanceOf(AuthenticationError);
    expect(bad.exchangeCode).toBe(-1022);
    const malformed = await another({ apiKey: 'nobody', apiSecret: 'x' });
    const format = await rejectionOf<AuthenticationError>(malformed.getBalance());
    expect(format).toBeInstanceOf(AuthenticationError);
    expect([format.exchangeCode, format.httpStatus]).toEqual([-2014, 401]);
    const stranger = await another({ apiKey: 'Z'.repeat(64), apiSecret: 'x' });
    const unknown = await rejectionOf<AuthenticationError>(stranger.getBalance());
    expect(unknown).toBeInstanceOf(AuthenticationError);
    expect([unknown.exchangeCode, unknown.httpStatus]).toEqual([-2015, 401]);
  });

  it('a server clock that jumps is absorbed by one resync per jump (-1021)', async () => {
    const c = await another({});
    sim.inject({ kind: 'clock-skew', ms: -3000 });
    expect((await c.getBalance()).has('USDT')).toBe(true);
    expect(c.metrics().timeResyncs).toBe(1);
    expect(Math.round(c.timeOffsetMs() / 1000)).toBe(-3);
    sim.inject({ kind: 'clock-skew', ms: 20_000 });
    expect((await c.getPositions()).length).toBeGreaterThan(0);
    expect(c.metrics().timeResyncs).toBe(2);
    expect(Math.round(c.timeOffsetMs() / 1000)).toBe(20);
  });

  it('a server clock that jumps while the user-data stream is down: its re-subscription resyncs the clock (-1021) instead of waiting for the periodic sync', async () => {
    const c = await another({ wsApiUrl: sim.wsApiUrl, timeSyncIntervalMs: 86_400_000, streams: { backoff: { initialMs: 20, maxMs: 50 } } });
    const notices: string[] = [];
    await c.subscribeOrderUpdates((event) => {
      if (event.type === 'stream') notices.push(event.status);
    });
    const syncs = c.metrics().time.syncs;
    sim.inject({ kind: 'clock-skew', ms: 20_000 });
    sim.inject({ kind: 'drop-streams' });
    await until(() => notices.includes('resubscribed'), 5_000);
    expect(c.metrics().time.syncs).toBeGreaterThan(syncs);
    expect(Math.round(c.timeOffsetMs() / 1000)).toBe(20);
  });

  it('a stale timestamp that a resync cannot fix surfaces as AuthenticationError -1021', async () => {
    // A tiny recvWindow cannot absorb even the 250 ms latency the simulator adds.
    const c = await another({ recvWindow: 1 });
    sim.inject({ kind: 'latency', ms: 250 });
    const error = await rejectionOf<AuthenticationError>(c.getBalance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect([error.exchangeCode, error.message]).toEqual([-1021, 'Timestamp for this request is outside of the recvWindow. (Binance code -1021, HTTP 400)']);
    expect(c.metrics().timeResyncs).toBe(1);
  });

  it('429 with Retry-After pauses, then the read succeeds on retry', async () => {
    const clock = new FakeClock(Date.now());
    const c = await another({ clock });
    sim.inject({ kind: 'rate-limit', count: 1, retryAfterSeconds: 1 });
    const reading = c.getTicker('BTCUSDT');
    await until(() => clock.pendingDelays().includes(1_000));
    await clock.tick(999);
    expect(c.metrics().requestsByEndpoint['GET /api/v3/ticker/24hr']).toBe(1);
    await clock.tick(1);
    expect((await reading).symbol).toBe('BTCUSDT');
    const m = c.metrics();
    expect([m.rateLimited, m.retries]).toEqual([1, 1]);
  });

  it('hands a 429 asking for more than retry.maxRetryAfterMs to the caller instead of waiting it out', async () => {
    const c = await another({ retry: { maxRetryAfterMs: 2_000 } });
    sim.inject({ kind: 'rate-limit', count: 1, retryAfterSeconds: 60 });
    const error = await c.getTicker('BTCUSDT').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(60_000);
    expect(c.metrics().retries).toBe(0);
  });

  it('with small limits: 429 pauses the connector, and an IP that keeps going is banned with 418', async () => {
    const startedAt = Date.now();
    // A server clock pinned to the start of a minute, so the 1-minute window cannot roll mid-test.
    const base = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
    const small = await startSimulator({
      port: 0,
      clock: { now: () => base + (Date.now() - startedAt) },
      limits: {
        rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 300 }],
        requestsWhileLimited: 1,
        banMs: 90_000,
      },
    });
    extra.push(small);
    // A 429 pause longer than maxRetryAfterMs fails the requests behind it at once instead of holding them.
    const c = await another({ retry: { maxRetries: 0, maxRetryAfterMs: 10_000 } }, small);
    // Another client on the same IP uses up the weight.
    for (let i = 0; i < 6; i += 1) await fetch(`${small.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1000`);
    const limited = await rejectionOf<RateLimitError>(c.getTicker('BTCUSDT'));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect([limited.banned, limited.httpStatus, limited.exchangeCode]).toEqual([false, 429, -1003]);
    expect(limited.retryAfterMs).toBeGreaterThan(50_000);
    const sent = c.metrics().requests;
    const paused = await rejectionOf<RateLimitError>(c.getOrderBook('BTCUSDT'));
    expect([paused.banned, c.metrics().requests]).toEqual([false, sent]);
    // The other client keeps going while limited and gets the IP banned.
    expect((await fetch(`${small.restUrl}/api/v3/ping`)).status).toBe(418);
    const fresh = new BinanceConnector(options(small, { retry: { maxRetries: 0 } }));
    extra.push({ close: () => fresh.disconnect() });
    const banned = await rejectionOf<RateLimitError>(fresh.connect());
    expect(banned).toBeInstanceOf(RateLimitError);
    expect([banned.banned, banned.httpStatus, banned.retryAfterMs]).toEqual([true, 418, 90_000]);
    expect(fresh.metrics().banned).toBe(1);
  });
});
