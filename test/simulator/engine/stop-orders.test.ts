import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal } from '../../../src/core/decimal.js';
import { createAccount } from '../../../src/simulator/engine/accounts.js';
import { balance, rejection } from './engine-support.js';
import type { OrderEvent } from '../../../src/simulator/engine/engine-events.js';
import { MatchingEngine } from '../../../src/simulator/engine/matching-engine.js';
import type { NewOrder } from '../../../src/simulator/engine/order-types.js';
import { SymbolMarket } from '../../../src/simulator/market/symbol-market.js';
import { DEFAULT_SYMBOLS } from '../../../src/simulator/market/symbols.js';

/** Stop and take-profit orders in the engine: waiting off the book, locks, triggers on the market's trades, execution. */

const BTCUSDT = DEFAULT_SYMBOLS[0]!;
const SEED = 1;
const NOW = Date.UTC(2026, 2, 10, 9, 0, 0, 250);
const ASSETS = ['USDT', 'BTC', 'ETH', 'BNB'];

function setup(balances: Record<string, string> = { USDT: '100000', BTC: '50' }) {
  const account = createAccount({ apiKey: 'k', apiSecret: 's', balances }, 0, 1, ASSETS, NOW);
  const engine = new MatchingEngine(DEFAULT_SYMBOLS, SEED, [account], NOW);
  const market = engine.market('BTCUSDT')!;
  const events: OrderEvent[] = [];
  engine.events.on('order', (e) => events.push(e));
  return { engine, account, market, last: market.source.lastPrice(NOW), events };
}

let ids = 0;
function order(fields: Partial<NewOrder> & Pick<NewOrder, 'side' | 'type'>): NewOrder {
  return { spec: BTCUSDT, clientOrderId: `s${ids++}`, selfTradePreventionMode: 'NONE', ...fields };
}

/**
 * The market's coming trades, read from a second market of the same seed: the engine replays
 * these one second after another as the clock moves.
 */
function comingTrades(seconds: number): { priceTicks: number; time: number }[] {
  const twin = new SymbolMarket(BTCUSDT, SEED, NOW);
  const first = Math.floor(NOW / 1000) + 1;
  const trades: { priceTicks: number; time: number }[] = [];
  for (let s = first; s < first + seconds; s++) trades.push(...twin.syntheticTrades(twin.source.second(s * 1000)));
  return trades;
}

/** Advances the engine second by second until `done` or `seconds` have passed; returns the time reached. */
function advanceUntil(engine: MatchingEngine, done: () => boolean, seconds = 3600): number {
  let t = NOW;
  for (let i = 0; i < seconds && !done(); i++) {
    t += 1000;
    engine.advance(t);
  }
  return t;
}

describe('waiting stops', () => {
  test('wait off the book, not working, with a SELL locking its base and a stop-limit BUY its price × quantity', () => {
    const { engine, account, market, last, events } = setup();
    const sell = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 100_000, stopPriceTicks: last - 1000 }), NOW);
    expect(sell.fills).toEqual([]);
    expect([sell.order.status, sell.order.workingTime, sell.order.trailingTime]).toEqual(['NEW', -1, -1]);
    expect(balance(account, 'BTC')).toEqual({ free: '49', locked: '1' });
    const buy = engine.placeOrder(account,
      order({ side: 'BUY', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantitySteps: 100_000, priceTicks: last + 1500, stopPriceTicks: last + 1000 }), NOW).order;
    const reserved = new Decimal(last + 1500).div(100);
    expect(balance(account, 'USDT')).toEqual({ free: new Decimal(100000).minus(reserved).toFixed(), locked: reserved.toFixed() });
    // A STOP_LOSS BUY executes as MARKET: like a MARKET BUY it holds nothing until it trades.
    engine.placeOrder(account, order({ side: 'BUY', type: 'STOP_LOSS', quantitySteps: 100_000, stopPriceTicks: last + 1000 }), NOW);
    expect(balance(account, 'USDT').locked).toBe(reserved.toFixed());
    expect(market.bids.length + market.asks.length).toBe(0);
    expect(market.bookSide('bids', NOW)).toEqual(setup().market.bookSide('bids', NOW));
    expect(events.map((e) => [e.order.orderId, e.execution.executionType, e.order.workingTime])).toEqual([
      [sell.order.orderId, 'NEW', -1], [buy.orderId, 'NEW', -1], [buy.orderId + 1, 'NEW', -1],
    ]);
  });

  test('a stop the last price already reached is refused as Binance refuses it, for each type and side', () => {
    const { engine, account, last } = setup();
    const refused = [
      order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 1000, stopPriceTicks: last }),
      order({ side: 'BUY', type: 'STOP_LOSS', quantitySteps: 1000, stopPriceTicks: last - 1 }),
      order({ side: 'SELL', type: 'TAKE_PROFIT', quantitySteps: 1000, stopPriceTicks: last - 1 }),
      order({ side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', priceTicks: last, quantitySteps: 1000, stopPriceTicks: last + 1 }),
      order({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', priceTicks: last, quantitySteps: 1000, stopPriceTicks: last + 5, trailingDelta: 100 }),
    ];
    for (const request of refused) {
      expect(rejection(() => engine.placeOrder(account, request, NOW))).toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
    }
    expect(balance(account, 'BTC')).toEqual({ free: '50', locked: '0' });
    // Without a stop price a trailing order trails from the last price at once: nothing to refuse.
    const trailing = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 1000, trailingDelta: 100 }), NOW).order;
    expect([trailing.status, trailing.trailingTime, trailing.workingTime]).toEqual(['NEW', NOW, -1]);
  });

  test("the last price a stop is checked against is a user's own trade when that came last", () => {
    const { engine, account, market, last } = setup();
    const bids = market.bookSide('bids', NOW);
    // A MARKET sell through the two best bids: the last trade is at the second bid.
    engine.placeOrder(account, order({ side: 'SELL', type: 'MARKET', quantitySteps: bids[0]!.steps + 1 }), NOW);
    const traded = bids[1]!.priceTicks;
    expect(traded).toBeLessThan(last);
    expect(rejection(() => engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 1000, stopPriceTicks: traded + 1 }), NOW)))
      .toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
    expect(engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 1000, stopPriceTicks: traded - 1 }), NOW).order.status).toBe('NEW');
    // A BUY stop between that trade and the generated market's last price lies above the last trade: accepted.
    expect(engine.placeOrder(account, order({ side: 'BUY', type: 'STOP_LOSS', quantitySteps: 1000, stopPriceTicks: last }), NOW).order.status).toBe('NEW');
  });

  test('cancelling a waiting stop gives its lock back, and it never triggers afterwards', () => {
    const { engine, account, last, events } = setup();
    expect(comingTrades(300).some((t) => t.priceTicks <= last - 10)).toBe(true);
    const placed = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', priceTicks: last - 20, quantitySteps: 123_456, stopPriceTicks: last - 10 }), NOW).order;
    expect(balance(account, 'BTC')).toEqual({ free: '48.76544', locked: '1.23456' });
    engine.cancelOrder(account, 'BTCUSDT', { orderId: placed.orderId }, 'cancel-1', NOW);
    expect(balance(account, 'BTC')).toEqual({ free: '50', locked: '0' });
    advanceUntil(engine, () => false, 300);
    expect(placed.status).toBe('CANCELED');
    expect(events.map((e) => e.execution.executionType)).toEqual(['NEW', 'CANCELED']);
  });
});

describe('triggering', () => {
  test('a STOP_LOSS SELL triggers at the first trade at or below its stop price, then sells as MARKET', () => {
    const { engine, account, last, events } = setup();
    const stop = last - 300;
    const trigger = comingTrades(3600).find((t) => t.priceTicks <= stop)!;
    expect(trigger).toBeDefined();
    const placed = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 10_000, stopPriceTicks: stop }), NOW).order;
    advanceUntil(engine, () => placed.status === 'FILLED');
    expect(placed.status).toBe('FILLED');
    expect(placed.workingTime).toBe(trigger.time);
    const mine = events.filter((e) => e.order.orderId === placed.orderId);
    expect(mine.map((e) => [e.execution.executionType, e.order.status, e.order.workingTime])).toEqual([
      ['NEW', 'NEW', -1], ['NEW', 'NEW', trigger.time],
      ...mine.slice(2).map(() => ['TRADE', expect.any(String), trigger.time]),
    ]);
    expect(mine.slice(2).every((e) => e.execution.time === trigger.time && !e.execution.isMaker)).toBe(true);
    // The base came out of the lock at the trigger and out of free at the sale: 0.1 BTC gone, nothing locked.
    expect(balance(account, 'BTC')).toEqual({ free: '49.9', locked: '0' });
    const proceeds = placed.cummulativeQuote;
    const fees = engine.records.accountTrades(account, 'BTCUSDT').reduce((sum, t) => sum.plus(t.commission), new Decimal(0));
    expect(balance(account, 'USDT').free).toBe(new Decimal(100000).plus(proceeds).minus(fees).toFixed());
  });

  test('a TAKE_PROFIT_LIMIT BUY triggers at or below its stop price and rests as a LIMIT when it cannot fill', () => {
    const { engine, account, last, market } = setup();
    const stop = last - 300;
    const trigger = comingTrades(3600).find((t) => t.priceTicks <= stop)!;
    // Its limit price far under the market: once working it rests on the book.
    const priceTicks = last - 5000;
    const placed = engine.placeOrder(account,
      order({ side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', priceTicks, quantitySteps: 100_000, stopPriceTicks: stop }), NOW).order;
    advanceUntil(engine, () => placed.workingTime >= 0);
    expect([placed.status, placed.workingTime, market.bids[0]]).toEqual(['NEW', trigger.time, placed]);
    const reserved = new Decimal(priceTicks).div(100);
    expect(balance(account, 'USDT')).toEqual({ free: new Decimal(100000).minus(reserved).toFixed(), locked: reserved.toFixed() });
  });

  test('a triggered STOP_LOSS larger than the book fills what is there and expires with INSUFFICIENT_LIQUIDITY', () => {
    const { engine, account, last, events } = setup({ BTC: '100' });
    const stop = last - 300;
    const placed = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 10_000_000, stopPriceTicks: stop }), NOW).order;
    advanceUntil(engine, () => placed.status !== 'NEW');
    expect([placed.status, placed.expiryReason]).toEqual(['EXPIRED', 'INSUFFICIENT_LIQUIDITY']);
    expect(placed.executedSteps).toBeGreaterThan(0);
    expect(placed.executedSteps).toBeLessThan(10_000_000);
    expect(events.at(-1)!.execution.executionType).toBe('EXPIRED');
    const sold = new Decimal(placed.executedSteps).div(100_000);
    expect(balance(account, 'BTC')).toEqual({ free: new Decimal(100).minus(sold).toFixed(), locked: '0' });
  });

  test('a triggered STOP_LOSS BUY the account can no longer pay expires as REJECTED', () => {
    const { engine, account, last } = setup({ USDT: '100' });
    const stop = last + 300;
    const placed = engine.placeOrder(account, order({ side: 'BUY', type: 'STOP_LOSS', quantitySteps: 100_000, stopPriceTicks: stop }), NOW).order;
    advanceUntil(engine, () => placed.status !== 'NEW');
    expect([placed.status, placed.expiryReason, placed.executedSteps]).toEqual(['EXPIRED', 'REJECTED', 0]);
    expect(balance(account, 'USDT')).toEqual({ free: '100', locked: '0' });
  });

  test('a user trade through a stop price triggers it in the same operation', () => {
    const { engine, account, market, last } = setup({ USDT: '10000000', BTC: '50' });
    const bids = market.bookSide('bids', NOW);
    const stop = bids[2]!.priceTicks;
    const placed = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 1000, stopPriceTicks: stop }), NOW).order;
    expect(stop).toBeLessThan(last);
    // A MARKET sell that eats the three best bids trades at the stop price.
    const taker = engine.placeOrder(account, order({ side: 'SELL', type: 'MARKET', quantitySteps: bids[0]!.steps + bids[1]!.steps + 1 }), NOW);
    expect(taker.fills.at(-1)!.price.times(100).toNumber()).toBe(stop);
    expect([placed.status, placed.workingTime]).toEqual(['FILLED', NOW]);
  });

  test('a trailing STOP_LOSS SELL without a stop price triggers at the first fall of its delta from the highest trade', () => {
    const { engine, account, last } = setup();
    const delta = 10;
    let best = last;
    let trigger: { priceTicks: number; time: number } | undefined;
    for (const trade of comingTrades(3600)) {
      if (trade.priceTicks * 10_000 <= best * (10_000 - delta)) {
        trigger = trade;
        break;
      }
      best = Math.max(best, trade.priceTicks);
    }
    expect(trigger).toBeDefined();
    const placed = engine.placeOrder(account, order({ side: 'SELL', type: 'STOP_LOSS', quantitySteps: 1000, trailingDelta: delta }), NOW).order;
    expect(placed.trailingTime).toBe(NOW);
    advanceUntil(engine, () => placed.status !== 'NEW');
    expect([placed.status, placed.workingTime, placed.trailingTime]).toEqual(['FILLED', trigger!.time, NOW]);
  });

  test('for any stop price, a stop starts working at the first replayed trade that reaches it, never before', () => {
    const trades = comingTrades(60);
    const last = setup().last;
    // New highs and lows of the coming trades: stop prices first reached by a trade exactly at them.
    let [high, low] = [last, last];
    const records = trades.map((t) => t.priceTicks).filter((p) => {
      const record = p > high || p < low;
      [high, low] = [Math.max(high, p), Math.min(low, p)];
      return record;
    });
    const stops = fc.oneof(fc.constantFrom(...records), fc.integer({ min: last - 300, max: last + 300 }));
    fc.assert(fc.property(
      stops.filter((stop) => stop !== last), fc.constantFrom('STOP_LOSS', 'TAKE_PROFIT_LIMIT'),
      (stop, type) => {
        const { engine, account } = setup();
        const above = stop > last;
        // The side for which that stop price lies on that side of the market.
        const side = (type === 'STOP_LOSS') === above ? 'BUY' : 'SELL';
        const first = trades.find((t) => (above ? t.priceTicks >= stop : t.priceTicks <= stop));
        const priceTicks = type === 'STOP_LOSS' ? undefined : stop;
        const placed = engine.placeOrder(account, order({ side, type, timeInForce: priceTicks === undefined ? undefined : 'GTC', priceTicks, quantitySteps: 100, stopPriceTicks: stop }), NOW).order;
        advanceUntil(engine, () => placed.workingTime >= 0, 60);
        expect(placed.workingTime).toBe(first?.time ?? -1);
      },
    ), { numRuns: 20 });
  });
});
