import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import { Decimal, ZERO } from '../../src/core/decimal.js';
import type { AggregateTrade, BookTicker, Candlestick, MarketTicker, Order, OrderList } from '../../src/core/models.js';
import type { StreamSubscription, UserDataEvent } from '../../src/core/stream/events.js';
import { EventLog, liveCredentials, unreachableReason, type LiveEnvironment } from './live-env.js';
import { startLiveRecording, type LiveRecording } from './live-recording.js';
import { describeOrderOptionFlows } from './order-option-flows.js';

/*
 * The connector against the real Spot Testnet and Demo Mode. Opt-in: `npm run test:live` with
 * BINANCE_TESTNET_API_KEY + BINANCE_TESTNET_API_SECRET (or BINANCE_TESTNET_PRIVATE_KEY), and the
 * same with BINANCE_DEMO_. Orders are tiny (about twice the symbol's minimum notional), LIMIT
 * orders rest 10 % under the market, stops and take-profits trigger 10 % away from it, and every
 * order and order list left open is cancelled in afterAll.
 *
 * Recording: with BINANCE_RECORD_DIR=<folder> set as well, the connector talks to the exchange
 * through a local recording proxy (test/support/recording/recording-proxy.ts) that writes every
 * REST request and answer, WebSocket API request and answer, user-data event and market stream
 * message to <folder>/<environment>-<time>.jsonl, with API keys, signatures and timestamps removed.
 * Copy such a file into test/fixtures/recordings/ and `npx vitest run
 * test/binance/recording-replay.test.ts` replays it against the connector's parsers and the
 * simulator (docs/BINANCE_CONNECTOR.md, "Testing").
 */

const SYMBOL = 'BTCUSDT';
const STREAM_WAIT_MS = 30_000;
/** big.js rounding mode: away from zero. */
const ROUND_UP = 3;

function liveSuite(environment: LiveEnvironment, options: BinanceConnectorOptions): void {
  let connector: BinanceConnector;
  let unreachable: string | undefined;
  let recording: LiveRecording | undefined;
  const placed: Order[] = [];
  const placedLists: OrderList[] = [];
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

  /** A quantity worth about twice the minimum notional at `price`, on the step size. */
  function quantityAt(price: Decimal): Decimal {
    const step = connector.getSymbolInfo(SYMBOL).filters.lotSize?.stepSize ?? new Decimal('0.00001');
    return minNotional().times(2).div(price).div(step).round(0, ROUND_UP).plus(1).times(step);
  }

  /** A resting BUY 10 % under the last price, worth about twice the minimum notional. */
  async function placeFarLimit(): Promise<Order> {
    const ticker = await connector.getTicker(SYMBOL);
    const price = ticker.lastPrice.times('0.9');
    const quantity = quantityAt(price);
    const order = await connector.placeOrder({
      symbol: SYMBOL, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity, roundToFilters: true,
    });
    placed.push(order);
    return order;
  }

  beforeAll(async () => {
    unreachable = await unreachableReason(environment);
    if (unreachable !== undefined) return;
    recording = await startLiveRecording(environment);
    connector = new BinanceConnector({ ...options, ...recording?.endpoints });
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
    for (const list of placedLists) {
      const current = await connector.getOrderList(list.orderListId).catch(() => undefined);
      if (current !== undefined && current.listOrderStatus !== 'ALL_DONE') {
        await connector.cancelOrderList(list.orderListId, list.symbol).catch(() => undefined);
      }
    }
    await connector.disconnect();
    await recording?.proxy.close();
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

  describe('stop and take-profit orders, order lists, cancel-all and fills', () => {
    const updates = new EventLog<UserDataEvent>();
    let lastPrice: Decimal;

    /** The order update of `orderId` with `status`, from the stream. */
    const orderUpdate = (orderId: string, status: string) => (event: UserDataEvent): boolean =>
      event.type === 'order' && event.order.orderId === orderId && event.order.status === status;
    /** The list update of `orderListId` with `listOrderStatus`, from the stream (a `listStatus` event). */
    const listUpdate = (orderListId: string, listOrderStatus: string) => (event: UserDataEvent): boolean =>
      event.type === 'orderList' && event.orderList.orderListId === orderListId && event.orderList.listOrderStatus === listOrderStatus;

    /** Waits for each order of the list to be reported with `status`, and the list with `listOrderStatus`. */
    async function waitForList(list: OrderList, status: string, listOrderStatus: string): Promise<void> {
      for (const { orderId } of list.orders) await updates.waitFor(orderUpdate(orderId, status), STREAM_WAIT_MS, `${status} update of list order ${orderId}`);
      await updates.waitFor(listUpdate(list.orderListId, listOrderStatus), STREAM_WAIT_MS, `${listOrderStatus} listStatus of ${list.orderListId}`);
    }

    async function placeList(request: Parameters<BinanceConnector['placeOrderList']>[0]): Promise<OrderList> {
      const list = await connector.placeOrderList(request);
      placedLists.push(list);
      return list;
    }

    beforeAll(async () => {
      if (unreachable !== undefined) return;
      subscriptions.push(await connector.subscribeOrderUpdates(updates.push));
      lastPrice = (await connector.getTicker(SYMBOL)).lastPrice;
    });

    it('places a STOP_LOSS_LIMIT BUY triggering 10 % above the market, reads it waiting, and cancels it', async (context) => {
      requireReachable(context);
      const stopPrice = lastPrice.times('1.1');
      const order = await connector.placeOrder({
        symbol: SYMBOL, side: 'BUY', type: 'STOP_LOSS_LIMIT', quantity: quantityAt(stopPrice), price: stopPrice, stopPrice, roundToFilters: true,
      });
      placed.push(order);
      expect(order.status).toBe('NEW');
      const queried = await connector.getOrder(order.orderId, SYMBOL);
      expect(queried.type).toBe('STOP_LOSS_LIMIT');
      expect(queried.stopPrice?.gt(lastPrice)).toBe(true);
      expect(queried.isWorking).toBe(false);
      await updates.waitFor(orderUpdate(order.orderId, 'NEW'), STREAM_WAIT_MS, 'NEW stop-loss update');
      expect((await connector.cancelOrder(order.orderId, SYMBOL)).status).toBe('CANCELED');
      await updates.waitFor(orderUpdate(order.orderId, 'CANCELED'), STREAM_WAIT_MS, 'CANCELED stop-loss update');
    });

    it('places a trailing TAKE_PROFIT BUY activated 10 % under the market, and cancels it', async (context) => {
      requireReachable(context);
      const stopPrice = lastPrice.times('0.9');
      const order = await connector.placeOrder({
        symbol: SYMBOL, side: 'BUY', type: 'TAKE_PROFIT', quantity: quantityAt(stopPrice), stopPrice, trailingDelta: 500, roundToFilters: true,
      });
      placed.push(order);
      const queried = await connector.getOrder(order.orderId, SYMBOL);
      expect(queried.type).toBe('TAKE_PROFIT');
      expect(queried.trailingDelta).toBe(500);
      expect(queried.isWorking).toBe(false);
      const created = await updates.waitFor(orderUpdate(order.orderId, 'NEW'), STREAM_WAIT_MS, 'NEW trailing take-profit update');
      expect(created.type === 'order' && created.order.trailingDelta).toBe(500);
      await connector.cancelOrder(order.orderId, SYMBOL);
      await updates.waitFor(orderUpdate(order.orderId, 'CANCELED'), STREAM_WAIT_MS, 'CANCELED trailing take-profit update');
    });

    it('places an OCO BUY (stop-loss 10 % above, LIMIT_MAKER 10 % under), reads it, and cancels it', async (context) => {
      requireReachable(context);
      const above = lastPrice.times('1.1');
      const below = lastPrice.times('0.9');
      const list = await placeList({
        symbol: SYMBOL, type: 'OCO', side: 'BUY', quantity: quantityAt(above), roundToFilters: true,
        above: { type: 'STOP_LOSS_LIMIT', price: above, stopPrice: above }, below: { type: 'LIMIT_MAKER', price: below },
      });
      expect(list.contingencyType).toBe('OCO');
      expect(list.listOrderStatus).toBe('EXECUTING');
      expect(list.orders).toHaveLength(2);
      expect((await connector.getOrderList(list.orderListId)).listClientOrderId).toBe(list.listClientOrderId);
      expect((await connector.getOpenOrderLists()).map((l) => l.orderListId)).toContain(list.orderListId);
      await waitForList(list, 'NEW', 'EXECUTING');
      const cancelled = await connector.cancelOrderList(list.orderListId, SYMBOL);
      expect(cancelled.listOrderStatus).toBe('ALL_DONE');
      await waitForList(list, 'CANCELED', 'ALL_DONE');
    });

    it('places an OTO whose working LIMIT rests 10 % under the market (its pending order waits), and cancels it', async (context) => {
      requireReachable(context);
      const below = lastPrice.times('0.9');
      const quantity = quantityAt(below);
      const list = await placeList({
        symbol: SYMBOL, type: 'OTO', roundToFilters: true,
        working: { type: 'LIMIT', side: 'BUY', quantity, price: below },
        pending: { type: 'LIMIT', side: 'SELL', quantity, price: lastPrice.times('1.1') },
      });
      expect(list.contingencyType).toBe('OTO');
      const [working, pending] = list.orders;
      expect(working?.order?.status).toBe('NEW');
      expect(pending?.order?.status).toBe('PENDING_NEW');
      await updates.waitFor(orderUpdate(working!.orderId, 'NEW'), STREAM_WAIT_MS, 'NEW working order update');
      await updates.waitFor(listUpdate(list.orderListId, 'EXECUTING'), STREAM_WAIT_MS, 'EXECUTING listStatus of the OTO');
      // Binance's documents do not say whether the pending order gets an executionReport before it
      // is placed; if it does, it must say PENDING_NEW (a recording of this test shows which).
      for (const event of updates.events) {
        if (event.type === 'order' && event.order.orderId === pending!.orderId) expect(event.order.status).toBe('PENDING_NEW');
      }
      const cancelled = await connector.cancelOrderList(list.orderListId, SYMBOL);
      expect(cancelled.orders.map((o) => o.order?.status)).toEqual(['CANCELED', 'CANCELED']);
      await updates.waitFor(orderUpdate(working!.orderId, 'CANCELED'), STREAM_WAIT_MS, 'CANCELED working order update');
      await updates.waitFor(listUpdate(list.orderListId, 'ALL_DONE'), STREAM_WAIT_MS, 'ALL_DONE listStatus of the OTO');
    });

    it('cancelAllOrders empties a symbol holding an order and an OCO, and returns what it cancelled', async (context) => {
      requireReachable(context);
      const single = await placeFarLimit();
      const above = lastPrice.times('1.1');
      const list = await placeList({
        symbol: SYMBOL, type: 'OCO', side: 'BUY', quantity: quantityAt(above), roundToFilters: true,
        above: { type: 'STOP_LOSS_LIMIT', price: above, stopPrice: above }, below: { type: 'LIMIT_MAKER', price: lastPrice.times('0.9') },
      });
      const cancelled = await connector.cancelAllOrders(SYMBOL);
      expect(cancelled.map((order) => order.orderId).sort()).toEqual([single.orderId, ...list.orders.map((o) => o.orderId)].sort());
      for (const order of cancelled) expect(order.status).toBe('CANCELED');
      expect(await connector.getOrders(SYMBOL)).toEqual([]);
      expect((await connector.getOpenOrderLists()).filter((l) => l.symbol === SYMBOL)).toEqual([]);
      await updates.waitFor(orderUpdate(single.orderId, 'CANCELED'), STREAM_WAIT_MS, 'CANCELED update of the single order');
      await waitForList(list, 'CANCELED', 'ALL_DONE');
    });

    it('reads the fills of a small MARKET BUY with their fees, and sells back the net quantity', async (context) => {
      requireReachable(context);
      const bought = await connector.placeOrder({ symbol: SYMBOL, side: 'BUY', type: 'MARKET', quoteQuantity: minNotional().times(2) });
      placed.push(bought);
      const trades = await connector.getTrades(SYMBOL, { orderId: bought.orderId });
      expect(trades.length).toBeGreaterThan(0);
      expect(trades.reduce((sum, trade) => sum.plus(trade.quantity), ZERO).eq(bought.executedQuantity)).toBe(true);
      for (const trade of trades) {
        expect(trade.orderId).toBe(bought.orderId);
        expect(trade.isBuyer).toBe(true);
        expect(trade.commission.gte(0)).toBe(true);
      }
      expect(bought.fills.map((fill) => fill.tradeId).sort()).toEqual(trades.map((trade) => trade.tradeId).sort());
      const baseAsset = connector.getSymbolInfo(SYMBOL).baseAsset;
      const baseFees = trades.filter((trade) => trade.commissionAsset === baseAsset).reduce((sum, trade) => sum.plus(trade.commission), ZERO);
      const net = await connector.netQuantity(bought);
      expect(net.eq(bought.executedQuantity.minus(baseFees))).toBe(true);
      await updates.waitFor(orderUpdate(bought.orderId, 'FILLED'), STREAM_WAIT_MS, 'FILLED update of the MARKET order');
      const sold = await connector.placeOrder({ symbol: SYMBOL, side: 'SELL', type: 'MARKET', quantity: net, roundToFilters: true });
      placed.push(sold);
      expect(sold.status).toBe('FILLED');
    });
  });

  describe('amending and replacing orders', () => {
    const updates = new EventLog<UserDataEvent>();

    beforeAll(async () => {
      if (unreachable !== undefined) return;
      subscriptions.push(await connector.subscribeOrderUpdates(updates.push));
    });

    /** A LIMIT BUY 11 % under the last price, worth about twice the minimum notional, as a replacement. */
    async function farBuy(): Promise<{ side: 'BUY'; type: 'LIMIT'; timeInForce: 'GTC'; price: Decimal; quantity: Decimal; roundToFilters: true }> {
      const price = (await connector.getTicker(SYMBOL)).lastPrice.times('0.89');
      return { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: quantityAt(price), roundToFilters: true };
    }

    it('amends an order down, keeping its id and client order id, and the stream reports REPLACED', async (context) => {
      requireReachable(context);
      const order = await placeFarLimit();
      const step = connector.getSymbolInfo(SYMBOL).filters.lotSize?.stepSize ?? new Decimal('0.00001');
      const smaller = order.quantity.times('0.7').div(step).round(0, 0).times(step);
      const amended = await connector.amendOrder(order.orderId, SYMBOL, smaller);
      expect([amended.orderId, amended.clientOrderId, amended.quantity.eq(smaller), amended.status]).toEqual([order.orderId, order.clientOrderId, true, 'NEW']);
      const replaced = await updates.waitFor((event) => event.type === 'order' && event.order.orderId === order.orderId
        && event.execution.executionType === 'REPLACED', STREAM_WAIT_MS, 'REPLACED order update');
      expect(replaced.type === 'order' && replaced.order.clientOrderId).toBe(order.clientOrderId);
      expect((await connector.getOrder(order.orderId, SYMBOL)).quantity.eq(smaller)).toBe(true);
    });

    it('replaces an order, and reports each partial outcome as a result', async (context) => {
      requireReachable(context);
      const order = await placeFarLimit();
      const both = await connector.replaceOrder(order.orderId, SYMBOL, await farBuy());
      if (both.newOrder !== undefined) placed.push(both.newOrder);
      expect([both.cancelResult, both.newOrderResult, both.orderLost, both.cancelledOrder?.status]).toEqual(['SUCCESS', 'SUCCESS', false, 'CANCELED']);

      const stopped = await connector.replaceOrder(order.orderId, SYMBOL, await farBuy());
      expect([stopped.cancelResult, stopped.newOrderResult, stopped.orderLost, stopped.cancelError?.exchangeCode]).toEqual(['FAILURE', 'NOT_ATTEMPTED', false, -2011]);

      const allowed = await connector.replaceOrder(order.orderId, SYMBOL, await farBuy(), { mode: 'ALLOW_FAILURE' });
      if (allowed.newOrder !== undefined) placed.push(allowed.newOrder);
      expect([allowed.cancelResult, allowed.newOrderResult, allowed.orderLost]).toEqual(['FAILURE', 'SUCCESS', false]);

      // A LIMIT_MAKER BUY above the market would take: the cancel works, the new order is refused.
      const above = (await connector.getTicker(SYMBOL)).lastPrice.times('1.05');
      const lost = await connector.replaceOrder(allowed.newOrder!.orderId, SYMBOL, {
        side: 'BUY', type: 'LIMIT_MAKER', price: above, quantity: quantityAt(above), roundToFilters: true,
      });
      expect([lost.cancelResult, lost.newOrderResult, lost.orderLost, lost.newOrderError?.exchangeCode]).toEqual(['SUCCESS', 'FAILURE', true, -2010]);
    });
  });

  describe('commission rates, the unfilled order count, OPO and OPOCO', () => {
    const updates = new EventLog<UserDataEvent>();
    let lastPrice: Decimal;

    beforeAll(async () => {
      if (unreachable !== undefined) return;
      subscriptions.push(await connector.subscribeOrderUpdates(updates.push));
      lastPrice = (await connector.getTicker(SYMBOL)).lastPrice;
    });

    /** Skips an OPO test where the symbol does not allow OPO lists. */
    function requireOpo(context: TestContext): void {
      requireReachable(context);
      if (!connector.getSymbolInfo(SYMBOL).opoAllowed) context.skip(`${SYMBOL} does not allow OPO lists (opoAllowed is false)`);
    }

    it('reads the account\'s commission rates on the symbol, each a fraction below 1', async (context) => {
      requireReachable(context);
      const rates = await connector.getCommissionRates(SYMBOL);
      expect(rates.symbol).toBe(SYMBOL);
      for (const set of [rates.standard, rates.special, rates.tax]) {
        for (const rate of [set.maker, set.taker, set.buyer, set.seller]) expect(rate.gte(0) && rate.lt(1)).toBe(true);
      }
      expect(rates.discount.discountAsset).toMatch(/^[A-Z0-9]+$/);
    });

    it('reads the unfilled order count of each ORDERS window, and sees a placed order counted', async (context) => {
      requireReachable(context);
      const before = await connector.getOrderRateLimits();
      expect(before.length).toBeGreaterThan(0);
      for (const window of before) {
        expect(['SECOND', 'MINUTE', 'HOUR', 'DAY']).toContain(window.interval);
        expect(window.limit).toBeGreaterThan(0);
        expect(window.count).toBeGreaterThanOrEqual(0);
      }
      await placeFarLimit();
      const after = await connector.getOrderRateLimits();
      const day = (windows: typeof before): number => windows.find((w) => w.interval === 'DAY')?.count ?? 0;
      expect(day(after)).toBeGreaterThan(day(before));
    });

    it('places an OPO whose working BUY rests 10 % under the market (its pending SELL has no quantity yet), and cancels it', async (context) => {
      requireOpo(context);
      const below = lastPrice.times('0.9');
      const list = await connector.placeOrderList({
        symbol: SYMBOL, type: 'OPO', roundToFilters: true,
        working: { type: 'LIMIT', side: 'BUY', quantity: quantityAt(below), price: below },
        pending: { type: 'LIMIT_MAKER', price: lastPrice.times('1.1') },
      });
      placedLists.push(list);
      expect(list.contingencyType).toBe('OTO');
      const [working, pending] = list.orders;
      expect([working?.order?.status, pending?.order?.status, pending?.order?.side]).toEqual(['NEW', 'PENDING_NEW', 'SELL']);
      expect(pending?.order?.quantity.eq(0)).toBe(true);
      await updates.waitFor((e) => e.type === 'order' && e.order.orderId === working!.orderId && e.order.status === 'NEW', STREAM_WAIT_MS, 'NEW working order update');
      const cancelled = await connector.cancelOrderList(list.orderListId, SYMBOL);
      expect(cancelled.orders.map((o) => o.order?.status)).toEqual(['CANCELED', 'CANCELED']);
      await updates.waitFor((e) => e.type === 'orderList' && e.orderList.orderListId === list.orderListId && e.orderList.listOrderStatus === 'ALL_DONE', STREAM_WAIT_MS, 'ALL_DONE listStatus of the OPO');
    });

    it('places an OPOCO (working BUY 10 % under, a SELL pair 10 % above and 20 % under), and cancels it', async (context) => {
      requireOpo(context);
      const below = lastPrice.times('0.9');
      const list = await connector.placeOrderList({
        symbol: SYMBOL, type: 'OPOCO', roundToFilters: true,
        working: { type: 'LIMIT', side: 'BUY', quantity: quantityAt(below), price: below },
        pendingAbove: { type: 'LIMIT_MAKER', price: lastPrice.times('1.1') },
        pendingBelow: { type: 'STOP_LOSS', stopPrice: lastPrice.times('0.8') },
      });
      placedLists.push(list);
      expect(list.orders.map((o) => o.order?.status)).toEqual(['NEW', 'PENDING_NEW', 'PENDING_NEW']);
      const cancelled = await connector.cancelOrderList(list.orderListId, SYMBOL);
      expect(cancelled.listOrderStatus).toBe('ALL_DONE');
    });
  });

  describeOrderOptionFlows({
    symbol: SYMBOL, streamWaitMs: STREAM_WAIT_MS, connector: () => connector, requireReachable, unreachable: () => unreachable !== undefined,
    quantityAt, placed, subscriptions,
  });

  describe('market data reads and streams', () => {
    it('reads recent trades, pages aggregate trades from an id, and reads them by time', async (context) => {
      requireReachable(context);
      const recent = await connector.getRecentTrades(SYMBOL, 20);
      expect(recent.length).toBeGreaterThan(0);
      for (let i = 1; i < recent.length; i += 1) expect(recent[i]!.tradeId).toBeGreaterThan(recent[i - 1]!.tradeId);
      const aggregates = await connector.getAggregateTrades(SYMBOL, { limit: 10 });
      expect(aggregates.length).toBeGreaterThan(0);
      const first = aggregates[0]!;
      const page = await connector.getAggregateTrades(SYMBOL, { fromId: first.aggregateTradeId, limit: aggregates.length });
      expect(page.map((t) => t.aggregateTradeId)).toEqual(aggregates.map((t) => t.aggregateTradeId));
      const byTime = await connector.getAggregateTrades(SYMBOL, { startTime: first.time, limit: 1 });
      expect(byTime[0]!.time).toBeGreaterThanOrEqual(first.time);
    });

    it('reads book tickers, several tickers in one request and the average price', async (context) => {
      requireReachable(context);
      const book = await connector.getBookTicker(SYMBOL);
      expect(book.bidPrice.lt(book.askPrice)).toBe(true);
      const books = await connector.getBookTickers([SYMBOL, 'ETHUSDT']);
      expect(books.map((b) => b.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
      const tickers = await connector.getTickers([SYMBOL, 'ETHUSDT']);
      expect(tickers.map((t) => t.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
      expect(tickers.every((t) => t.lastPrice.gt(0))).toBe(true);
      const average = await connector.getAveragePrice(SYMBOL);
      expect([average.symbol, average.price.gt(0)]).toEqual([SYMBOL, true]);
    });

    it('streams the best bid and ask, aggregate trades and the all-market tickers', async (context) => {
      requireReachable(context);
      const books = new EventLog<BookTicker>();
      subscriptions.push(await connector.subscribeBookTicker(SYMBOL, books.push));
      const book = await books.waitFor(() => true, STREAM_WAIT_MS, `${SYMBOL} book ticker`);
      expect([book.symbol, book.bidPrice.lt(book.askPrice)]).toEqual([SYMBOL, true]);
      const trades = new EventLog<AggregateTrade>();
      subscriptions.push(await connector.subscribeAggregateTrades(SYMBOL, trades.push));
      const trade = await trades.waitFor(() => true, STREAM_WAIT_MS, `${SYMBOL} aggregate trade`);
      expect(trade.symbol).toBe(SYMBOL);
      const market = new EventLog<MarketTicker[]>();
      subscriptions.push(await connector.subscribeAllTickers(market.push));
      const update = await market.waitFor((tickers) => tickers.length > 0, STREAM_WAIT_MS, 'all-market mini tickers');
      expect(update.every((t) => t.window === '24h' && t.priceChangePercent === undefined)).toBe(true);
    });
  });
}

for (const environment of ['testnet', 'demo'] as const) {
  const credentials = liveCredentials(environment);
  const title = credentials.ok ? `Binance ${environment} (live)` : `Binance ${environment} (live), skipped: ${credentials.reason}`;
  describe.skipIf(!credentials.ok)(title, () => liveSuite(environment, credentials.ok ? credentials.options : { environment }));
}
