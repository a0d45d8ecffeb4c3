import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { BinanceConnector } from '../../src/binance/connector.js';
import type { Decimal } from '../../src/core/decimal.js';
import type { Order } from '../../src/core/models.js';
import type { StreamSubscription, UserDataEvent } from '../../src/core/stream/events.js';
import { EventLog } from './live-env.js';

/** What the order-option flows borrow from the live suite. */
export interface LiveSuiteContext {
  readonly symbol: string;
  readonly streamWaitMs: number;
  connector(): BinanceConnector;
  /** Skips the test when the environment did not answer its probe. */
  requireReachable(context: TestContext): void;
  /** True when the environment did not answer its probe. */
  unreachable(): boolean;
  /** A quantity worth about twice the minimum notional at `price`, on the step size. */
  quantityAt(price: Decimal): Decimal;
  /** Orders the suite cancels in afterAll if still open. */
  readonly placed: Order[];
  readonly subscriptions: StreamSubscription[];
}

/**
 * Iceberg, pegged and self-trade-prevented orders against the real exchange, each resting away
 * from the market or alone inside the spread, and cancelled (or expired) before the test ends.
 * A flow the symbol does not allow (icebergAllowed, pegInstructionsAllowed, the STP mode) skips.
 */
export function describeOrderOptionFlows(suite: LiveSuiteContext): void {
  describe('iceberg, pegged and self-trade-prevented orders', () => {
    const updates = new EventLog<UserDataEvent>();
    const update = (orderId: string, accept: (event: UserDataEvent & { type: 'order' }) => boolean) => (event: UserDataEvent): boolean =>
      event.type === 'order' && event.order.orderId === orderId && accept(event);

    beforeAll(async () => {
      if (suite.unreachable()) return;
      suite.subscriptions.push(await suite.connector().subscribeOrderUpdates(updates.push));
    });

    async function place(request: Parameters<BinanceConnector['placeOrder']>[0]): Promise<Order> {
      const order = await suite.connector().placeOrder(request);
      suite.placed.push(order);
      return order;
    }

    it('rests an iceberg BUY 10 % under the market showing half its quantity, and cancels it', async (context) => {
      suite.requireReachable(context);
      const c = suite.connector();
      if (!c.getSymbolInfo(suite.symbol).icebergAllowed) context.skip(`${suite.symbol} does not allow iceberg orders`);
      const price = (await c.getTicker(suite.symbol)).lastPrice.times('0.9');
      const quantity = suite.quantityAt(price);
      const step = c.getSymbolInfo(suite.symbol).filters.lotSize?.stepSize;
      const iceberg = step === undefined ? quantity.div(2) : quantity.div(2).div(step).round(0, 0).times(step);
      const order = await place({ symbol: suite.symbol, side: 'BUY', type: 'LIMIT', price, quantity, icebergQuantity: iceberg, roundToFilters: true });
      const queried = await c.getOrder(order.orderId, suite.symbol);
      expect([queried.status, queried.icebergQuantity?.eq(iceberg)]).toEqual(['NEW', true]);
      const created = await updates.waitFor(update(order.orderId, (e) => e.order.status === 'NEW'), suite.streamWaitMs, 'NEW iceberg update');
      expect(created.type === 'order' && created.order.icebergQuantity?.eq(iceberg)).toBe(true);
      expect((await c.cancelOrder(order.orderId, suite.symbol)).status).toBe('CANCELED');
    });

    it('rests a pegged LIMIT_MAKER BUY five bid levels deep at the price the book gave it, and cancels it', async (context) => {
      suite.requireReachable(context);
      const c = suite.connector();
      if (!c.getSymbolInfo(suite.symbol).pegInstructionsAllowed) context.skip(`${suite.symbol} does not allow pegged orders`);
      const book = await c.getOrderBook(suite.symbol, 20);
      if (book.bids.length < 6) context.skip('the book has fewer than six bid levels');
      const order = await place({
        symbol: suite.symbol, side: 'BUY', type: 'LIMIT_MAKER', quantity: suite.quantityAt(book.bids[0]!.price),
        pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 5, roundToFilters: true,
      });
      expect([order.pegPriceType, order.pegOffsetValue, order.peggedPrice?.lt(book.bids[0]!.price)]).toEqual(['PRIMARY_PEG', 5, true]);
      const queried = await c.getOrder(order.orderId, suite.symbol);
      expect(queried.peggedPrice?.eq(order.peggedPrice!)).toBe(true);
      expect((await c.cancelOrder(order.orderId, suite.symbol)).status).toBe('CANCELED');
    });

    it('expires an EXPIRE_TAKER SELL against its own BUY alone inside the spread, reporting TRADE_PREVENTION', async (context) => {
      suite.requireReachable(context);
      const c = suite.connector();
      const allowed = c.getSymbolInfo(suite.symbol).allowedSelfTradePreventionModes;
      if (allowed !== undefined && !allowed.includes('EXPIRE_TAKER')) context.skip(`${suite.symbol} does not allow EXPIRE_TAKER`);
      const tick = c.getSymbolInfo(suite.symbol).filters.price?.tickSize;
      const book = await c.getOrderBook(suite.symbol, 5);
      const inside = tick === undefined ? undefined : book.bids[0]!.price.plus(tick);
      if (inside === undefined || inside.gte(book.asks[0]!.price)) context.skip('the spread is one tick: no price where a bid of ours is alone');
      const quantity = suite.quantityAt(inside!);
      const maker = await place({ symbol: suite.symbol, side: 'BUY', type: 'LIMIT_MAKER', price: inside!, quantity, roundToFilters: true });
      const taker = await place({
        symbol: suite.symbol, side: 'SELL', type: 'LIMIT', timeInForce: 'IOC', price: inside!, quantity, selfTradePreventionMode: 'EXPIRE_TAKER', roundToFilters: true,
      });
      expect([taker.status, taker.executedQuantity.toFixed(), taker.selfTradePreventionMode]).toEqual(['EXPIRED_IN_MATCH', '0', 'EXPIRE_TAKER']);
      const prevented = await updates.waitFor(update(taker.orderId, (e) => e.execution.executionType === 'TRADE_PREVENTION'), suite.streamWaitMs, 'TRADE_PREVENTION update');
      expect(prevented.type === 'order' && prevented.order.preventedQuantity?.eq(taker.quantity)).toBe(true);
      expect((await c.getOrder(maker.orderId, suite.symbol)).status).toBe('NEW');
      await c.cancelOrder(maker.orderId, suite.symbol);
    });
  });
}
