import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal.js';
import type { OrderRequest, OrderSide } from '../../src/core/models.js';
import type { SymbolInfo } from '../../src/binance/exchange-info.js';
import { parseSymbolFilters, roundToTick, type WireFilter } from '../../src/binance/filters.js';
import { orderParams, prepareOrder } from '../../src/binance/order-request.js';
import { ORDER_TYPE_PARAMETERS, STOP_ORDER_TYPES, triggersAbove, type StopOrderType } from '../../src/spec/binance/stop-orders.js';
import { invalidOrderFrom as rejection } from './support/rejection.js';

/**
 * Stop and take-profit orders before they are sent: the fields each type takes, the checks on the
 * symbol's own rules (tick size on the stop price, TRAILING_DELTA by side and type, allowTrailingStop),
 * and what goes on the wire. Binance's rules come from excerpts of its documents
 * (`fixtures/stop-orders.md`), so a wrong belief in the spec shows here.
 */

const DOC = readFileSync(new URL('./fixtures/stop-orders.md', import.meta.url), 'utf8');
const random = (): number => 0.5;
const d = (text: string): Decimal => new Decimal(text);

/** The doc's section from the line starting with `from` up to the next line starting with `to`. */
function section(from: string, to: string): string {
  const start = DOC.indexOf(from);
  if (start === -1) throw new Error(`fixture has no ${from}`);
  const end = DOC.indexOf(to, start + from.length);
  return DOC.slice(start, end === -1 ? undefined : end);
}

/** A ```javascript block of Binance's docs as JSON: its `// comments` dropped. */
function jsonBlock(text: string): Record<string, unknown> {
  const code = /```javascript\n([\s\S]*?)```/.exec(text)![1]!;
  return JSON.parse(code.replace(/\s*\/\/[^"\n]*$/gm, '')) as Record<string, unknown>;
}

/** `TYPE SIDE` pairs as filters.md writes them (once as `STOP_LOSS_LIMIT_BUY`). */
function pairs(text: string): { type: StopOrderType; side: OrderSide }[] {
  return [...text.matchAll(/`(STOP_LOSS_LIMIT|STOP_LOSS|TAKE_PROFIT_LIMIT|TAKE_PROFIT)[ _](BUY|SELL)`/g)]
    .map((m) => ({ type: m[1] as StopOrderType, side: m[2] as OrderSide }));
}

/** The TRAILING_DELTA text's two groups: which orders answer to the Above bounds and which to the Below ones. */
function trailingGroups(): { bound: 'Above' | 'Below'; orders: { type: StopOrderType; side: OrderSide }[] }[] {
  const text = section('### TRAILING_DELTA', '**/exchangeInfo format:**');
  return [...text.matchAll(/^For (.+) orders:\n\n\* `trailingDelta` >= `minTrailing(Above|Below)Delta`\n\* `trailingDelta` <= `maxTrailing\2Delta`$/gm)]
    .map((m) => ({ bound: m[2] as 'Above' | 'Below', orders: pairs(m[1]!) }));
}

const TRAILING = { minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 50, maxTrailingBelowDelta: 500 };

function symbolWith(filters: WireFilter[], overrides: Partial<SymbolInfo> = {}): SymbolInfo {
  return {
    symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', baseAssetPrecision: 8, quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, ocoAllowed: true, otoAllowed: true, opoAllowed: true,
    icebergAllowed: true, pegInstructionsAllowed: true, allowedSelfTradePreventionModes: undefined, defaultSelfTradePreventionMode: undefined,
    filters: parseSymbolFilters(filters),
    ...overrides,
  };
}

const BTCUSDT = symbolWith([
  { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
  { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
  { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
  { filterType: 'TRAILING_DELTA', ...TRAILING },
]);

const sent = (request: OrderRequest, symbol: SymbolInfo = BTCUSDT): Record<string, string | number | boolean | undefined> =>
  Object.fromEntries(orderParams(prepareOrder(request, symbol, { random })).filter(([, value]) => value !== undefined));

describe('the stop-order spec against Binance\'s documents', () => {
  it('takes price, timeInForce and a trigger for exactly the types the "New order" table lists them for', () => {
    const table = section('<a id="order-type">', 'Trigger order price rules');
    const rows = [...table.matchAll(/^`([A-Z_]+)` \| ([^|\n]+)/gm)];
    expect(rows.map((m) => m[1]).sort()).toEqual(Object.keys(ORDER_TYPE_PARAMETERS).sort());
    for (const [, type, mandatory] of rows) {
      expect(ORDER_TYPE_PARAMETERS[type as keyof typeof ORDER_TYPE_PARAMETERS], type).toEqual({
        price: mandatory!.includes('`price`'),
        timeInForce: mandatory!.includes('`timeInForce`'),
        trigger: mandatory!.includes('`stopPrice` or `trailingDelta`'),
      });
    }
  });

  it('puts the trigger above or below the market as the trigger price rules and TRAILING_DELTA say', () => {
    const groups = trailingGroups();
    expect(groups.map((g) => [g.bound, g.orders.length])).toEqual([['Above', 4], ['Below', 4]]);
    for (const { bound, orders } of groups) {
      for (const { type, side } of orders) expect(triggersAbove(type, side), `${type} ${side}`).toBe(bound === 'Above');
    }
    const rules = section('Trigger order price rules', '**Response');
    const above = /^\* Price above market price: (.+)$/m.exec(rules)![1]!;
    const below = /^\* Price below market price: (.+)$/m.exec(rules)![1]!;
    const named = (line: string): [string, string][] => [...line.matchAll(/`([A-Z_]+)` `(BUY|SELL)`/g)].map((m) => [m[1]!, m[2]!]);
    expect(named(above)).toEqual([['STOP_LOSS', 'BUY'], ['TAKE_PROFIT', 'SELL']]);
    expect(named(below)).toEqual([['STOP_LOSS', 'SELL'], ['TAKE_PROFIT', 'BUY']]);
    for (const [type, side] of named(above)) expect(triggersAbove(type as StopOrderType, side as OrderSide)).toBe(true);
    for (const [type, side] of named(below)) expect(triggersAbove(type as StopOrderType, side as OrderSide)).toBe(false);
  });

  it('parses the TRAILING_DELTA filter as filters.md shows it', () => {
    const wire = jsonBlock(section('### TRAILING_DELTA', '# rest-api.md')) as unknown as WireFilter;
    expect(parseSymbolFilters([wire]).trailingDelta).toEqual({
      minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000,
    });
  });
});

describe('TRAILING_DELTA bounds, for every order filters.md names', () => {
  const cases = trailingGroups().flatMap(({ bound, orders }) => orders.map((o) => ({ ...o, bound })));

  it.each(cases)('$type $side answers to the $bound bounds', ({ type, side, bound }) => {
    const min = TRAILING[`minTrailing${bound}Delta`];
    const max = TRAILING[`maxTrailing${bound}Delta`];
    const place = (trailingDelta: number): OrderRequest => (type === 'STOP_LOSS' || type === 'TAKE_PROFIT'
      ? { symbol: 'BTCUSDT', side, type, quantity: '0.001', trailingDelta }
      : { symbol: 'BTCUSDT', side, type, quantity: '0.001', price: '30000', trailingDelta });
    expect(sent(place(min)).trailingDelta).toBe(String(min));
    expect(sent(place(max)).trailingDelta).toBe(String(max));
    const low = rejection(() => prepareOrder(place(min - 1), BTCUSDT, { random }));
    expect([low.field, low.rule, low.message]).toEqual([
      'trailingDelta', 'TRAILING_DELTA', `trailingDelta: trailingDelta ${min - 1} is below minTrailing${bound}Delta ${min} for a ${type} ${side} order (TRAILING_DELTA)`,
    ]);
    const high = rejection(() => prepareOrder(place(max + 1), BTCUSDT, { random }));
    expect([high.field, high.rule, high.message]).toEqual([
      'trailingDelta', 'TRAILING_DELTA', `trailingDelta: trailingDelta ${max + 1} is above maxTrailing${bound}Delta ${max} for a ${type} ${side} order (TRAILING_DELTA)`,
    ]);
  });

  it('covers every stop type on both sides', () => {
    expect(cases.map((c) => `${c.type} ${c.side}`).sort()).toEqual(STOP_ORDER_TYPES.flatMap((t) => [`${t} BUY`, `${t} SELL`]).sort());
  });
});

describe('placing each order type', () => {
  it.each([
    [{ symbol: 'btcusdt', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'c1' },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: 'c1', newOrderRespType: 'FULL' }],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteQuantity: '10', clientOrderId: 'c1' },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '10', newClientOrderId: 'c1', newOrderRespType: 'FULL' }],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '0.001', price: '30000', clientOrderId: 'c1' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '30000', newClientOrderId: 'c1', newOrderRespType: 'FULL' }],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.001', price: '30000', clientOrderId: 'c1' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.001', price: '30000', newClientOrderId: 'c1', newOrderRespType: 'FULL' }],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', clientOrderId: 'c1' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', newClientOrderId: 'c1', newOrderRespType: 'FULL' }],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: '28900', stopPrice: '29000', clientOrderId: 'c1' },
      {
        symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '28900', stopPrice: '29000',
        newClientOrderId: 'c1', newOrderRespType: 'FULL',
      }],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001', trailingDelta: 200, clientOrderId: 'c1' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001', trailingDelta: '200', newClientOrderId: 'c1', newOrderRespType: 'FULL' }],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', quantity: '0.001', price: '25000', stopPrice: '25100', trailingDelta: 100, timeInForce: 'IOC', clientOrderId: 'c1' },
      {
        symbol: 'BTCUSDT', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'IOC', quantity: '0.001', price: '25000', stopPrice: '25100',
        trailingDelta: '100', newClientOrderId: 'c1', newOrderRespType: 'FULL',
      }],
  ] as [OrderRequest, Record<string, string>][])('%o is sent as %o', (request, params) => {
    expect(sent(request)).toEqual(params);
  });

  it('sends the parameters in Binance\'s table order, the stop fields after the price', () => {
    const request: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: '28900', stopPrice: '29000', trailingDelta: 150, clientOrderId: 'c1' };
    expect(orderParams(prepareOrder(request, BTCUSDT, { random })).map(([name]) => name)).toEqual([
      'symbol', 'side', 'type', 'timeInForce', 'quantity', 'quoteOrderQty', 'price', 'stopPrice', 'trailingDelta', 'newClientOrderId', 'newOrderRespType',
    ]);
  });

  it('checks only the shape without exchangeInfo, and still sends the trigger', () => {
    const prepared = prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.0012345', stopPrice: '29000.005' }, undefined, { random });
    expect([prepared.stopPrice?.toFixed(), prepared.quantity?.toFixed()]).toEqual(['29000.005', '0.0012345']);
  });
});

describe('stop orders from untyped JavaScript are refused naming the field, before any request', () => {
  it.each([
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '1', stopPrice: '29000' }, 'price', 'REQUIRED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: '1', trailingDelta: 100 }, 'price', 'REQUIRED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1' }, 'stopPrice', 'REQUIRED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: '1', price: '30000' }, 'stopPrice', 'REQUIRED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', stopPrice: '29000' }, 'quantity', 'REQUIRED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', trailingDelta: 0 }, 'trailingDelta', 'POSITIVE_INTEGER'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', trailingDelta: -100 }, 'trailingDelta', 'POSITIVE_INTEGER'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', trailingDelta: 12.5 }, 'trailingDelta', 'POSITIVE_INTEGER'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', trailingDelta: '100' }, 'trailingDelta', 'POSITIVE_INTEGER'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', trailingDelta: Number.NaN }, 'trailingDelta', 'POSITIVE_INTEGER'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', stopPrice: '29000', trailingDelta: null }, 'trailingDelta', 'POSITIVE_INTEGER'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', stopPrice: '-1' }, 'stopPrice', 'POSITIVE'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', stopPrice: 29000 }, 'stopPrice', 'DECIMAL'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', stopPrice: '29000', price: '28000' }, 'price', 'NOT_ALLOWED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '1', trailingDelta: 100, price: '28000' }, 'price', 'NOT_ALLOWED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '1', price: '30000', stopPrice: '29000' }, 'stopPrice', 'NOT_ALLOWED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '1', price: '30000', trailingDelta: 100 }, 'trailingDelta', 'NOT_ALLOWED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '1', price: '30000' }, 'price', 'NOT_ALLOWED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '1', price: '30000', quoteQuantity: '10' }, 'quoteQuantity', 'NOT_ALLOWED'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '1', price: '30000', stopPrice: '29000', timeInForce: 'GTD' }, 'timeInForce', 'ENUM'],
    [{ symbol: 'BTCUSDT', side: 'SELL', type: 'OCO', quantity: '1', price: '30000' }, 'type', 'ENUM'],
  ])('%o: %s (%s)', (request, field, rule) => {
    const error = rejection(() => prepareOrder(request as never, BTCUSDT, { random }));
    expect([error.field, error.rule]).toEqual([field, rule]);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });
});

describe('the symbol\'s own rules on a stop order', () => {
  it.each([
    ['29000.005', 'stopPrice: stopPrice 29000.005 is not a multiple of the tick size 0.01 (PRICE_FILTER)'],
    ['0.001', 'stopPrice: stopPrice 0.001 is below the minimum price 0.01 (PRICE_FILTER)'],
    ['2000000', 'stopPrice: stopPrice 2000000 is above the maximum price 1000000 (PRICE_FILTER)'],
    ['29000.000000001', 'stopPrice: stopPrice 29000.000000001 has more than 8 decimals'],
  ])('refuses stop price %s as PRICE_FILTER refuses a price', (stopPrice, message) => {
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice }, BTCUSDT, { random }));
    expect([error.field, error.message]).toEqual(['stopPrice', message]);
  });

  it('refuses a stop quantity off the LOT_SIZE step, and rounds price, stop price and quantity when asked', () => {
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.0012345', stopPrice: '31000' }, BTCUSDT, { random }));
    expect([error.field, error.rule]).toEqual(['quantity', 'LOT_SIZE']);
    expect(sent({
      symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.0012345', price: '28900.004', stopPrice: '29000.005', roundToFilters: true, clientOrderId: 'c1',
    })).toMatchObject({ quantity: '0.00123', price: '28900', stopPrice: '29000.01' });
  });

  it('refuses trailingDelta where allowTrailingStop is false, but not a stop price alone', () => {
    const noTrailing = { ...BTCUSDT, allowTrailingStop: false };
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', trailingDelta: 100 }, noTrailing, { random }));
    expect([error.field, error.rule, error.message]).toEqual(['trailingDelta', 'TRAILING_STOP', 'trailingDelta: trailing stops are not allowed on BTCUSDT (allowTrailingStop is false)']);
    expect(sent({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000' }, noTrailing).stopPrice).toBe('29000');
  });

  it('refuses a stop type the symbol\'s orderTypes do not list', () => {
    const noStops = { ...BTCUSDT, orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'] };
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000' }, noStops, { random }));
    expect([error.field, error.rule]).toEqual(['type', 'ORDER_TYPE']);
  });

  it('never values a stop or take-profit order at the last price: its notional is left to the exchange', () => {
    // 0.0001 BTC at a last price of 10 is 0.001 USDT, far under the minimum notional 5: a MARKET order is refused...
    const market = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.0001' }, BTCUSDT, { random, referencePrice: d('10') }));
    expect(market.rule).toBe('NOTIONAL');
    // ...a stop-loss for the same amount, which executes only when triggered, is not.
    for (const type of ['STOP_LOSS', 'TAKE_PROFIT'] as const) {
      const prepared = prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type, quantity: '0.0001', stopPrice: '29000' }, BTCUSDT, { random, referencePrice: d('10') });
      expect(prepared.type).toBe(type);
    }
  });

  it('checks a stop-limit order\'s notional on its own limit price, as for a LIMIT order', () => {
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.0001', price: '40', stopPrice: '29000' }, BTCUSDT, { random, referencePrice: d('1000000') }));
    expect([error.field, error.rule, error.message]).toEqual(['notional', 'NOTIONAL', 'notional: notional 0.004 (price × quantity) is below the minimum notional 5 (NOTIONAL)']);
  });
});

describe('roundToFilters on the stop price', () => {
  /** A tick of 1 to 99 units at 10^-8 to 10^2, and a price of up to 12 decimals. */
  const tick = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: -8, max: 2 })).map(([units, exp]) => d(String(units)).times(d('10').pow(exp)));
  const price = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 17n }), fc.integer({ min: 0, max: 12 }))
    .map(([units, places]) => d(units.toString()).div(d('10').pow(places)));

  it('rounds the stop price to the nearest tick, halves up, exactly as the limit price', () => {
    fc.assert(fc.property(tick, price, (tickSize, value) => {
      fc.pre(value.gte(tickSize));
      const symbol = symbolWith([{ filterType: 'PRICE_FILTER', minPrice: '0', maxPrice: '0', tickSize: tickSize.toFixed() }]);
      const prepared = prepareOrder({
        symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '1', price: value.toFixed(), stopPrice: value.toFixed(), roundToFilters: true,
      }, symbol, { random });
      const stop = prepared.stopPrice!;
      expect(stop.mod(tickSize).eq(0)).toBe(true);
      expect(stop.minus(value).abs().lte(tickSize.div(2))).toBe(true);
      // Halves go up: exactly half a tick below a multiple rounds to it.
      if (value.minus(stop).abs().eq(tickSize.div(2))) expect(stop.gt(value)).toBe(true);
      expect(stop.eq(roundToTick(value, tickSize))).toBe(true);
      expect(stop.eq(prepared.price!)).toBe(true);
      expect(Object.fromEntries(orderParams(prepared)).stopPrice).toBe(stop.toFixed());
    }), { numRuns: 300 });
  });
});
