import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExchangeInfo } from '../../src/binance/exchange-info.js';
import { parseOrder } from '../../src/binance/parsers.js';
import { parseExecutionReport } from '../../src/binance/streams/stream-parsers.js';
import { orderParams, prepareOrder } from '../../src/binance/order-request.js';
import { InvalidOrderError } from '../../src/core/errors.js';
import { SELF_TRADE_PREVENTION_MODES, type OrderRequest } from '../../src/core/models.js';
import { STP_MODES } from '../../src/spec/binance/enums.js';
import {
  ICEBERG_ORDER_TYPES, MAX_PEG_OFFSET_VALUE, MIN_STRATEGY_TYPE, OrderOptionErrorCode, OrderOptionMessage, PEG_OFFSET_TYPES,
  PEG_PRICE_TYPES, PEGGABLE_ORDER_TYPES, pegConflict,
} from '../../src/spec/binance/order-options.js';
import { connectToListing } from './support/changing-listing.js';
import { EXCHANGE_INFO, wireOrder } from './support/local-exchange.js';
import { invalidOrderFrom, rejectionOf } from './support/rejection.js';

/**
 * Iceberg, pegged, self-trade prevention and strategy options of `placeOrder`: Binance's rules
 * read from its documents (`fixtures/order-options.md`), the shape checks of untyped requests, the
 * symbol's permissions from a fresh exchangeInfo, the parameters sent, and the Order fields read
 * back from REST answers and executionReports.
 */

const DOC = readFileSync(new URL('./fixtures/order-options.md', import.meta.url), 'utf8');

/** The first ```json block after `heading` in the fixture. */
function jsonAfter(heading: string): Record<string, unknown> {
  const at = DOC.indexOf(heading);
  if (at === -1) throw new Error(`fixture has no ${heading}`);
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(DOC.slice(at))![1]!) as Record<string, unknown>;
}

/** The `<code>"x": value</code>` example of an executionReport field in user-data-stream.md's table. */
function reportExample(key: string): unknown {
  const match = new RegExp(`<code>"${key}": ?(.+?)</code>`).exec(DOC);
  if (match === null) throw new Error(`no example of ${key}`);
  return JSON.parse(match[1]!) as unknown;
}

describe("the order-option rules match Binance's documents", () => {
  it('lists the peg types, the offset type, its maximum and the strategy type minimum as rest-api.md does', () => {
    expect(DOC).toContain(`pegPriceType | ENUM | NO | ${PEG_PRICE_TYPES.map((t) => `\`${t}\``).join(' or ')}.`);
    expect(DOC).toContain(`pegOffsetType | ENUM | NO | Only ${PEG_OFFSET_TYPES.map((t) => `\`${t}\``).join()} is supported.`);
    expect(DOC).toContain(`Price level to peg the price to (max: ${MAX_PEG_OFFSET_VALUE}).`);
    expect(DOC).toContain(`The value cannot be less than \`${MIN_STRATEGY_TYPE}\`.`);
  });

  it('takes an iceberg and a peg on the types rest-api.md names', () => {
    expect(DOC).toContain('* Any `LIMIT` or `LIMIT_MAKER` type order can be made an iceberg order by sending an `icebergQty`.');
    expect(DOC).toContain('Used with `LIMIT`, `STOP_LOSS_LIMIT`, and `TAKE_PROFIT_LIMIT` to create an iceberg order.');
    expect([...ICEBERG_ORDER_TYPES].sort()).toEqual(['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);
    const pegLine = /\* These parameters are allowed for (.+) orders\./.exec(DOC)![1]!;
    expect(pegLine.split(', ').map((t) => t.replaceAll('`', ''))).toEqual([...PEGGABLE_ORDER_TYPES]);
    expect(DOC).toContain('* Any order with an `icebergQty` MUST have `timeInForce` set to `GTC`.');
  });

  it('restricts the peg of LIMIT and LIMIT_MAKER as pegged_orders.md does', () => {
    expect(DOC).toContain('  * With `pegPriceType=PRIMARY_PEG` only `timeInForce=GTC` is allowed.');
    expect(DOC).toContain('  * Only `pegPriceType=PRIMARY_PEG` is allowed.');
    expect(pegConflict('LIMIT', 'PRIMARY_PEG', 'IOC')).toBe('TIME_IN_FORCE');
    expect(pegConflict('LIMIT', 'MARKET_PEG', 'IOC')).toBeUndefined();
    expect(pegConflict('LIMIT_MAKER', 'MARKET_PEG', undefined)).toBe('PEG_TYPE');
    expect(pegConflict('LIMIT_MAKER', 'PRIMARY_PEG', undefined)).toBeUndefined();
  });

  it("words the refusals as errors.md and stp_faq.md do", () => {
    for (const message of [
      OrderOptionMessage.icebergNotSupported, OrderOptionMessage.icebergExceedsQty, OrderOptionMessage.unsupportedCombination,
      OrderOptionMessage.peggedNotSupported, OrderOptionMessage.pegNotForType, OrderOptionMessage.pegNotWithType,
      OrderOptionMessage.pegLiquidityTooLow, OrderOptionMessage.stpModeNotAllowed, OrderOptionMessage.invalidPegPriceType,
      OrderOptionMessage.invalidPegOffsetType,
    ]) expect(DOC).toContain(message);
    expect(DOC).toContain(`### ${OrderOptionErrorCode.BAD_STRATEGY_TYPE} BAD_STRATEGY_TYPE`);
    expect(DOC).toContain(`### ${OrderOptionErrorCode.INVALID_PEG_PRICE_TYPE} INVALID_PEG_PRICE_TYPE`);
    expect(DOC).toContain(`### ${OrderOptionErrorCode.INVALID_PEG_OFFSET_TYPE} INVALID_PEG_OFFSET_TYPE`);
  });

  it("offers every STP mode of the spec, which is enums.md's list", () => {
    expect([...SELF_TRADE_PREVENTION_MODES].sort()).toEqual([...STP_MODES].sort());
  });
});

const BTC = EXCHANGE_INFO.symbols[0]!;
const INFO = parseExchangeInfo({ ...EXCHANGE_INFO, symbols: [{ ...BTC, filters: [...BTC.filters, { filterType: 'ICEBERG_PARTS', limit: 10 }] }] });
const SYMBOL = INFO.symbols.get('BTCUSDT')!;
const random = (): number => 0.5;
const limit = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '50000' } as const;

function sent(request: OrderRequest): Record<string, string> {
  const params = orderParams(prepareOrder(request, SYMBOL, { random }));
  return Object.fromEntries(params.filter((p): p is readonly [string, string] => p[1] !== undefined));
}

describe('order options sent to Binance', () => {
  it("sends each option under Binance's parameter name", () => {
    expect(sent({ ...limit, icebergQuantity: '0.002', selfTradePreventionMode: 'EXPIRE_BOTH', strategyId: 37_463_720, strategyType: 1_000_000 }))
      .toMatchObject({ icebergQty: '0.002', selfTradePreventionMode: 'EXPIRE_BOTH', strategyId: '37463720', strategyType: '1000000', timeInForce: 'GTC' });
    const pegged = sent({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.01', pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 3 });
    expect(pegged).toMatchObject({ pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: '3' });
    expect(pegged.price).toBeUndefined();
  });

  it('sends none of them when none is asked for', () => {
    expect(Object.keys(sent(limit)).filter((k) => /iceberg|peg|strategy|selfTrade/i.test(k))).toEqual([]);
  });
});

describe('untyped order options are refused naming the field', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['an iceberg on a MARKET order', { type: 'MARKET', price: undefined, icebergQuantity: '0.001' }, 'icebergQuantity', 'NOT_ALLOWED'],
    ['an iceberg with IOC', { timeInForce: 'IOC', icebergQuantity: '0.001' }, 'icebergQuantity', 'ICEBERG_TIME_IN_FORCE'],
    ['an iceberg as large as the order', { icebergQuantity: '0.01' }, 'icebergQuantity', 'ICEBERG_QUANTITY'],
    ['an iceberg given as a number', { icebergQuantity: 0.001 }, 'icebergQuantity', 'DECIMAL'],
    ['an unknown STP mode', { selfTradePreventionMode: 'EXPIRE_ALL' }, 'selfTradePreventionMode', 'ENUM'],
    ['a strategy type below 1000000', { strategyType: 999_999 }, 'strategyType', 'INTEGER'],
    ['a strategy id that is not an integer', { strategyId: 1.5 }, 'strategyId', 'INTEGER'],
    ['an unknown peg type', { pegPriceType: 'MID_PEG' }, 'pegPriceType', 'ENUM'],
    ['a peg offset without a peg', { pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 1 }, 'pegOffsetType', 'NOT_ALLOWED'],
    ['a peg offset type without its value', { pegPriceType: 'MARKET_PEG', pegOffsetType: 'PRICE_LEVEL' }, 'pegOffsetValue', 'REQUIRED'],
    ['a peg offset deeper than 100 levels', { pegPriceType: 'MARKET_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 101 }, 'pegOffsetValue', 'INTEGER'],
    ['a pegged STOP_LOSS', { type: 'STOP_LOSS', price: undefined, stopPrice: '40000', pegPriceType: 'PRIMARY_PEG' }, 'pegPriceType', 'NOT_ALLOWED'],
    ['a MARKET_PEG LIMIT_MAKER', { type: 'LIMIT_MAKER', pegPriceType: 'MARKET_PEG' }, 'pegPriceType', 'PEG_TYPE'],
    ['a PRIMARY_PEG LIMIT with FOK', { timeInForce: 'FOK', pegPriceType: 'PRIMARY_PEG' }, 'timeInForce', 'PEG_TIME_IN_FORCE'],
  ];
  for (const [name, fields, field, rule] of cases) {
    it(`refuses ${name}`, () => {
      const error = invalidOrderFrom(() => prepareOrder({ ...limit, ...fields } as unknown as OrderRequest, SYMBOL, { random }));
      expect([error.field, error.rule]).toEqual([field, rule]);
    });
  }

  it('takes a pegged LIMIT without a price, and still needs a price without a peg', () => {
    const { price: _price, ...noPrice } = limit;
    expect(prepareOrder({ ...noPrice, pegPriceType: 'MARKET_PEG' }, SYMBOL, { random }).price).toBeUndefined();
    expect(invalidOrderFrom(() => prepareOrder(noPrice as unknown as OrderRequest, SYMBOL, { random })).field).toBe('price');
  });

  it('refuses an iceberg of more parts than ICEBERG_PARTS allows', () => {
    const error = invalidOrderFrom(() => prepareOrder({ ...limit, icebergQuantity: '0.00099' }, SYMBOL, { random }));
    expect([error.field, error.rule]).toEqual(['icebergQuantity', 'ICEBERG_PARTS']);
    expect(prepareOrder({ ...limit, icebergQuantity: '0.001' }, SYMBOL, { random }).options.icebergQuantity?.toFixed()).toBe('0.001');
  });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the symbol's permissions, from a fresh exchangeInfo", () => {
  const permissions: [string, Record<string, unknown>, Record<string, unknown>, OrderRequest, string, string][] = [
    ['an iceberg', { icebergAllowed: false }, { icebergAllowed: true }, { ...limit, icebergQuantity: '0.002' }, 'icebergQuantity', 'ICEBERG'],
    ['a pegged order', { pegInstructionsAllowed: false }, { pegInstructionsAllowed: true }, { ...limit, pegPriceType: 'PRIMARY_PEG' }, 'pegPriceType', 'PEG'],
    [
      'an STP mode the symbol does not list', { allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER'], defaultSelfTradePreventionMode: 'NONE' },
      { allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER'] }, { ...limit, selfTradePreventionMode: 'EXPIRE_MAKER' },
      'selfTradePreventionMode', 'STP_MODE',
    ],
  ];
  for (const [name, refusing, allowing, request, field, rule] of permissions) {
    it(`refuses ${name} the symbol does not allow, and places it once a fresh read allows it`, async () => {
      const { rest, c, clock, listing } = await connectToListing([{ ...BTC, ...refusing }], cleanups);
      clock.advance(10_000);
      const refused = await rejectionOf<InvalidOrderError>(c.placeOrder(request));
      expect(refused).toBeInstanceOf(InvalidOrderError);
      expect([refused.field, refused.rule]).toEqual([field, rule]);
      // The refusal read exchangeInfo again (connect, then this one) before it stood.
      expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
      expect(rest.count('POST /api/v3/order')).toBe(0);
      listing.symbols = [{ ...BTC, ...refusing, ...allowing }];
      clock.advance(10_000);
      await c.placeOrder(request);
      expect(rest.count('GET /api/v3/exchangeInfo')).toBe(3);
      expect(rest.count('POST /api/v3/order')).toBe(1);
    });
  }
});

describe('the option fields of an Order', () => {
  it("reads the pegged order of pegged_orders.md's REST example", () => {
    const order = parseOrder(jsonAfter('# faqs/pegged_orders.md (sample REST API response)'));
    expect([order.pegPriceType, order.peggedPrice?.toFixed(), order.price.toFixed(), order.selfTradePreventionMode]).toEqual(['PRIMARY_PEG', '0.04', '0', 'NONE']);
    expect(order.icebergQuantity).toBeUndefined();
  });

  it("reads the prevented match of stp_faq.md's expired maker, its zero iceberg quantity as none", () => {
    const order = parseOrder(jsonAfter('# faqs/stp_faq.md (Scenario D, Maker Order)'));
    expect([order.status, order.preventedMatchId, order.preventedQuantity?.toFixed(), order.selfTradePreventionMode, order.icebergQuantity])
      .toEqual(['EXPIRED_IN_MATCH', 0, '1', 'NONE', undefined]);
  });

  it('reads the conditional fields of a REST answer as rest-api.md exemplifies them', () => {
    const order = parseOrder({
      ...wireOrder({ clientOrderId: 'a' }), icebergQty: '0.50000000', strategyId: 37_463_720, strategyType: 1_000_000,
      pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 5, peggedPrice: '87523.83710000',
    });
    expect([order.icebergQuantity?.toFixed(), order.strategyId, order.strategyType, order.pegOffsetType, order.pegOffsetValue, order.peggedPrice?.toFixed()])
      .toEqual(['0.5', 37_463_720, 1_000_000, 'PRICE_LEVEL', 5, '87523.8371']);
  });

  it("reads an executionReport's iceberg, STP, prevented-match, peg and strategy letters as user-data-stream.md documents them", () => {
    const base = {
      e: 'executionReport', E: 1, s: 'BTCUSDT', c: 'abc', S: 'SELL', o: 'LIMIT', f: 'GTC', q: '3.00000000', p: '1.00000000', P: '0.00000000',
      F: '1.00000000', g: -1, C: '', r: 'NONE', i: 5, l: '0.00000000', z: '0.00000000', L: '0.00000000', n: '0', N: null, T: 2, t: -1,
      I: 9, w: false, m: false, M: false, O: 1, Z: '0.00000000', Y: '0.00000000', Q: '0.00000000', W: 1,
    };
    const prevented = parseExecutionReport({
      ...base, x: 'TRADE_PREVENTION', X: 'EXPIRED_IN_MATCH', V: 'EXPIRE_BOTH', v: reportExample('v'), A: reportExample('A'), B: reportExample('B'),
      j: reportExample('j'), J: reportExample('J'),
    }).order;
    expect([prevented.icebergQuantity?.toFixed(), prevented.selfTradePreventionMode, prevented.preventedMatchId, prevented.preventedQuantity?.toFixed(), prevented.strategyId, prevented.strategyType])
      .toEqual(['1', 'EXPIRE_BOTH', 3, '3', 1, 1_000_000]);
    const pegged = parseExecutionReport({
      ...base, F: '0.00000000', x: 'NEW', X: 'NEW', V: 'NONE', gP: reportExample('gP'), gOT: reportExample('gOT'), gOV: reportExample('gOV'), gp: reportExample('gp'),
    }).order;
    expect([pegged.icebergQuantity, pegged.pegPriceType, pegged.pegOffsetType, pegged.pegOffsetValue, pegged.peggedPrice?.toFixed(), pegged.preventedMatchId])
      .toEqual([undefined, 'PRIMARY_PEG', 'PRICE_LEVEL', 5, '1', undefined]);
  });
});
