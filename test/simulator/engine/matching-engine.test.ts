import { describe, expect, test } from 'vitest';
import { Decimal } from '../../../src/core/decimal.js';
import { createAccount } from '../../../src/simulator/engine/accounts.js';
import { balance, rejection } from './engine-support.js';
import type { OrderEvent } from '../../../src/simulator/engine/engine-events.js';
import { MatchingEngine } from '../../../src/simulator/engine/matching-engine.js';
import type { NewOrder } from '../../../src/simulator/engine/order-types.js';
import { DEFAULT_SYMBOLS } from '../../../src/simulator/market/symbols.js';

const BTCUSDT = DEFAULT_SYMBOLS[0]!;
const NOW = Date.UTC(2026, 2, 10, 9, 0, 0, 250);
const ASSETS = ['USDT', 'BTC', 'ETH', 'BNB'];

function setup(balances: Record<string, string>[] = [{ USDT: '100000', BTC: '5' }, { USDT: '100000', BTC: '5' }]) {
  const accounts = balances.map((b, i) => createAccount({ apiKey: `k${i}`, apiSecret: 's', balances: b }, i, 1, ASSETS, NOW));
  const engine = new MatchingEngine(DEFAULT_SYMBOLS, 1, accounts, NOW);
  const market = engine.market('BTCUSDT')!;
  const last = market.source.lastPrice(NOW);
  return { engine, accounts, market, last };
}

function order(fields: Partial<NewOrder> & Pick<NewOrder, 'side' | 'type'>): NewOrder {
  return { spec: BTCUSDT, clientOrderId: `c${Math.random().toString(36).slice(2, 10)}`, selfTradePreventionMode: 'NONE', ...fields };
}

describe('matching', () => {
  test('a MARKET buy takes the best asks and pays the taker commission in the base asset', () => {
    const { engine, accounts, market, last } = setup();
    const asks = market.bookSide('asks', NOW);
    expect(asks[0]!.priceTicks).toBe(last + 1);
    const steps = asks[0]!.steps + 10;
    const { order: o, fills } = engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'MARKET', quantitySteps: steps }), NOW);
    expect(o.status).toBe('FILLED');
    expect(fills.map((f) => f.price.times(100).toNumber())).toEqual([last + 1, last + 2]);
    const qty = new Decimal(steps).div(100_000);
    const cost = fills.reduce((sum, f) => sum.plus(f.price.times(f.qty)), new Decimal(0));
    expect(o.cummulativeQuote.eq(cost)).toBe(true);
    expect(balance(accounts[0]!, 'USDT')).toEqual({ free: new Decimal(100000).minus(cost).toFixed(), locked: '0' });
    const commission = fills.reduce((sum, f) => sum.plus(f.commission), new Decimal(0));
    expect(commission.toFixed()).toBe(fills.map((f) => f.qty.times('0.001').round(8, 3)).reduce((a, b) => a.plus(b)).toFixed());
    expect(balance(accounts[0]!, 'BTC').free).toBe(new Decimal(5).plus(qty).minus(commission).toFixed());
  });

  test('user orders at one price fill oldest first, and before synthetic liquidity', () => {
    const { engine, accounts, last } = setup([{ BTC: '5' }, { BTC: '5' }, { USDT: '1000000' }]);
    const price = last + 1;
    const first = engine.placeOrder(accounts[0]!, order({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', priceTicks: price, quantitySteps: 1000 }), NOW).order;
    const second = engine.placeOrder(accounts[1]!, order({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', priceTicks: price, quantitySteps: 1000 }), NOW).order;
    expect([first.status, second.status]).toEqual(['NEW', 'NEW']);
    const taker = engine.placeOrder(accounts[2]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', priceTicks: price, quantitySteps: 1500 }), NOW);
    expect(taker.fills.map((f) => f.qty.toFixed())).toEqual(['0.01', '0.005']);
    expect([first.status, second.status, first.executedSteps, second.executedSteps]).toEqual(['FILLED', 'PARTIALLY_FILLED', 1000, 500]);
    // The makers paid the maker commission in the quote they received; their base came from the lock.
    expect(balance(accounts[0]!, 'BTC')).toEqual({ free: '4.99', locked: '0' });
    expect(balance(accounts[1]!, 'BTC')).toEqual({ free: '4.99', locked: '0.005' });
    const proceeds = new Decimal(price).div(100).times('0.01');
    expect(balance(accounts[0]!, 'USDT').free).toBe(proceeds.minus(proceeds.times('0.001').round(8, 3)).toFixed());
  });

  test('a resting BUY locks price × quantity and a cancel gives it back exactly', () => {
    const { engine, accounts, last } = setup();
    const priceTicks = last - 500;
    const placed = engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', priceTicks, quantitySteps: 12_345 }), NOW).order;
    const reserved = new Decimal(priceTicks).div(100).times('0.12345');
    expect(balance(accounts[0]!, 'USDT')).toEqual({ free: new Decimal(100000).minus(reserved).toFixed(), locked: reserved.toFixed() });
    engine.cancelOrder(accounts[0]!, 'BTCUSDT', { orderId: placed.orderId }, 'cancel1', NOW);
    expect(placed.status).toBe('CANCELED');
    expect(balance(accounts[0]!, 'USDT')).toEqual({ free: '100000', locked: '0' });
    expect(rejection(() => engine.cancelOrder(accounts[0]!, 'BTCUSDT', { orderId: placed.orderId }, 'again', NOW)))
      .toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });

  test('a crossing LIMIT buy pays the better price and releases the rest of its lock', () => {
    const { engine, accounts, last } = setup();
    const { order: o, fills } = engine.placeOrder(accounts[0]!,
      order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', priceTicks: last + 300, quantitySteps: 100 }), NOW);
    expect(o.status).toBe('FILLED');
    expect(fills).toHaveLength(1);
    expect(fills[0]!.price.toFixed()).toBe(new Decimal(last + 1).div(100).toFixed());
    expect(balance(accounts[0]!, 'USDT')).toEqual({ free: new Decimal(100000).minus(fills[0]!.price.times('0.001')).toFixed(), locked: '0' });
  });

  test('FOK that cannot fill completely expires with no fill and no balance change', () => {
    const { engine, accounts, market, last } = setup([{ USDT: '100000000' }]);
    const available = market.bookSide('asks', NOW).slice(0, 3).reduce((sum, l) => sum + l.steps, 0);
    const events: OrderEvent[] = [];
    engine.events.on('order', (e) => events.push(e));
    const { order: o, fills } = engine.placeOrder(accounts[0]!,
      order({ side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', priceTicks: last + 3, quantitySteps: available + 1 }), NOW);
    expect([o.status, o.expiryReason, fills.length]).toEqual(['EXPIRED', 'UNFILLED_FOK_ORDER_EXPIRED', 0]);
    expect(events.map((e) => e.execution.executionType)).toEqual(['NEW', 'EXPIRED']);
    expect(balance(accounts[0]!, 'USDT')).toEqual({ free: '100000000', locked: '0' });
  });

  test('IOC fills what the limit allows and expires the rest', () => {
    const { engine, accounts, market, last } = setup();
    const level = market.bookSide('asks', NOW)[0]!;
    const { order: o } = engine.placeOrder(accounts[0]!,
      order({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', priceTicks: last + 1, quantitySteps: level.steps + 7 }), NOW);
    expect([o.status, o.executedSteps, o.expiryReason]).toEqual(['EXPIRED', level.steps, 'UNFILLED_IOC_QUANTITY_EXPIRED']);
    expect(balance(accounts[0]!, 'USDT').locked).toBe('0');
    // The synthetic level it emptied is gone from the book until the market moves on.
    expect(market.bookSide('asks', NOW)[0]!.priceTicks).toBe(last + 2);
  });

  test('LIMIT_MAKER is rejected when it would take, and rests otherwise', () => {
    const { engine, accounts, last } = setup();
    expect(rejection(() => engine.placeOrder(accounts[0]!, order({ side: 'SELL', type: 'LIMIT_MAKER', priceTicks: last, quantitySteps: 10 }), NOW)))
      .toEqual({ code: -2010, msg: 'Order would immediately match and take.' });
    expect(balance(accounts[0]!, 'BTC')).toEqual({ free: '5', locked: '0' });
    const rested = engine.placeOrder(accounts[0]!, order({ side: 'SELL', type: 'LIMIT_MAKER', priceTicks: last + 1, quantitySteps: 10 }), NOW).order;
    expect(rested.status).toBe('NEW');
    expect(balance(accounts[0]!, 'BTC')).toEqual({ free: '4.9999', locked: '0.0001' });
  });

  test('a quote-quantity MARKET buy spends at most the quote amount, on the step grid', () => {
    const { engine, accounts } = setup();
    const { order: o, fills } = engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'MARKET', quoteOrderQty: new Decimal('250') }), NOW);
    expect(o.status).toBe('FILLED');
    expect(o.origQuoteOrderQty.toFixed()).toBe('250');
    expect(o.cummulativeQuote.lte(250)).toBe(true);
    // Less than one more step would have fit.
    expect(o.cummulativeQuote.plus(fills[fills.length - 1]!.price.times('0.00001')).gt(250)).toBe(true);
    expect(o.origSteps).toBe(o.executedSteps);
    expect(balance(accounts[0]!, 'USDT').free).toBe(new Decimal(100000).minus(o.cummulativeQuote).toFixed());
  });

  test('rejects orders the balance cannot cover, and client ids already used by open orders', () => {
    const { engine, accounts, last } = setup([{ USDT: '10', BTC: '0.5' }]);
    expect(rejection(() => engine.placeOrder(accounts[0]!, order({ side: 'SELL', type: 'MARKET', quantitySteps: 50_001 }), NOW)))
      .toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    expect(rejection(() => engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'MARKET', quantitySteps: 1000 }), NOW)))
      .toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    engine.placeOrder(accounts[0]!, order({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', priceTicks: last + 900, quantitySteps: 10, clientOrderId: 'mine' }), NOW);
    expect(rejection(() => engine.placeOrder(accounts[0]!,
      order({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', priceTicks: last + 900, quantitySteps: 10, clientOrderId: 'mine' }), NOW)))
      .toEqual({ code: -2010, msg: 'Duplicate order sent.' });
  });
});

describe('market movement', () => {
  test('a resting BUY fills at its own price as maker once the market trades through it', () => {
    const { engine, accounts, market, last } = setup();
    const placed = engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', priceTicks: last, quantitySteps: 5000 }), NOW).order;
    const events: OrderEvent[] = [];
    engine.events.on('order', (e) => events.push(e));
    let t = NOW;
    for (let i = 0; i < 3600 && placed.status !== 'FILLED'; i++) {
      t += 1000;
      engine.advance(t);
    }
    expect(placed.status).toBe('FILLED');
    expect(events.every((e) => e.execution.executionType === 'TRADE' && e.execution.isMaker)).toBe(true);
    expect(events.every((e) => e.execution.lastPrice.times(100).toNumber() === last)).toBe(true);
    expect(events.at(-1)!.execution.commissionAsset).toBe('BTC');
    expect(engine.records.accountTrades(accounts[0]!, 'BTCUSDT').every((trade) => trade.isMaker && trade.isBuyer)).toBe(true);
    expect(balance(accounts[0]!, 'BTC').free).toBe('5.04995');
    expect(market.bids).toHaveLength(0);
  });

  test('the book update id grows by one with every published change', () => {
    const { engine, accounts, market, last } = setup();
    const ids: number[] = [];
    engine.events.on('depth', (e) => {
      if (e.symbol !== 'BTCUSDT') return;
      expect(e.firstUpdateId).toBe(e.lastUpdateId);
      ids.push(e.lastUpdateId);
    });
    const before = market.updateId;
    engine.placeOrder(accounts[0]!, order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', priceTicks: last - 5000, quantitySteps: 10 }), NOW);
    engine.advance(NOW + 1000);
    engine.advance(NOW + 2000);
    expect(ids).toEqual([before + 1, before + 2, before + 3]);
    expect(market.updateId).toBe(before + 3);
  });
});

describe('best book level', () => {
  test('is the first level of the aggregated side, with user orders above, on and behind synthetic levels', () => {
    const { engine, accounts, market, last } = setup([{ USDT: '1000000', BTC: '50' }, { USDT: '1000000', BTC: '50' }]);
    const best = () => [market.bestLevel('bids', NOW), market.bestLevel('asks', NOW)];
    const sides = () => [market.bookSide('bids', NOW)[0], market.bookSide('asks', NOW)[0]];
    expect(best()).toEqual(sides());
    const rest = (account: number, side: 'BUY' | 'SELL', priceTicks: number, quantitySteps: number) => {
      engine.placeOrder(accounts[account]!, order({ side, type: 'LIMIT', timeInForce: 'GTC', priceTicks, quantitySteps }), NOW);
      expect(best()).toEqual(sides());
    };
    rest(0, 'BUY', last - 5, 700);
    rest(1, 'BUY', last, 300);
    rest(0, 'BUY', last, 200);
    rest(0, 'SELL', last + 3, 900);
    rest(1, 'SELL', last + 1, 100);
    rest(0, 'BUY', last + 1, 200_000);
    rest(1, 'SELL', last + 2, 400);
  });
});
