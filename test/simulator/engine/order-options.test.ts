import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal } from '../../../src/core/decimal.js';
import { createAccount, type SimAccount } from '../../../src/simulator/engine/accounts.js';
import { quoteOf, stepsToDecimal } from '../../../src/simulator/engine/amounts.js';
import type { OrderEvent } from '../../../src/simulator/engine/engine-events.js';
import { shownSteps } from '../../../src/simulator/engine/iceberg.js';
import { MatchingEngine } from '../../../src/simulator/engine/matching-engine.js';
import { isOpen, openSteps, type NewOrder, type SimOrder } from '../../../src/simulator/engine/order-types.js';
import { DEFAULT_SYMBOLS } from '../../../src/simulator/market/symbols.js';
import { SimError } from '../../../src/simulator/sim-error.js';
import { balance, rejection } from './engine-support.js';

/**
 * The engine's iceberg, pegged and self-trade prevention behaviour, order by order, and the
 * matching invariants under random sequences of such orders (fast-check).
 */

const BTCUSDT = DEFAULT_SYMBOLS[0]!;
const NOW = Date.UTC(2026, 2, 10, 9, 0, 0, 250);
const ASSETS = ['USDT', 'BTC', 'ETH', 'BNB'];

function setup(balances: Record<string, string>[] = [{ USDT: '1000000', BTC: '50' }, { USDT: '1000000', BTC: '50' }]) {
  const accounts = balances.map((b, i) => createAccount({ apiKey: `k${i}`, apiSecret: 's', balances: b }, i, 1, ASSETS, NOW));
  const engine = new MatchingEngine(DEFAULT_SYMBOLS, 1, accounts, NOW);
  const market = engine.market('BTCUSDT')!;
  const last = market.source.lastPrice(NOW);
  const events: OrderEvent[] = [];
  engine.events.on('order', (event) => events.push(event));
  return { engine, accounts, market, last, events };
}

let ids = 0;
function order(fields: Partial<NewOrder> & Pick<NewOrder, 'side' | 'type'>): NewOrder {
  ids += 1;
  return { spec: BTCUSDT, clientOrderId: `o${ids}`, selfTradePreventionMode: 'NONE', ...fields };
}

const limit = (side: 'BUY' | 'SELL', priceTicks: number, quantitySteps: number, more: Partial<NewOrder> = {}): NewOrder =>
  order({ side, type: 'LIMIT', timeInForce: 'GTC', priceTicks, quantitySteps, ...more });

describe('iceberg orders', () => {
  test('show only their part on the book, and refill behind the orders resting at their price', () => {
    const { engine, accounts, market, last } = setup([{ BTC: '50' }, { BTC: '50' }, { USDT: '10000000' }]);
    // At the best synthetic ask: users' orders there come before the synthetic quantity.
    const price = last + 1;
    const synthetic = market.bookSide('asks', NOW).find((l) => l.priceTicks === price)!.steps;
    const iceberg = engine.placeOrder(accounts[0]!, limit('SELL', price, 10_000, { icebergSteps: 3000 }), NOW).order;
    const level = (): number | undefined => market.bookSide('asks', NOW).find((l) => l.priceTicks === price)!.steps - synthetic;
    expect(level()).toBe(3000);
    const plain = engine.placeOrder(accounts[1]!, limit('SELL', price, 2000), NOW).order;
    expect(level()).toBe(5000);
    // A taker of 4000 takes the iceberg's part (3000), then 1000 of the plain order behind it; the
    // iceberg's next part waits behind what is left of the plain order.
    engine.placeOrder(accounts[2]!, limit('BUY', price, 4000, { timeInForce: 'IOC' }), NOW);
    expect([iceberg.executedSteps, plain.executedSteps, iceberg.shownSteps]).toEqual([3000, 1000, 3000]);
    expect(market.asks.filter((o) => o.priceTicks === price)).toEqual([plain, iceberg]);
    expect(level()).toBe(4000);
    // One taker can meet the same iceberg again, part after part, once the level's queue comes round.
    engine.placeOrder(accounts[2]!, limit('BUY', price, 7000, { timeInForce: 'IOC' }), NOW);
    expect([iceberg.executedSteps, plain.executedSteps, iceberg.status, plain.status]).toEqual([9000, 2000, 'PARTIALLY_FILLED', 'FILLED']);
    expect([iceberg.shownSteps, level()]).toEqual([1000, 1000]);
  });

  test('trade their whole quantity as a taker before resting with their part on show', () => {
    const { engine, accounts, market, last } = setup();
    const asks = market.bookSide('asks', NOW);
    const placed = engine.placeOrder(accounts[0]!, limit('BUY', asks[0]!.priceTicks, asks[0]!.steps + 5000, { icebergSteps: 1000 }), NOW);
    expect(placed.order.executedSteps).toBe(asks[0]!.steps);
    expect(market.bookSide('bids', NOW)[0]).toEqual({ priceTicks: asks[0]!.priceTicks, steps: 1000 });
    expect(last).toBeLessThan(asks[0]!.priceTicks);
  });
});

describe('pegged orders', () => {
  test('take the best price of their own side or the other side, or a level deeper, once', () => {
    const { engine, accounts, market } = setup();
    const bids = market.bookSide('bids', NOW);
    const asks = market.bookSide('asks', NOW);
    const primary = engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantitySteps: 100, peg: { priceType: 'PRIMARY_PEG', sentPriceTicks: 0 } }), NOW).order;
    expect(primary.priceTicks).toBe(bids[0]!.priceTicks);
    const deeper = engine.placeOrder(accounts[0]!, order({ side: 'SELL', type: 'LIMIT_MAKER', quantitySteps: 100, peg: { priceType: 'PRIMARY_PEG', offsetLevels: 2, sentPriceTicks: 0 } }), NOW).order;
    expect(deeper.priceTicks).toBe(asks[2]!.priceTicks);
    const taker = engine.placeOrder(accounts[1]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantitySteps: 100, peg: { priceType: 'MARKET_PEG', sentPriceTicks: 0 } }), NOW);
    expect(taker.fills.map((f) => f.price.toFixed())).toEqual([stepsToDecimal(BTCUSDT, 0).plus(new Decimal(asks[0]!.priceTicks).div(100)).toFixed()]);
    // The market moves a minute on: the resting pegged order keeps its price.
    engine.advance(NOW + 60_000);
    expect(primary.priceTicks).toBe(bids[0]!.priceTicks);
  });

  test('a pegged stop-limit takes its price from the book when it triggers, not when placed', () => {
    const { engine, accounts, market, last } = setup();
    const placed = engine.placeOrder(accounts[0]!, order({
      side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantitySteps: 100, stopPriceTicks: last - 300, peg: { priceType: 'PRIMARY_PEG', sentPriceTicks: 0 },
    }), NOW).order;
    const bidWhenPlaced = market.bestLevel('bids', NOW)!.priceTicks;
    expect([placed.priceTicks, placed.workingTime]).toEqual([0, -1]);
    let t = NOW;
    while (placed.workingTime < 0 && t < NOW + 3_600_000) engine.advance(t += 1000);
    expect(placed.workingTime).toBeGreaterThan(NOW);
    // It took the best bid of the second it triggered in, well under the bid when it was placed.
    expect(placed.priceTicks).toBe(market.bestLevel('bids', t)!.priceTicks);
    expect(placed.priceTicks).toBeLessThan(bidWhenPlaced - 200);
    const pegged = placed.priceTicks;
    engine.advance(t + 600_000);
    expect(placed.priceTicks).toBe(pegged);
  });

  test("an OTO's pegged pending order takes its price when it starts", () => {
    const { engine, accounts, market } = setup();
    const pending = engine.addPending(accounts[0]!, order({ side: 'SELL', type: 'LIMIT_MAKER', quantitySteps: 100, peg: { priceType: 'PRIMARY_PEG', sentPriceTicks: 0 } }), NOW);
    expect([pending.status, pending.priceTicks]).toEqual(['PENDING_NEW', 0]);
    const later = NOW + 120_000;
    engine.advance(later);
    const ask = market.bestLevel('asks', later)!.priceTicks;
    engine.startPending(pending, later);
    expect([pending.status, pending.priceTicks, pending.peg?.priceType]).toEqual(['NEW', ask, 'PRIMARY_PEG']);
  });

  test('are refused when the book has no level to peg to', () => {
    const { engine, accounts } = setup();
    expect(rejection(() => engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantitySteps: 100, peg: { priceType: 'PRIMARY_PEG', offsetLevels: 100, sentPriceTicks: 0 } }), NOW)))
      .toEqual({ code: -2010, msg: 'Order book liquidity is too low for this pegged order.' });
  });
});

describe('self-trade prevention', () => {
  /** Makers BUY at the last price (above every synthetic bid, below every synthetic ask), then a SELL taker at that price. */
  function selfTrade(makerSteps: number[], takerSteps: number, takerMode: string, makerMode = 'NONE') {
    const context = setup();
    const { engine, accounts, last } = context;
    const makers = makerSteps.map((steps) => engine.placeOrder(accounts[0]!, limit('BUY', last, steps, { selfTradePreventionMode: makerMode }), NOW).order);
    context.events.length = 0;
    const taker = engine.placeOrder(accounts[0]!, limit('SELL', last, takerSteps, { selfTradePreventionMode: takerMode }), NOW);
    const matches = engine.preventedMatches.of(accounts[0]!.id, 'BTCUSDT');
    const prevented = context.events.filter((e) => e.execution.executionType === 'TRADE_PREVENTION')
      .map((e) => [e.order.orderId, e.order.status, e.execution.lastPreventedQty?.toFixed()]);
    return { ...context, makers, taker: taker.order, fills: taker.fills, matches, prevented };
  }

  test('EXPIRE_TAKER expires the taker and leaves the makers', () => {
    const { makers, taker, fills, matches, prevented } = selfTrade([1000], 3000, 'EXPIRE_TAKER');
    expect([taker.status, taker.preventedSteps, taker.preventedMatchId, fills]).toEqual(['EXPIRED_IN_MATCH', 3000, 0, []]);
    expect([makers[0]!.status, makers[0]!.preventedSteps]).toEqual(['NEW', 0]);
    expect(matches.map((m) => [m.takerOrderId, m.makerOrderId, m.selfTradePreventionMode, m.takerPreventedQuantity?.toFixed(), m.makerPreventedQuantity]))
      .toEqual([[taker.orderId, makers[0]!.orderId, 'EXPIRE_TAKER', '0.03', undefined]]);
    expect(prevented).toEqual([[taker.orderId, 'EXPIRED_IN_MATCH', '0.03']]);
  });

  test('EXPIRE_MAKER expires each maker it meets, and the taker goes on to trade with the rest of the book', () => {
    const { accounts, makers, taker, fills, matches, prevented, last } = selfTrade([1000, 2000], 3000, 'EXPIRE_MAKER');
    expect(makers.map((m) => [m.status, m.preventedSteps])).toEqual([['EXPIRED_IN_MATCH', 1000], ['EXPIRED_IN_MATCH', 2000]]);
    // The market's own bids at that price take the taker after the makers expired.
    expect([taker.status, taker.executedSteps, taker.preventedSteps, fills.map((f) => f.price.times(100).toNumber())]).toEqual(['FILLED', 3000, 0, [last]]);
    expect(matches.map((m) => m.preventedMatchId)).toEqual([0, 1]);
    expect(prevented).toEqual([[makers[0]!.orderId, 'EXPIRED_IN_MATCH', '0.01'], [makers[1]!.orderId, 'EXPIRED_IN_MATCH', '0.02']]);
    // The makers' quote came back, nothing is held.
    expect(balance(accounts[0]!, 'USDT').locked).toBe('0');
    expect(balance(accounts[0]!, 'BTC')).toEqual({ free: '49.97', locked: '0' });
  });

  test('EXPIRE_BOTH expires the taker and the maker', () => {
    const { makers, taker, matches } = selfTrade([1000], 3000, 'EXPIRE_BOTH');
    expect([makers[0]!.status, makers[0]!.preventedSteps, taker.status, taker.preventedSteps]).toEqual(['EXPIRED_IN_MATCH', 1000, 'EXPIRED_IN_MATCH', 3000]);
    expect([matches[0]!.takerPreventedQuantity?.toFixed(), matches[0]!.makerPreventedQuantity?.toFixed()]).toEqual(['0.03', '0.01']);
  });

  test('DECREMENT takes the smaller quantity off both: the smaller order expires, the larger keeps working with less held', () => {
    const { accounts, makers, taker, last, prevented } = selfTrade([6000], 2000, 'DECREMENT');
    expect([taker.status, taker.preventedSteps]).toEqual(['EXPIRED_IN_MATCH', 2000]);
    expect([makers[0]!.status, makers[0]!.preventedSteps, openSteps(makers[0]!)]).toEqual(['NEW', 2000, 4000]);
    expect(prevented).toEqual([[makers[0]!.orderId, 'NEW', '0.02'], [taker.orderId, 'EXPIRED_IN_MATCH', '0.02']]);
    expect(balance(accounts[0]!, 'USDT').locked).toBe(quoteOf(BTCUSDT, last, 4000).toFixed());
    expect(balance(accounts[0]!, 'BTC')).toEqual({ free: '50', locked: '0' });
  });

  test('TRANSFER acts as DECREMENT within one account, and as DECREMENT against a maker of another mode', () => {
    const both = selfTrade([6000], 2000, 'TRANSFER', 'TRANSFER');
    expect([both.matches[0]!.selfTradePreventionMode, both.taker.status, both.makers[0]!.preventedSteps]).toEqual(['TRANSFER', 'EXPIRED_IN_MATCH', 2000]);
    const mixed = selfTrade([6000], 2000, 'TRANSFER', 'EXPIRE_MAKER');
    expect([mixed.matches[0]!.selfTradePreventionMode, mixed.taker.status, mixed.makers[0]!.preventedSteps]).toEqual(['DECREMENT', 'EXPIRED_IN_MATCH', 2000]);
  });

  test('NONE trades with the account\'s own order, and no mode stops a trade between two accounts', () => {
    const none = selfTrade([1000], 1000, 'NONE', 'EXPIRE_BOTH');
    expect([none.taker.status, none.makers[0]!.status, none.matches]).toEqual(['FILLED', 'FILLED', []]);
    const { engine, accounts, last } = setup();
    const maker = engine.placeOrder(accounts[0]!, limit('BUY', last, 1000, { selfTradePreventionMode: 'EXPIRE_BOTH' }), NOW).order;
    const taker = engine.placeOrder(accounts[1]!, limit('SELL', last, 1000, { selfTradePreventionMode: 'EXPIRE_BOTH' }), NOW).order;
    expect([maker.status, taker.status]).toEqual(['FILLED', 'FILLED']);
  });

  test('a prevented iceberg maker loses its part on show and shows the next one at the back', () => {
    const { engine, accounts, market, last } = setup();
    const iceberg = engine.placeOrder(accounts[0]!, limit('BUY', last, 5000, { icebergSteps: 2000 }), NOW).order;
    const other = engine.placeOrder(accounts[1]!, limit('BUY', last, 1000), NOW).order;
    engine.placeOrder(accounts[0]!, limit('SELL', last, 500, { selfTradePreventionMode: 'DECREMENT' }), NOW);
    expect([iceberg.preventedSteps, iceberg.shownSteps, market.bids.filter((o) => o.priceTicks === last)]).toEqual([500, 1500, [iceberg, other]]);
  });
});

describe('matching invariants with icebergs, pegs and STP (fast-check)', () => {
  const action = fc.record({
    account: fc.integer({ min: 0, max: 2 }),
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    kind: fc.constantFrom('LIMIT', 'IOC', 'MARKET', 'LIMIT_MAKER', 'PEG', 'CANCEL'),
    offset: fc.integer({ min: -2, max: 2 }),
    steps: fc.integer({ min: 1, max: 40 }).map((n) => n * 100),
    iceberg: fc.option(fc.integer({ min: 1, max: 10 }).map((n) => n * 100), { nil: undefined }),
    stp: fc.constantFrom('NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'),
  });

  function check(accounts: readonly SimAccount[], orders: readonly SimOrder[], engine: MatchingEngine): void {
    for (const o of orders) {
      // Quantities are conserved: what executed, what STP expired and what is left make the order.
      const open = openSteps(o);
      expect(open).toBeGreaterThanOrEqual(0);
      expect(o.executedSteps + o.preventedSteps + open).toBe(o.origSteps);
      if (o.status === 'FILLED' || o.status === 'EXPIRED_IN_MATCH') expect(open).toBe(0);
      if (isOpen(o)) expect(open).toBeGreaterThan(0);
      // An iceberg never shows more than its part.
      if (o.icebergSteps > 0 && isOpen(o)) expect(shownSteps(o)).toBeLessThanOrEqual(o.icebergSteps);
      // What an order holds is exactly what the rest of it needs.
      if (!isOpen(o)) expect(o.locked.toFixed()).toBe('0');
      else if (o.type !== 'MARKET') expect(o.locked.toFixed()).toBe((o.side === 'BUY' ? quoteOf(BTCUSDT, o.priceTicks, open) : stepsToDecimal(BTCUSDT, open)).toFixed());
    }
    for (const account of accounts) {
      for (const asset of ['USDT', 'BTC']) {
        const b = account.balances.get(asset)!;
        expect(b.free.gte(0) && b.locked.gte(0)).toBe(true);
        const held = orders.filter((o) => o.accountId === account.id && isOpen(o) && (asset === 'USDT' ? o.side === 'BUY' : o.side === 'SELL'))
          .reduce((sum, o) => sum.plus(o.locked), new Decimal(0));
        expect(b.locked.toFixed()).toBe(held.toFixed());
      }
    }
    const market = engine.market('BTCUSDT')!;
    for (const side of [market.bids, market.asks]) for (const o of side) expect(isOpen(o)).toBe(true);
  }

  test('quantities are conserved, icebergs show at most their part, holds match open orders, balances never go negative', () => {
    fc.assert(fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => {
      const { engine, accounts, last } = setup([{ USDT: '1000000', BTC: '50' }, { USDT: '1000000', BTC: '50' }, { USDT: '1000000', BTC: '50' }]);
      const orders: SimOrder[] = [];
      for (const a of actions) {
        const account = accounts[a.account]!;
        try {
          if (a.kind === 'CANCEL') {
            const target = orders.find((o) => o.accountId === account.id && isOpen(o));
            if (target !== undefined) engine.cancelOrder(account, 'BTCUSDT', { orderId: target.orderId }, `x${ids++}`, NOW);
            continue;
          }
          const priceTicks = last + a.offset;
          const common = { selfTradePreventionMode: a.stp, quantitySteps: a.steps };
          const iceberg = a.iceberg !== undefined && a.iceberg < a.steps ? { icebergSteps: a.iceberg } : {};
          const request = a.kind === 'MARKET' ? order({ side: a.side, type: 'MARKET', ...common })
            : a.kind === 'IOC' ? limit(a.side, priceTicks, a.steps, { ...common, timeInForce: 'IOC' })
            : a.kind === 'LIMIT_MAKER' ? order({ side: a.side, type: 'LIMIT_MAKER', priceTicks, ...common, ...iceberg })
            : a.kind === 'PEG' ? order({ side: a.side, type: 'LIMIT', timeInForce: 'GTC', ...common, ...iceberg, peg: { priceType: 'PRIMARY_PEG', sentPriceTicks: 0 } })
            : limit(a.side, priceTicks, a.steps, { ...common, ...iceberg });
          orders.push(engine.placeOrder(account, request, NOW).order);
        } catch (error) {
          if (!(error instanceof SimError)) throw error;
        }
        check(accounts, orders, engine);
      }
    }), { numRuns: 150 });
  });
});
