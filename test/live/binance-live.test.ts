import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import { Decimal, ZERO } from '../../src/core/decimal.js';
import type { Candlestick, Order } from '../../src/core/models.js';
import type { StreamSubscription, UserDataEvent } from '../../src/core/stream/events.js';
import { EventLog, liveCredentials, unreachableReason, type LiveEnvironment } from './live-env.js';

/*
 * The connector against the real Spot Testnet and Demo Mode. Opt-in: `npm run test:live` with
 * BINANCE_TESTNET_API_KEY + BINANCE_TESTNET_API_SECRET (or BINANCE_TESTNET_PRIVATE_KEY), and the
 * same with BINANCE_DEMO_. Orders are tiny (about twice the symbol's minimum notional), LIMIT
 * orders rest 10 % under the market, and every order left open is cancelled in afterAll.
 */

const SYMBOL = 'BTCUSDT';
const STREAM_WAIT_MS = 30_000;
/** big.js rounding mode: away from zero. */
const ROUND_UP = 3;

function liveSuite(environment: LiveEnvironment, options: BinanceConnectorOptions): void {
  let connector: BinanceConnector;
  let unreachable: string | undefined;
  const placed: Order[] = [];
  const subscriptions: StreamSubscription[] = [];

  /** Skips the test, with the reason, when the environment did not answer the probe. */
  function requireReachable(context: TestContext): void {
    if (unreachable !== undefined) context.skip(unreachable);
  }

  /** The symbol's minimum notional, from NOTIONAL or the legacy MIN_NOTIONAL filter. */
  function minNotional(): Decimal {
    const { filters } = connector.getSymbolInfo(SYMBOL);
    return filters.notional?.minNotional ?? filters.minNotional?.minNotional ?? new Decimal(10);
  }

  /** A resting BUY 10 % under the last price, worth about twice the minimum notional. */
  async function placeFarLimit(): Promise<Order> {
    const ticker = await connector.getTicker(SYMBOL);
    const price = ticker.lastPrice.times('0.9');
    const step = connector.getSymbolInfo(SYMBOL).filters.lotSize?.stepSize ?? new Decimal('0.00001');
    const quantity = minNotional().times(2).div(price).div(step).round(0, ROUND_UP).plus(1).times(step);
    const order = await connector.placeOrder({
      symbol: SYMBOL, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity, roundToFilters: true,
    });
    placed.push(order);
    return order;
  }

  beforeAll(async () => {
    unreachable = await unreachableReason(environment);
    if (unreachable !== undefined) return;
    connector = new BinanceConnector(options);
    await connector.connect();
  });

  afterAll(async () => {
    if (connector === undefined) return;
    for (const subscription of subscriptions) await subscription.unsubscribe().catch(() => undefined);
    for (const order of placed) {
      const current = await connector.getOrder(order.orderId, order.symbol).catch(() => undefined);
      if (current?.status === 'NEW' || current?.status === 'PARTIALLY_FILLED') {
        await connector.cancelOrder(order.orderId, order.symbol).catch(() => undefined);
      }
    }
    await connector.disconnect();
  });

  it('connects: ping answers and the clock offset is measured', async (context) => {
    requireReachable(context);
    await connector.ping();
    const serverTime = await connector.getServerTime();
    expect(connector.isConnected()).toBe(true);
    expect(Math.abs(serverTime - (Date.now() + connector.timeOffsetMs()))).toBeLessThan(5_000);
    expect(connector.metrics().time.syncs).toBeGreaterThanOrEqual(1);
  });

  it('reads the account with a signed request', async (context) => {
    requireReachable(context);
    const balances = await connector.getBalance();
    const positions = await connector.getPositions();
    expect(balances).toBeInstanceOf(Map);
    for (const position of positions) expect(position.total.eq(position.free.plus(position.locked))).toBe(true);
    expect(balances.get('USDT')?.gt(minNotional().times(4))).toBe(true);
  });

  it('reads consecutive one-minute candles', async (context) => {
    requireReachable(context);
    const candles = await connector.getCandles(SYMBOL, '1m', { limit: 5 });
    expect(candles).toHaveLength(5);
    for (const [i, candle] of candles.entries()) {
      expect(candle.symbol).toBe(SYMBOL);
      expect(candle.interval).toBe('1m');
      expect(candle.closeTime).toBe(candle.openTime + 59_999);
      if (i > 0) expect(candle.openTime).toBe(candles[i - 1]!.openTime + 60_000);
    }
  });

  it('reads the 24-hour ticker and the order book', async (context) => {
    requireReachable(context);
    const ticker = await connector.getTicker(SYMBOL);
    const book = await connector.getOrderBook(SYMBOL, 5);
    expect(ticker.symbol).toBe(SYMBOL);
    expect(ticker.lastPrice.gt(0)).toBe(true);
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.bids.length).toBeLessThanOrEqual(5);
    expect(book.bids[0]!.price.lt(book.asks[0]!.price)).toBe(true);
    for (let i = 1; i < book.bids.length; i += 1) expect(book.bids[i]!.price.lt(book.bids[i - 1]!.price)).toBe(true);
  });

  it('places a LIMIT order far from the market, finds it, and cancels it', async (context) => {
    requireReachable(context);
    const order = await placeFarLimit();
    expect(order.status).toBe('NEW');
    expect(order.clientOrderId).toMatch(/^atc-/);
    const queried = await connector.getOrder(order.orderId, SYMBOL);
    expect(queried.clientOrderId).toBe(order.clientOrderId);
    const byClientId = await connector.getOrderByClientId(order.clientOrderId, SYMBOL);
    expect(byClientId.orderId).toBe(order.orderId);
    expect((await connector.getOrders(SYMBOL)).map((o) => o.orderId)).toContain(order.orderId);
    const cancelled = await connector.cancelOrder(order.orderId, SYMBOL);
    expect(cancelled.status).toBe('CANCELED');
  });

  it('buys with a small MARKET order and sells it back', async (context) => {
    requireReachable(context);
    const bought = await connector.placeOrder({ symbol: SYMBOL, side: 'BUY', type: 'MARKET', quoteQuantity: minNotional().times(2) });
    placed.push(bought);
    expect(bought.status).toBe('FILLED');
    expect(bought.executedQuantity.gt(0)).toBe(true);
    const commissionInBase = bought.fills
      .filter((fill) => fill.commissionAsset === connector.getSymbolInfo(SYMBOL).baseAsset)
      .reduce((sum, fill) => sum.plus(fill.commission), ZERO);
    const sold = await connector.placeOrder({
      symbol: SYMBOL, side: 'SELL', type: 'MARKET', quantity: bought.executedQuantity.minus(commissionInBase), roundToFilters: true,
    });
    placed.push(sold);
    expect(sold.status).toBe('FILLED');
  });

  it('streams one-minute candles', async (context) => {
    requireReachable(context);
    const log = new EventLog<Candlestick>();
    subscriptions.push(await connector.subscribeCandlesticks(SYMBOL, '1m', log.push));
    const candle = await log.waitFor(() => true, STREAM_WAIT_MS, `${SYMBOL} 1m candle`);
    expect(candle.symbol).toBe(SYMBOL);
    expect(candle.interval).toBe('1m');
  });

  it('streams the updates of an order it placed and cancelled', async (context) => {
    requireReachable(context);
    const log = new EventLog<UserDataEvent>();
    subscriptions.push(await connector.subscribeOrderUpdates(log.push));
    const order = await placeFarLimit();
    const update = (status: string) => (event: UserDataEvent): boolean =>
      event.type === 'order' && event.order.orderId === order.orderId && event.order.status === status;
    const created = await log.waitFor(update('NEW'), STREAM_WAIT_MS, 'NEW order update');
    await connector.cancelOrder(order.orderId, SYMBOL);
    const cancelled = await log.waitFor(update('CANCELED'), STREAM_WAIT_MS, 'CANCELED order update');
    expect(created.type === 'order' && created.execution.executionType).toBe('NEW');
    expect(cancelled.type === 'order' && cancelled.execution.executionType).toBe('CANCELED');
  });
}

for (const environment of ['testnet', 'demo'] as const) {
  const credentials = liveCredentials(environment);
  const title = credentials.ok ? `Binance ${environment} (live)` : `Binance ${environment} (live), skipped: ${credentials.reason}`;
  describe.skipIf(!credentials.ok)(title, () => liveSuite(environment, credentials.ok ? credentials.options : { environment }));
}
